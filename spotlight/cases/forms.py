"""Forms for the case record. Each error message names what was wrong."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from spotlight.access.models import Team
from spotlight.cases.models import Agency, Family
from spotlight.cases.selectors import (
    allocation_choices,
    family_agencies,
    person_choices,
    restriction_staff_choices,
)
from spotlight.labels import role_labels
from spotlight.ui.forms import GovukDateField
from spotlight.vocabulary import (
    AGENCY_KIND_LABELS,
    CONTACT_TYPE_LABELS,
    ENGAGEMENT_METHOD_LABELS,
    ENGAGEMENT_OUTCOME_LABELS,
    PRONOUN_FORMS,
    ROLE_ORDER,
    Pronouns,
    RelationshipKind,
    Role,
    choices,
    relationship_phrase,
)


def _role_choices() -> list[tuple[str, str]]:
    labels = role_labels()
    return [(r.value, labels.for_role(r).singular.capitalize()) for r in ROLE_ORDER]


class FamilyForm(forms.Form):
    name = forms.CharField(
        label="Family name",
        max_length=200,
        help_text="How the family is known in your records, for example “Reid family”.",
        error_messages={"required": "Enter the family name"},
    )
    team = forms.ModelChoiceField[Team](
        label="Team", queryset=Team.objects.none(), empty_label=None, error_messages={"required": "Choose a team"}
    )

    def __init__(self, *args: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team_field = cast(forms.ModelChoiceField[Team], self.fields["team"])
        team_field.queryset = teams
        self.fields["name"].widget.attrs["class"] = "govuk-!-width-two-thirds"


class PersonForm(forms.Form):
    role = forms.ChoiceField(
        label="Role in the family",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the person's role in the family"},
    )
    given_name = forms.CharField(
        label="Given name", max_length=200, error_messages={"required": "Enter the person's given name"}
    )
    family_name = forms.CharField(label="Family name", max_length=200, required=False)
    pronouns = forms.ChoiceField(
        label="Pronouns (optional)",
        choices=[*((p.value, PRONOUN_FORMS[p].label) for p in Pronouns), ("", "Not recorded")],
        widget=forms.RadioSelect,
        required=False,
        help_text="Screens and the language review's suggestions use them, for a woman causing harm as for anyone.",
    )
    date_of_birth = GovukDateField(
        label="Date of birth",
        required=False,
        past_or_today=True,
        help_text="For example, 27 3 2019. Leave blank if not known.",
    )
    expected_date_of_birth = GovukDateField(
        label="Expected date of birth",
        required=False,
        help_text="Only for an unborn child.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role_field = cast(forms.ChoiceField, self.fields["role"])
        role_field.choices = _role_choices()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("expected_date_of_birth"):
            if data.get("role") != Role.CHILD.value:
                self.add_error("expected_date_of_birth", "Only an unborn child can have an expected date of birth")
            if data.get("date_of_birth"):
                self.add_error("expected_date_of_birth", "Give a date of birth or an expected date of birth, not both")
        return data


class RelationshipForm(forms.Form):
    from_person = forms.TypedChoiceField(
        label="Person", coerce=int, error_messages={"required": "Choose the first person in the relationship"}
    )
    kind = forms.ChoiceField(
        label="Is the",
        choices=[(k.value, relationship_phrase(k.value)) for k in RelationshipKind],
        error_messages={"required": "Choose how they are related"},
    )
    to_person = forms.TypedChoiceField(
        label="Of this person", coerce=int, error_messages={"required": "Choose the second person in the relationship"}
    )

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = [("", "Choose a person"), *person_choices(family)]
        for name in ("from_person", "to_person"):
            field = cast(forms.ChoiceField, self.fields[name])
            field.choices = people

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("from_person") and data.get("from_person") == data.get("to_person"):
            self.add_error("to_person", "Choose two different people")
        return data


class AgencyInvolvementForm(forms.Form):
    agency_name = forms.CharField(
        label="Agency",
        max_length=200,
        help_text="For example, Northshire Police or Riverside Primary School.",
        error_messages={"required": "Enter the name of the agency"},
    )
    kind = forms.ChoiceField(
        label="Kind of agency",
        choices=choices(AGENCY_KIND_LABELS),
        error_messages={"required": "Choose the kind of agency"},
    )
    contact = forms.CharField(label="Named worker or team (optional)", max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency_name"].widget.attrs.update({"list": "known-agencies", "class": "govuk-!-width-two-thirds"})


class CaseNoteForm(forms.Form):
    occurred_on = GovukDateField(
        label="Date of the contact",
        past_or_today=True,
        help_text="For example, 14 11 2026.",
        error_messages={"required": "Enter the date of the contact"},
    )
    contact_type = forms.ChoiceField(
        label="Type of contact",
        choices=[("", "Choose the type of contact"), *choices(CONTACT_TYPE_LABELS)],
        error_messages={"required": "Choose the type of contact"},
    )
    agency = forms.ModelChoiceField[Agency](
        label="Agency recording this (optional)",
        queryset=Agency.objects.none(),
        required=False,
        empty_label="Not recorded",
    )
    present = forms.TypedMultipleChoiceField(
        label="Who was present",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select everyone who took part.",
    )
    text = forms.CharField(
        label="What happened",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=100_000,
        help_text=(
            "Name who did what. Describe his behaviour and its impact on each child, "
            "and what she is doing to keep them safe."
        ),
        error_messages={"required": "Enter what happened"},
    )

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        present = cast(forms.ChoiceField, self.fields["present"])
        present.choices = person_choices(family)
        agency = cast(forms.ModelChoiceField[Agency], self.fields["agency"])
        agency.queryset = family_agencies(family)


class ContactAttemptForm(forms.Form):
    person = forms.TypedChoiceField(
        label="Who",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who you tried to contact"},
    )
    occurred_on = GovukDateField(
        label="Date of the attempt",
        past_or_today=True,
        help_text="For example, 14 11 2026.",
        error_messages={"required": "Enter the date of the attempt"},
    )
    method = forms.ChoiceField(
        label="How",
        choices=choices(ENGAGEMENT_METHOD_LABELS),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you tried to contact him"},
    )
    outcome = forms.ChoiceField(
        label="What happened",
        choices=choices(ENGAGEMENT_OUTCOME_LABELS),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what came of the attempt"},
    )
    note = forms.CharField(
        label="Notes (optional)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=10_000,
        help_text="For example, what he said about his parenting, or the next step planned.",
    )

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person = cast(forms.ChoiceField, self.fields["person"])
        person.choices = person_choices(family, Role.PERSON_CAUSING_HARM)
        if len(person.choices) == 1:
            self.initial.setdefault("person", person.choices[0][0])


class SealedDetailForm(forms.Form):
    address = forms.CharField(label="Address", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    phone = forms.CharField(label="Safe phone number", max_length=40, required=False)
    safe_contacts = forms.CharField(
        label="Safe contacts",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Who may be contacted safely, and how. Never shared with him or in letters about him.",
    )


class RestrictionForm(forms.Form):
    reason = forms.CharField(
        label="Why this record is restricted",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2_000,
        help_text="For example: the family of a member of staff. Whoever reviews the restriction reads this.",
        error_messages={"required": "Say why this record is restricted"},
    )
    review_on = GovukDateField(
        label="Review it by",
        help_text="Within the next 12 months. For example, 31 3 2027.",
        error_messages={"required": "Enter the date to review the restriction by"},
    )
    staff = forms.TypedMultipleChoiceField(
        label="Open only to",
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text="You are always included. Everyone else will not see this family anywhere in Spotlight.",
        error_messages={"required": "Choose who may open this record"},
    )

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = cast(forms.ChoiceField, self.fields["staff"])
        staff.choices = restriction_staff_choices(family)


class AllocationForm(forms.Form):
    worker = forms.TypedChoiceField(
        label="Allocate to",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the worker to allocate the family to"},
    )
    allocated_on = GovukDateField(
        label="From",
        past_or_today=True,
        help_text="For example, 14 11 2026.",
        error_messages={"required": "Enter the date of the allocation"},
    )
    reason = forms.CharField(
        label="Why",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2_000,
        help_text="For example: a new allocation, a worker leaving, a specialist's role in the case.",
        error_messages={"required": "Say why, for the record"},
    )

    def __init__(self, *args: Any, manager: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        worker = cast(forms.ChoiceField, self.fields["worker"])
        worker.choices = allocation_choices(manager)
