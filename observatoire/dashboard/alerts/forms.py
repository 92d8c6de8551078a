from django import forms

from observatoire.dashboard.models import AlertPreference


class AlertPreferenceForm(forms.ModelForm):
    """A member's switches: each alert on or off, the rank threshold, the monthly report."""

    class Meta:
        model = AlertPreference
        fields = [
            "profile_unreachable",
            "rank_change",
            "rank_move_threshold",
            "new_ranking",
            "monthly_report",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model's bounds (1–1000 places) also in the browser's number field.
        self.fields["rank_move_threshold"].widget.attrs.update(min=1, max=1000)
