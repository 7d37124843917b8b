"""Marac forms: a meeting scheduled from the list, who attends, an agency's research, an action."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from spotlight.access.models import User
from spotlight.ui.forms import GovukDateField


class ScheduleForm(forms.Form):
    team = forms.TypedChoiceField(label="Team", coerce=int, widget=forms.RadioSelect)
    held_on = GovukDateField(
        label="Date of the meeting", future_or_today=True, help_text="For example, 10 12 2026.",
        error_messages={"required": "Enter the date of the meeting."},
    )  # fmt: skip
    cases = forms.TypedMultipleChoiceField(
        label="Cases for the agenda", coerce=int, widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args: Any, user: User, listed: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        teams = [(t.pk, t.name) for t in user.teams.all()]
        cast(forms.ChoiceField, self.fields["team"]).choices = teams
        if len(teams) == 1:
            self.initial.setdefault("team", teams[0][0])
        cast(forms.ChoiceField, self.fields["cases"]).choices = listed


class AttendeeForm(forms.Form):
    attendee = forms.TypedChoiceField(
        label="Who attends", coerce=int, widget=forms.Select(attrs={"class": "govuk-select"})
    )
    agency = forms.CharField(
        label="For which agency", max_length=200, help_text="For example, Northshire Police.",
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-20"}),
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = User.objects.filter(is_active=True).exclude(staff_role__in=("administrator", "auditor"))
        cast(forms.ChoiceField, self.fields["attendee"]).choices = [("", "Choose")] + [
            (u.pk, f"{u.display_name} ({u.get_staff_role_display()})") for u in people.order_by("first_name")
        ]


class ResearchForm(forms.Form):
    agency = forms.CharField(label="Agency", max_length=200)
    involvement = forms.CharField(
        label="Your agency's involvement with the family", widget=forms.Textarea(attrs={"rows": 2}), max_length=5000,
        error_messages={"required": "Say what your agency's involvement with the family is, or that it has none."},
    )  # fmt: skip
    last_contact_on = GovukDateField(label="Your last contact (optional)", required=False, past_or_today=True)
    risks_known = forms.CharField(
        label="Risks you know of", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )
    actions_taken = forms.CharField(
        label="What your agency has already done", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
    )  # fmt: skip


class ActionForm(forms.Form):
    agency = forms.CharField(label="Agency", max_length=200)
    owner = forms.CharField(label="Who will do it", max_length=200, help_text="A named person or role in the agency.")
    text = forms.CharField(label="What will be done", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    due_on = GovukDateField(label="Due by", help_text="For example, 10 1 2027.")
