"""Front-door forms: a referral (with the screen's short questions), the decision, and linking a family."""

from __future__ import annotations

from typing import Any

from django import forms

from spotlight.access.models import Team
from spotlight.frontdoor.domain.screen import PATHWAYS, Screen
from spotlight.ui.forms import GovukDateField
from spotlight.vocabulary import AGENCY_KIND_LABELS, AgencyKind

ANSWERS = [("yes", "Yes"), ("no", "No"), ("not_known", "Not known")]


class ReferralForm(forms.Form):
    team = forms.TypedChoiceField(label="Which team's front door", coerce=int, widget=forms.RadioSelect)
    received_on = GovukDateField(
        label="The date it was received", past_or_today=True, help_text="For example, 14 11 2026."
    )
    referrer_kind = forms.ChoiceField(label="Who made it", error_messages={"required": "Choose who made the referral."})
    referrer_name = forms.CharField(label="The referrer's name and role (optional)", required=False, max_length=200)
    presenting_concern = forms.ChoiceField(
        label="The presenting concern",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the presenting concern."},
    )
    adults_named = forms.CharField(label="Adults it names (optional)", required=False, max_length=500)
    children_named = forms.CharField(label="Children it names (optional)", required=False, max_length=500)
    text = forms.CharField(
        label="What the referrer said",
        help_text="In their words. Every referral is screened for domestic abuse, whatever its concern.",
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Write what the referrer said, in their words."},
    )

    def __init__(self, *args: Any, teams: list[Team], screen: Screen, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [(t.pk, t.name) for t in teams]  # type: ignore[attr-defined]
        if len(teams) == 1:
            self.initial.setdefault("team", teams[0].pk)
        self.fields["referrer_kind"].choices = [("", "Choose"), *((k.value, AGENCY_KIND_LABELS[k]) for k in AgencyKind)]  # type: ignore[attr-defined]
        self.fields["presenting_concern"].choices = list(screen.presenting_concerns)  # type: ignore[attr-defined]
        for qid, asks in screen.questions:
            self.fields[f"q_{qid}"] = forms.ChoiceField(
                label=asks, choices=ANSWERS, widget=forms.RadioSelect, required=False
            )


class DecisionForm(forms.Form):
    pathway = forms.ChoiceField(
        label="Your decision", choices=list(PATHWAYS.items()), widget=forms.RadioSelect,
        error_messages={"required": "Choose the pathway."},
    )  # fmt: skip
    reasons = forms.CharField(
        label="Your reasons", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed where you decide differently from the screen's suggestion.",
    )  # fmt: skip
