"""The win form: what happened, who did it, why it matters and what it shows, with the examples offered.
The service checks everything again (a win that says nothing specific is refused)."""

from __future__ import annotations

from typing import Any

from django import forms

from spotlight.cases.models import Family
from spotlight.cases.selectors import person_choices
from spotlight.ui.forms import GovukDateField
from spotlight.wins.domain.wins import Wins
from spotlight.wins.services import GIVEN_HOW

TEXT_LENGTH = 5000


class WinForm(forms.Form):
    happened_on = GovukDateField(label="When it happened", past_or_today=True, help_text="For example, 14 11 2026.")
    what = forms.CharField(
        label="What happened",
        help_text="Be specific: who did what, and when. For example: “Ms Okafor rang the school on Monday so "
        "that only her sister collects Leo, as the safety plan says.”",
        max_length=TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what happened: who did what, and when."},
    )
    who = forms.ChoiceField(
        label="Who did it", widget=forms.RadioSelect, error_messages={"required": "Choose who did it."}
    )
    person = forms.TypedChoiceField(
        label="Which person in the family (optional)", coerce=int, required=False, empty_value=None
    )
    why_it_matters = forms.CharField(
        label="Why it matters",
        help_text="For her, for the children, or for the work.",
        max_length=TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Say why it matters: for her, for the children, or for the work."},
    )
    shows = forms.ChoiceField(
        label="What it shows", widget=forms.RadioSelect, error_messages={"required": "Choose what it shows."}
    )
    told_to_family = forms.BooleanField(label="I have told them, in these words or close to them", required=False)

    def __init__(self, *args: Any, family: Family, wins: Wins, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["who"].choices = [(c.id, c.label) for c in wins.who]  # type: ignore[attr-defined]
        self.fields["shows"].choices = [(c.id, c.label) for c in wins.shows]  # type: ignore[attr-defined]
        self.fields["person"].choices = [("", "Not one person in the family"), *person_choices(family)]  # type: ignore[attr-defined]
        self.examples = wins.examples


class LetterForm(forms.Form):
    survivor = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(
        label="The letter",
        help_text="Spotlight's draft, from her recorded efforts and wins. Make it yours: specific, plain, in "
        "words she would use. Nothing about him, and none of her sealed details.",
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 18}),
        error_messages={"required": "Write the letter."},
    )
    given_how = forms.ChoiceField(
        label="How it was given",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the letter was given."},
    )
    given_on = GovukDateField(label="When it was given", past_or_today=True, help_text="For example, 14 11 2026.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["given_how"].choices = list(GIVEN_HOW.items())  # type: ignore[attr-defined]


class SupervisionForm(forms.Form):
    held_on = GovukDateField(label="The date of the session", past_or_today=True, help_text="For example, 14 11 2026.")
    going_well = forms.CharField(
        label="What is going well",
        help_text="Start here: a family where things are going well, what is making the difference, "
        "what she did that helped.",
        max_length=TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Start with what is going well: a family, a moment, something she did that helped."
        },
    )
    worries = forms.CharField(
        label="What we are worried about",
        required=False,
        max_length=TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    families = forms.TypedMultipleChoiceField(
        label="Families discussed", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    decisions = forms.CharField(
        label="What was decided", required=False, max_length=TEXT_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, families: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["families"].choices = families  # type: ignore[attr-defined]
