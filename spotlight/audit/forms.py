"""Forms for audit rounds: setting one up, and an auditor's ratings for one file."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms

from spotlight.access.models import User
from spotlight.audit.domain.instrument import Instrument
from spotlight.audit.selectors import available_auditors
from spotlight.audit.services import MAX_SAMPLE, ItemRating
from spotlight.ui.forms import GovukDateField

NOT_APPLICABLE = "na"


class AuditorChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.display_name)


class AuditRoundForm(forms.Form):
    name = forms.CharField(
        label="Name of the round",
        max_length=120,
        help_text=(
            "Say when and why, so the round can be found and compared later: "
            "for example \u201cQ1 2027, before training\u201d."
        ),
        error_messages={"required": "Enter a name for the round"},
    )
    sample_size = forms.IntegerField(
        label="How many files to audit",
        min_value=1,
        max_value=MAX_SAMPLE,
        initial=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input govuk-input--width-4"}),
        error_messages={
            "required": "Enter how many files to audit",
            "invalid": "Enter the number of files as a whole number, like 30",
            "min_value": "Enter at least 1 file",
            "max_value": f"Enter {MAX_SAMPLE} files or fewer",
        },
    )
    opened_from = GovukDateField(
        label="First day a case opened",
        required=False,
        past_or_today=True,
        help_text="Optional: sample only families whose case opened on or after this day. For example, 1 1 2027.",
    )
    opened_to = GovukDateField(
        label="Last day a case opened",
        required=False,
        past_or_today=True,
        help_text="Optional: and on or before this day. For example, 31 3 2027.",
    )
    by_team = forms.BooleanField(
        label="Sample each team in proportion to its number of families",
        required=False,
    )
    seed = forms.IntegerField(
        label="Sample number",
        min_value=0,
        max_value=2**31 - 1,
        help_text="The same number over the same families draws the same sample, so the round can be checked later.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input govuk-input--width-10"}),
        error_messages={
            "required": "Enter a sample number",
            "invalid": "Enter the sample number as a whole number",
            "min_value": "Enter a sample number of 0 or more",
            "max_value": "Enter a sample number below 2147483648",
        },
    )
    auditors = AuditorChoiceField(
        label="Auditors",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Files are shared among them in turn. Each auditor sees only the files given to them, read-only.",
        error_messages={"required": "Choose at least one auditor"},
    )
    double_rated = forms.IntegerField(
        label="Files rated by two auditors",
        min_value=0,
        initial=0,
        required=False,
        help_text="Some files rated twice show how far the auditors agree. Needs two auditors or more.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input govuk-input--width-4"}),
        error_messages={
            "invalid": "Enter the number of files rated twice as a whole number, like 5",
            "min_value": "Enter 0 or more files to be rated twice",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("seed", secrets.randbelow(1_000_000))
        queryset = available_auditors()
        field = self.fields["auditors"]
        if isinstance(field, AuditorChoiceField):
            field.queryset = queryset


class AuditRatingForm(forms.Form):
    """One radio group per item (the scale with its anchors, or not applicable) and a comment."""

    def __init__(
        self, *args: Any, instrument: Instrument, suggested: dict[str, int | None] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        labels = {point.value: point.label for point in instrument.scale}
        self.item_ids = [item.id for _domain, item in instrument.items()]
        suggested = suggested or {}
        for _domain, item in instrument.items():
            choices = [
                (
                    str(v),
                    f"{v}. {labels[v]}: {item.anchors[v]}"
                    + (" (Spotlight's suggestion)" if suggested.get(item.id) == v else ""),
                )
                for v in instrument.values
            ]
            choices.append((NOT_APPLICABLE, "Not applicable to this file"))
            self.fields[f"rating_{item.id}"] = forms.ChoiceField(
                label=item.question,
                choices=choices,
                widget=forms.RadioSelect,
                help_text=item.guidance,
                error_messages={"required": "Choose a rating for this question, or mark it not applicable"},
            )
            self.fields[f"comment_{item.id}"] = forms.CharField(
                label="Your comment (optional)",
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rating_field(self, item_id: str) -> forms.BoundField:
        return self[f"rating_{item_id}"]

    def comment_field(self, item_id: str) -> forms.BoundField:
        return self[f"comment_{item_id}"]

    def item_ratings(self) -> dict[str, ItemRating]:
        ratings: dict[str, ItemRating] = {}
        for item_id in self.item_ids:
            chosen = self.cleaned_data[f"rating_{item_id}"]
            comment = self.cleaned_data.get(f"comment_{item_id}", "")
            if chosen == NOT_APPLICABLE:
                ratings[item_id] = ItemRating(rating=None, not_applicable=True, comment=comment)
            else:
                ratings[item_id] = ItemRating(rating=int(chosen), comment=comment)
        return ratings
