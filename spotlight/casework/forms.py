"""Forms for casework: a child's plan status, a task, and why a task was not done. The services check
everything again, and their errors are shown beside these fields."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from spotlight.access.models import User
from spotlight.cases.models import Family
from spotlight.cases.selectors import person_choices
from spotlight.casework.selectors import plan_choices, task_assignees
from spotlight.casework.services import TITLE_LENGTH
from spotlight.ui.forms import GovukDateField
from spotlight.vocabulary import Role


def _choices(form: forms.Form, name: str, choices: list[tuple[Any, str]]) -> None:
    field = cast(forms.ChoiceField, form.fields[name])
    field.choices = choices
    if len(choices) == 1:
        form.initial.setdefault(name, choices[0][0])


class ChildPlanForm(forms.Form):
    child = forms.TypedChoiceField(
        label="Which child",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the child whose plan this is",
            "invalid_choice": "Choose one of the family's children",
        },
    )
    status = forms.ChoiceField(
        label="Plan status",
        widget=forms.RadioSelect,
        help_text="How often the child must be seen comes from your authority's contact standards.",
        error_messages={
            "required": "Choose the child's plan status",
            "invalid_choice": "Choose one of the plan statuses listed",
        },
    )
    started_on = GovukDateField(
        label="The date the plan started", past_or_today=True, help_text="For example, 14 11 2026."
    )

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "child", person_choices(family, Role.CHILD))
        _choices(self, "status", plan_choices())


class TaskForm(forms.Form):
    title = forms.CharField(
        label="What is to be done",
        max_length=TITLE_LENGTH,
        help_text="A short title, for example “Book a home visit to see Mia on her own”.",
        error_messages={
            "required": "Say what the task is",
            "max_length": f"The task must be {TITLE_LENGTH} characters or fewer",
        },
    )
    due_on = GovukDateField(
        label="The date it is due",
        future_or_today=True,
        help_text="For example, 14 11 2026.",
        error_messages={"required": "Enter the date the task is due"},
    )
    assigned_to = forms.TypedChoiceField(
        label="Who it is for",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose who the task is for",
            "invalid_choice": "Choose yourself or a worker in the teams you manage",
        },
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].widget.attrs.update({"class": "govuk-!-width-two-thirds"})
        _choices(self, "assigned_to", task_assignees(user))
        self.initial.setdefault("assigned_to", user.pk)


class TaskNotDoneForm(forms.Form):
    reason = forms.CharField(
        label="Why the task was not done",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5_000,
        help_text="For example, “Mia moved to her grandmother's: the visit is now set for her new school”.",
        error_messages={"required": "Say why the task was not done"},
    )
