"""Forms for the pattern map: his behaviour first, then the harm to each child, her protective efforts
and complicating factors. Choices come from the catalogue in use and from the family's own people;
the services check everything again and their errors are shown beside these fields."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from spotlight.cases.models import Family
from spotlight.cases.selectors import person_choices
from spotlight.pattern.domain.catalogue import default_catalogue
from spotlight.pattern.domain.directory import programme_labels, support_labels
from spotlight.pattern.models import RELATIONSHIP_CHOICES, ReferralStatus, SupportResponse
from spotlight.ui.forms import GovukDateField
from spotlight.vocabulary import Role

_SHORT_TEXT = {"class": "govuk-!-width-two-thirds"}


def _set_choices(form: forms.Form, name: str, choices: Any) -> None:
    field = cast(forms.ChoiceField, form.fields[name])
    field.choices = choices


def _set_people(form: forms.Form, name: str, people: list[tuple[int, str]]) -> None:
    """The people to choose from; when there is only one, already chosen."""
    _set_choices(form, name, people)
    if len(people) == 1:
        form.initial.setdefault(name, people[0][0])


def _source_choices() -> list[tuple[str, str]]:
    return [(s.id, s.label) for s in default_catalogue().sources]


def _source_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Where this came from",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where this came from"},
    )


class BehaviourEntryForm(forms.Form):
    person = forms.TypedChoiceField(
        label="Whose behaviour",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the person causing harm whose behaviour this is"},
    )
    kind = forms.ChoiceField(
        label="What he did",
        help_text="Risk indicators such as non-fatal strangulation and threats to kill are shown first on the map.",
        error_messages={"required": "Choose the kind of behaviour"},
    )
    relationship = forms.ChoiceField(
        label="In which relationship",
        choices=RELATIONSHIP_CHOICES,
        initial=RELATIONSHIP_CHOICES[0][0],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the current relationship or an earlier relationship"},
    )
    prior_partner = forms.CharField(
        label="The earlier partner (optional)",
        max_length=200,
        required=False,
        help_text="Only for an earlier relationship, for example “his former partner, Jade”.",
    )
    occurred_on = GovukDateField(
        label="When it happened",
        required=False,
        past_or_today=True,
        help_text="For example, 14 11 2026. If no single date is known, give the period below instead.",
    )
    period = forms.CharField(
        label="Or the period (if no single date is known)",
        max_length=100,
        required=False,
        help_text="For example, “2019 to 2021” or “since the birth of Mia”.",
    )
    place = forms.CharField(label="Where (optional)", max_length=200, required=False)
    presenting_incident = forms.BooleanField(label="This is the presenting incident", required=False)
    before = forms.CharField(
        label="Before: what happened before (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=20_000,
        help_text="For the presenting incident.",
    )
    during = forms.CharField(
        label="During: what he did (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=20_000,
    )
    after = forms.CharField(
        label="After: what happened after (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=20_000,
    )
    source = _source_field()
    description = forms.CharField(
        label="Description (optional)",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=20_000,
        help_text="Name who did what: what he did, to whom, and what it was meant to achieve.",
    )

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_people(self, "person", person_choices(family, Role.PERSON_CAUSING_HARM))
        _set_choices(self, "kind", [("", "Choose the kind of behaviour"), *default_catalogue().behaviour_choices()])
        _set_choices(self, "source", _source_choices())
        for name in ("prior_partner", "period", "place"):
            self.fields[name].widget.attrs.update(_SHORT_TEXT)


class ChildHarmForm(forms.Form):
    child = forms.TypedChoiceField(
        label="Which child",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the child this behaviour harmed"},
    )
    his_action = forms.CharField(
        label="What he did that harmed this child",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20_000,
        help_text="For example, “He strangled her mother in front of Mia, then sent Mia to bed.”",
        error_messages={"required": "Say what he did that harmed this child"},
    )
    impact = forms.CharField(
        label="The impact on this child",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20_000,
        help_text="Specifically, for this child: not “the children are affected”.",
        error_messages={
            "required": "Say what the impact was on this child, specifically (not “the children are affected”)"
        },
    )

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_people(self, "child", person_choices(family, Role.CHILD))


class ProtectiveEffortForm(forms.Form):
    survivor = forms.TypedChoiceField(
        label="Whose effort",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the adult survivor who made this effort"},
    )
    kind = forms.ChoiceField(
        label="Kind of protective effort",
        help_text="Help-seeking, and the everyday: keeping routines, keeping the children in school, safety plans.",
        error_messages={"required": "Choose the kind of protective effort"},
    )
    occurred_on = GovukDateField(
        label="When (optional)", required=False, past_or_today=True, help_text="For example, 14 11 2026."
    )
    description = forms.CharField(
        label="What she did",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20_000,
        help_text="Be specific, for example “took Mia to her grandmother's every time he had been drinking”.",
        error_messages={"required": "Say what she did, specifically"},
    )
    children = forms.TypedMultipleChoiceField(
        label="The children it protected",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    source = _source_field()

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_people(self, "survivor", person_choices(family, Role.ADULT_SURVIVOR))
        _set_choices(
            self, "kind", [("", "Choose the kind of protective effort"), *default_catalogue().protective_choices()]
        )
        _set_choices(self, "children", person_choices(family, Role.CHILD))
        _set_choices(self, "source", _source_choices())


class ComplicatingFactorForm(forms.Form):
    person = forms.TypedChoiceField(
        label="Who",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the person this factor concerns"},
    )
    factor = forms.ChoiceField(
        label="Factor",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the factor"},
    )
    interaction = forms.CharField(
        label="How it interacts with his pattern of behaviour",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20_000,
        help_text=(
            "For example, how he uses it to control her, or how it makes it harder for her to get help. "
            "A complicating factor is never recorded as the cause of his behaviour."
        ),
        error_messages={"required": "Say how this interacts with his pattern of behaviour"},
    )
    source = _source_field()

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "person", person_choices(family))
        _set_choices(self, "factor", [(f.id, f.label) for f in default_catalogue().complicating_factors])
        _set_choices(self, "source", _source_choices())


def _status_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Where the referral has got to",
        choices=ReferralStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where the referral has got to"},
    )


def _sessions_field() -> forms.IntegerField:
    return forms.IntegerField(
        label="Sessions he has attended (optional)",
        required=False,
        min_value=0,
        max_value=500,
        widget=forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-4"}),
        error_messages={"invalid": "Enter the number of sessions as a whole number, for example 6"},
    )


def _support_response_field(required: bool) -> forms.ChoiceField:
    return forms.ChoiceField(
        label="Her answer to the support offered" + ("" if required else " (optional)"),
        choices=SupportResponse.choices,
        required=required,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether she accepted the support offered to her"},
    )


class ProgrammeReferralForm(forms.Form):
    """A referral of him to a programme, and the support offered to her alongside it (required: safety
    first). Programmes are the directory's named ones for him, then the catalogue's kinds."""

    person = forms.TypedChoiceField(
        label="Who was referred",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the person causing harm who was referred"},
    )
    programme = forms.ChoiceField(
        label="Programme or intervention",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the programme or intervention"},
    )
    provider = forms.CharField(
        label="Who runs it (optional)", required=False, max_length=200, widget=forms.TextInput(attrs=_SHORT_TEXT)
    )
    referred_on = GovukDateField(
        label="Date of the referral",
        past_or_today=True,
        help_text="For example, 14 11 2026.",
        error_messages={"required": "Enter the date of the referral"},
    )
    status = _status_field()
    status_on = GovukDateField(
        label="Date of that status (optional)", required=False, past_or_today=True, help_text="For example, 2 12 2026."
    )
    sessions_attended = _sessions_field()
    support_survivor = forms.TypedChoiceField(
        label="Support offered alongside, to",
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who the support is offered to"},
    )
    support_service = forms.ChoiceField(
        label="Her support: which service (optional)",
        required=False,
        widget=forms.RadioSelect,
    )
    support_provider = forms.CharField(
        label="Who provides her support",
        max_length=200,
        widget=forms.TextInput(attrs=_SHORT_TEXT),
        help_text="For example, the IDVA service, or the programme's partner support worker.",
        error_messages={
            "required": "Say who provides the support offered to her: "
            "a referral of him is not recorded without support for her alongside"
        },
    )
    support_offered_on = GovukDateField(
        label="Date support was offered to her",
        past_or_today=True,
        help_text="For example, 14 11 2026.",
        error_messages={"required": "Enter the date support was offered to her"},
    )
    support_response = _support_response_field(required=True)
    support_for_her = forms.BooleanField(required=False, widget=forms.HiddenInput)  # kept for older records
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, what he said about the referral, or what the programme has asked of him.",
    )

    def __init__(self, *args: Any, family: Family, offer_required: bool = True, **kwargs: Any) -> None:
        """``offer_required=False`` only to correct a referral recorded before offers were kept."""
        super().__init__(*args, **kwargs)
        _set_people(self, "person", person_choices(family, Role.PERSON_CAUSING_HARM))
        _set_choices(self, "programme", list(programme_labels().items()))
        survivors = person_choices(family, Role.ADULT_SURVIVOR)
        _set_people(self, "support_survivor", survivors)
        self.fields["support_survivor"].required = bool(survivors) and offer_required
        for name in ("support_provider", "support_offered_on", "support_response"):
            self.fields[name].required = offer_required
        _set_choices(self, "support_service", [*support_labels().items(), ("", "Another service (say who below)")])
        self.initial.setdefault("status", ReferralStatus.REFERRED.value)
        self.initial.setdefault("support_service", "")


class ProgrammeReferralStatusForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)  # the referral as she opened it
    status = _status_field()
    status_on = GovukDateField(label="Date of that status", past_or_today=True, help_text="For example, 2 12 2026.")
    sessions_attended = _sessions_field()
    support_response = _support_response_field(required=False)
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Added to the referral's note, with what was there kept.",
    )
