"""The shapes the API answers with: the OpenAPI schema reusers read, in French and English.

Every description says it in French, then in English in parentheses. Unknown values are
`null`, never 0; dates and times are ISO 8601; a collectivité is named by its stable id
(`Territory.key`, e.g. "departement:32"), a profile by `network:handle`, a month by "YYYY-MM".
Enums take their values from the models' choices, and the KPI fields from the KPI catalogue
(`rankings/kpis.py`): a KPI declared there appears here, with its label and definition.
"""

from .awards import AwardCategoryOut, EditionOut, EditionSummary, Nominee
from .census import (
    ANY_NETWORK,
    EVERY_STRATUM,
    CensusFigure,
    CensusMonthOut,
    CensusMoveOut,
    CensusMovePage,
    CensusNetwork,
    CensusOut,
    MoveKind,
    StratumName,
)
from .common import (
    TERRITORY_ID_PATTERN,
    CategoryName,
    Error,
    NetworkName,
    PageMeta,
    ProfileRef,
    ProfileStatus,
    Reason,
    TerritoryKind,
    TerritoryRef,
    UnavailableReason,
    ValidationError,
    choices_enum,
)
from .rankings import (
    EntryOut,
    ExplanationOut,
    GroupOut,
    HistoryMonth,
    HistoryNetwork,
    HistoryOut,
    KpiExplanation,
    KpiOut,
    KpiResult,
    KpiResults,
    MethodologyKpi,
    MethodologyOut,
    PublicationList,
    PublicationOut,
    RankingOut,
)
from .territories import ProfileOut, TerritoryOut, TerritoryPage, TerritoryProfiles

__all__ = [
    "ANY_NETWORK",
    "EVERY_STRATUM",
    "TERRITORY_ID_PATTERN",
    "AwardCategoryOut",
    "CategoryName",
    "CensusFigure",
    "CensusMonthOut",
    "CensusMoveOut",
    "CensusMovePage",
    "CensusNetwork",
    "CensusOut",
    "EditionOut",
    "EditionSummary",
    "EntryOut",
    "Error",
    "ExplanationOut",
    "GroupOut",
    "HistoryMonth",
    "HistoryNetwork",
    "HistoryOut",
    "KpiExplanation",
    "KpiOut",
    "KpiResult",
    "KpiResults",
    "MethodologyKpi",
    "MethodologyOut",
    "MoveKind",
    "NetworkName",
    "Nominee",
    "PageMeta",
    "ProfileOut",
    "ProfileRef",
    "ProfileStatus",
    "PublicationList",
    "PublicationOut",
    "RankingOut",
    "Reason",
    "StratumName",
    "TerritoryKind",
    "TerritoryOut",
    "TerritoryPage",
    "TerritoryProfiles",
    "TerritoryRef",
    "UnavailableReason",
    "ValidationError",
    "choices_enum",
]
