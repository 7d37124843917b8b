"""Forms for risk: her risk identification (her own words first, then the checklist, his behaviour before
her situation), his risk review, and a safety marker. The fields of the checklist and the review come
from their data files; the services check everything again, and their errors are shown beside these
fields."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from spotlight.cases.models import Family
from spotlight.cases.selectors import person_choices
from spotlight.risk.domain.casefile import STAFF_RISKS, VISIT_ARRANGEMENTS
from spotlight.risk.domain.checklist import ANSWERS, Checklist
from spotlight.risk.domain.his_review import ReviewItems
from spotlight.risk.services import ANSWER_PREFIX, COMMENT_PREFIX
from spotlight.ui.forms import GovukDateField
from spotlight.vocabulary import Role

COMMENT_LENGTH = 2000
WORDS_LENGTH = 5000


def _person(form: forms.Form, family: Family, role: Role, label: str, required: str) -> None:
    choices = person_choices(family, role)
    form.fields["person"] = forms.TypedChoiceField(
        label=label,
        coerce=int,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": required, "invalid_choice": required},
    )
    if len(choices) == 1:
        form.initial.setdefault("person", choices[0][0])


def _answer_fields(form: forms.Form, questions: list[tuple[str, str, str]]) -> None:
    """A yes / no / not known answer and a comment for each (id, topic, question as asked)."""
    for qid, topic, asks in questions:
        form.fields[ANSWER_PREFIX + qid] = forms.ChoiceField(
            label=asks,
            choices=list(ANSWERS.items()),
            widget=forms.RadioSelect,
            error_messages={
                "required": f"Answer “{topic}”: yes, no or not known",
                "invalid_choice": f"Answer “{topic}”: yes, no or not known",
            },
        )
        form.fields[COMMENT_PREFIX + qid] = forms.CharField(
            label=f"Comment on “{topic}” (optional)",
            required=False,
            max_length=COMMENT_LENGTH,
            error_messages={"max_length": f"The comment must be {COMMENT_LENGTH} characters or fewer"},
        )


class RiskIdentificationForm(forms.Form):
    identified_on = GovukDateField(
        label="The date of the risk identification", past_or_today=True, help_text="For example, 14 11 2026."
    )
    her_next = forms.CharField(
        label="What does she think will happen next?",
        help_text="In her own words, as she said them. Ask before the checklist.",
        required=False,
        max_length=WORDS_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    her_fears_most = forms.CharField(
        label="Who is she most afraid of?",
        help_text="In her own words.",
        required=False,
        max_length=WORDS_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, family: Family, checklist: Checklist, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.checklist = checklist
        _person(self, family, Role.ADULT_SURVIVOR, "Whose risk identification this is", "Choose the adult survivor")
        self.order_fields(["person", "identified_on"])
        _answer_fields(self, [(q.id, q.topic, q.asks) for q in checklist.questions])
        self.fields["judgement_level"] = forms.ChoiceField(
            label="Professional judgement (optional)",
            help_text="Your own judgement of her risk, whatever the answers say. It can raise the level, not lower it.",
            required=False,
            choices=[("", "No professional judgement"), *((level.id, level.label) for level in checklist.levels)],
            widget=forms.RadioSelect,
        )
        self.fields["judgement_reasons"] = forms.CharField(
            label="Your reasons",
            help_text="Needed with a professional judgement: what you saw, heard or know.",
            required=False,
            max_length=WORDS_LENGTH,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
        self.fields["referred_to_marac_on"] = GovukDateField(
            label="Referred to a Marac on (optional)",
            required=False,
            past_or_today=True,
            help_text="For example, 14 11 2026.",
        )

    #: question id -> [(what the record says, its address)], set by the page
    evidence: dict[str, list[tuple[str, str]]]

    def sections(self) -> list[tuple[str, list[tuple[forms.BoundField, forms.BoundField, list[tuple[str, str]]]]]]:
        """(section label, [(answer field, comment field, what the record says)]) in the checklist's order."""
        evidence = getattr(self, "evidence", {})
        return [
            (
                section.label,
                [(self[ANSWER_PREFIX + q.id], self[COMMENT_PREFIX + q.id], evidence.get(q.id, [])) for q in questions],
            )
            for section, questions in self.checklist.in_sections()
        ]


class RiskReviewForm(forms.Form):
    reviewed_on = GovukDateField(
        label="The date of the review", past_or_today=True, help_text="For example, 14 11 2026."
    )

    def __init__(self, *args: Any, family: Family, items: ReviewItems, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        _person(
            self, family, Role.PERSON_CAUSING_HARM, "Whose risk this review is of", "Choose the person causing harm"
        )
        self.order_fields(["person", "reviewed_on"])
        _answer_fields(self, [(i.id, i.topic, i.asks) for i in items.items])
        self.fields["level"] = forms.ChoiceField(
            label="Your judgement of his risk",
            choices=[(level.id, level.label) for level in items.levels],
            widget=forms.RadioSelect,
            error_messages={"required": "Record your judgement of his risk: standard, medium or high"},
        )
        self.fields["reasons"] = forms.CharField(
            label="Your reasons",
            max_length=WORDS_LENGTH,
            widget=forms.Textarea(attrs={"rows": 4}),
            error_messages={"required": "Give the reasons for your judgement of his risk"},
        )

    #: item id -> (Spotlight's suggestion, [(what the record says, its address)]), set by the page
    suggestions: dict[str, tuple[str, list[tuple[str, str]]]]
    #: what the record lacks ("No contact with him recorded; his account is missing.")
    gaps: list[str]

    def rows(self) -> list[tuple[forms.BoundField, forms.BoundField, str, list[tuple[str, str]]]]:
        """(answer field, comment field, Spotlight's suggestion, the lines it read) for each item."""
        suggestions = getattr(self, "suggestions", {})
        return [
            (self[ANSWER_PREFIX + i.id], self[COMMENT_PREFIX + i.id], *suggestions.get(i.id, ("", [])))
            for i in self.items.items
        ]


class SafetyMarkerForm(forms.Form):
    risks = forms.MultipleChoiceField(
        label="The risk to staff",
        required=False,
        choices=list(STAFF_RISKS.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    arrangements = forms.MultipleChoiceField(
        label="How visits must be arranged",
        required=False,
        choices=list(VISIT_ARRANGEMENTS.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    details = forms.CharField(
        label="What staff need to know",
        help_text="Facts only: what happened, when, and who saw it.",
        required=False,
        max_length=WORDS_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    set_on = GovukDateField(
        label="The date the marker was set", past_or_today=True, help_text="For example, 14 11 2026."
    )
    review_on = GovukDateField(
        label="Review the marker by (optional)", required=False, help_text="For example, 14 2 2027."
    )

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _person(self, family, Role.PERSON_CAUSING_HARM, "Who the marker is about", "Choose the person causing harm")
        self.order_fields(["person"])
        cast(forms.MultipleChoiceField, self.fields["risks"]).error_messages["invalid_choice"] = (
            "Choose from the risks listed"
        )
