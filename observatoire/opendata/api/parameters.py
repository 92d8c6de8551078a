"""The parameters and error answers the API's operations share, described once."""

from ninja import Path, Query

from .schemas import TERRITORY_ID_PATTERN, Error, ValidationError

TEXT_PATTERN = r"^[^\x00-\x1f\x7f]*$"  # no control character
MONTH_OR_LATEST = r"^(latest|[0-9]{4}-(0[1-9]|1[0-2]))$"
MAX_PAGE_SIZE = 200

PAGE = Query(1, ge=1, le=100_000, description="Page, à partir de 1 (page, from 1)")
PAGE_SIZE = Query(
    50,
    ge=1,
    le=MAX_PAGE_SIZE,
    description=f"Résultats par page, {MAX_PAGE_SIZE} au plus (results per page, at most 200)",
)
TERRITORY_ID = Path(
    ...,
    pattern=TERRITORY_ID_PATTERN,
    description=(
        "Identifiant stable « nature:code » de la collectivité (the collectivité's stable id, "
        "“kind:code”)"
    ),
    example="departement:32",
)
METHODOLOGY = Query(
    None,
    pattern=r"^[-a-zA-Z0-9_]{1,40}$",
    description=(
        "Version de méthodologie ; par défaut, celle du site (methodology version; default: "
        "the site's)"
    ),
    example="v1",
)
MONTH = Path(
    ...,
    pattern=MONTH_OR_LATEST,
    description="Mois AAAA-MM, ou « latest » (month YYYY-MM, or “latest”)",
    example="2025-12",
)

NOT_FOUND = {404: Error}
ERRORS = {422: ValidationError, 429: Error}
NETWORK = Path(..., description="Réseau social (social network)", example="instagram")
CATEGORY = Path(
    ..., description="Catégorie de classement (ranking category)", example="departement"
)
SEARCH = Query(
    None,
    max_length=100,
    pattern=TEXT_PATTERN,
    description="Nom, code officiel, SIREN ou code postal (name, code, SIREN or postcode)",
    example="Auch",
)
CATEGORY_FILTER = Query(None, description="Catégorie (category)", example="departement")
KIND_FILTER = Query(None, description="Nature (kind)", example="commune")
NETWORK_FILTER = Query(None, description="Un seul réseau (one network only)", example="x")
REGION_FILTER = Query(
    None,
    pattern=r"^region:[0-9A-Za-z]{1,12}$",
    description="Id d'une région (a région's id)",
    example="region:76",
)
DEPARTEMENT_FILTER = Query(
    None,
    pattern=r"^departement:[0-9A-Za-z]{1,12}$",
    description="Id d'un département (a département's id)",
    example="departement:32",
)
