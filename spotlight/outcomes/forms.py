"""The outcomes form: one respondent's answers on one occasion, each measure asked of them on its scale,
and (from her, or the worker from what is known) the abuse checklist. The services check everything again."""

from __future__ import annotations

from typing import Any

from django import forms

from spotlight.outcomes.domain.measures import NO, NOT_KNOWN, YES, OutcomeMeasures
from spotlight.outcomes.services import ABUSE_PREFIX, ASKED_ABOUT_ABUSE, MEASURE_PREFIX, asked
from spotlight.ui.forms import GovukDateField

ABUSE_ANSWERS = [(YES, "Yes"), (NO, "No"), (NOT_KNOWN, "Not known")]
COMMENT_LENGTH = 5000


class OutcomeForm(forms.Form):
    respondent = forms.CharField(widget=forms.HiddenInput)
    person = forms.IntegerField(widget=forms.HiddenInput, required=False)
    occasion = forms.ChoiceField(
        label="When", widget=forms.RadioSelect, error_messages={"required": "Choose when these answers were given"}
    )
    recorded_on = GovukDateField(
        label="The date they were given", past_or_today=True, help_text="For example, 14 11 2026."
    )

    def __init__(self, *args: Any, measures: OutcomeMeasures, respondent: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occasion"].choices = [(o.id, o.label) for o in measures.occasions]  # type: ignore[attr-defined]
        for measure_id in asked(measures, respondent):
            measure = measures.measure(measure_id)
            assert measure is not None  # noqa: S101  # asked() lists only the file's measures
            self.fields[MEASURE_PREFIX + measure.id] = forms.TypedChoiceField(
                label=measure.asks[respondent],
                help_text=measure.label,
                coerce=int,
                choices=[(p.value, p.label) for p in measures.points(measure)],
                widget=forms.RadioSelect,
                error_messages={"required": f"Answer “{measure.label}”", "invalid_choice": f"Answer “{measure.label}”"},
            )
        if respondent in ASKED_ABOUT_ABUSE:
            for kind in measures.abuse_checklist:
                self.fields[ABUSE_PREFIX + kind.id] = forms.ChoiceField(
                    label=kind.asks
                    if respondent == "survivor"
                    else f"{kind.label}, in the last three months (from what is known)",
                    choices=ABUSE_ANSWERS,
                    widget=forms.RadioSelect,
                    error_messages={"required": f"Answer “{kind.label}”: yes, no or not known"},
                )
        self.fields["comment"] = forms.CharField(
            label="Anything to add (optional)",
            help_text="What they said, in their own words, or what you saw.",
            required=False,
            max_length=COMMENT_LENGTH,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
