"""The jury's forms: a juror's scores of a nomination (every criterion of the edition, each
optional so a juror can save and come back), and a declared conflict of interest."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Criterion, Score

STEP = Decimal("0.5")


@dataclass
class CriterionFields:
    criterion: Criterion
    value: forms.BoundField
    comment: forms.BoundField


class ScoreForm(forms.Form):
    """One value (0 … score_max, by half points) and one comment per criterion."""

    def __init__(
        self,
        *args,
        criteria: list[Criterion],
        score_max: int,
        scores: dict[int, Score],
        disabled: bool = False,
        **kwargs,
    ):
        initial = {}
        for criterion_id, score in scores.items():
            initial[f"value_{criterion_id}"] = score.value.quantize(Decimal("0.1"))
            initial[f"comment_{criterion_id}"] = score.comment
        super().__init__(*args, initial=initial, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"value_{criterion.pk}"] = forms.DecimalField(
                label=_("Note (0 à %(max)s)") % {"max": score_max},
                required=False,
                min_value=0,
                max_value=score_max,
                step_size=STEP,
                max_digits=5,
                decimal_places=1,
                disabled=disabled,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Commentaire"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                disabled=disabled,
            )

    def clean(self):
        cleaned = super().clean()
        for criterion in self.criteria:
            value = cleaned.get(f"value_{criterion.pk}")
            comment = (cleaned.get(f"comment_{criterion.pk}") or "").strip()
            if value is None and comment and f"value_{criterion.pk}" not in self.errors:
                self.add_error(
                    f"value_{criterion.pk}", _("Donnez une note pour enregistrer ce commentaire.")
                )
        return cleaned

    def rows(self) -> list[CriterionFields]:
        return [
            CriterionFields(
                criterion=criterion,
                value=self[f"value_{criterion.pk}"],
                comment=self[f"comment_{criterion.pk}"],
            )
            for criterion in self.criteria
        ]

    def scores(self) -> dict[int, tuple[Decimal | None, str]]:
        """criterion id -> (value or None, comment), for `score_save`."""
        return {
            criterion.pk: (
                self.cleaned_data.get(f"value_{criterion.pk}"),
                (self.cleaned_data.get(f"comment_{criterion.pk}") or "").strip(),
            )
            for criterion in self.criteria
        }


class ConflictForm(forms.Form):
    """A collectivité found by the search, and why the juror cannot judge it fairly."""

    territory = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(
        label=_("Raison"),
        required=False,
        max_length=300,
        help_text=_("Par exemple : ancien employeur, prestataire, proche dans l'équipe."),
    )


class TerritorySearchForm(forms.Form):
    q = forms.CharField(label=_("Nom de la collectivité"), required=False, max_length=100)
