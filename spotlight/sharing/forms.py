"""The information-sharing form: shared or received, with whom, when, what kinds, why, on what basis."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from spotlight.sharing.domain.vocabulary import default_sharing
from spotlight.sharing.models import Direction
from spotlight.ui.forms import GovukDateField


class SharingForm(forms.Form):
    direction = forms.ChoiceField(
        label="Shared or received", choices=Direction.choices, widget=forms.RadioSelect,
        error_messages={"required": "Say whether it was shared or received."},
    )  # fmt: skip
    agency = forms.CharField(label="The agency", max_length=200, error_messages={"required": "Name the agency."})
    on = GovukDateField(
        label="When", past_or_today=True, help_text="For example, 14 11 2026.",
        error_messages={"required": "Enter the date."},
    )  # fmt: skip
    kinds = forms.MultipleChoiceField(
        label="What kinds of information", widget=forms.CheckboxSelectMultiple,
        help_text="The kinds only: the information itself is not recorded here.",
        error_messages={"required": "Choose the kinds of information."},
    )  # fmt: skip
    reason = forms.ChoiceField(label="Why", widget=forms.RadioSelect, error_messages={"required": "Choose why."})
    lawful_basis = forms.ChoiceField(
        label="The lawful basis", widget=forms.RadioSelect, error_messages={"required": "Choose the lawful basis."}
    )
    sealed_confirmed = forms.BooleanField(
        label="I have checked that sharing her sealed details is necessary and safe", required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        vocabulary = default_sharing()
        cast(forms.ChoiceField, self.fields["kinds"]).choices = [(k.id, k.label) for k in vocabulary.kinds]
        cast(forms.ChoiceField, self.fields["reason"]).choices = [(r.id, r.label) for r in vocabulary.reasons]
        cast(forms.ChoiceField, self.fields["lawful_basis"]).choices = [
            (b.id, f"{b.label}: {b.explanation}") for b in vocabulary.lawful_bases
        ]
