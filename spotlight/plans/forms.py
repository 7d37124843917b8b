"""Forms for plans: a plan, its review, an action (who must act: him first, then her, the children, the
worker, an agency) and an action's update."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from spotlight.cases.models import Family, Person
from spotlight.plans.domain.balance import default_plan_rules
from spotlight.plans.models import ActionStatus, Owner
from spotlight.ui.forms import GovukDateField
from spotlight.vocabulary import ROLE_ORDER


class PlanForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of plan", widget=forms.RadioSelect, error_messages={"required": "Choose the kind of plan."}
    )
    started_on = GovukDateField(
        label="The day it started", past_or_today=True, help_text="For example, 14 11 2026.",
        error_messages={"required": "Enter the day the plan started."},
    )  # fmt: skip
    next_review_on = GovukDateField(
        label="Its next review (optional)", required=False, help_text="For example, 14 2 2027."
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = list(default_plan_rules().kinds)


class PlanReviewForm(forms.Form):
    reviewed_on = GovukDateField(
        label="The day it was reviewed", past_or_today=True, help_text="For example, 14 11 2026.",
        error_messages={"required": "Enter the day the plan was reviewed."},
    )  # fmt: skip
    next_review_on = GovukDateField(
        label="Its next review", required=False, help_text="Leave empty if the plan has ended."
    )
    ended = forms.BooleanField(label="The plan has ended", required=False)


def _people(family: Family) -> list[tuple[str, str]]:
    """The family's people, him first, then her, the children and other adults."""
    order = {role.value: i for i, role in enumerate(ROLE_ORDER)}
    people = sorted(
        Person.objects.filter(family=family, struck_out_at=None), key=lambda p: (order.get(p.role, 9), p.pk)
    )
    return [(str(p.pk), p.full_name) for p in people]


class ActionForm(forms.Form):
    text = forms.CharField(
        label="What must happen",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Say who does what, by when. Put the work about his behaviour on him, and on agencies.",
        error_messages={"required": "Say what must happen."},
    )
    who = forms.ChoiceField(
        label="Who must act", widget=forms.RadioSelect, error_messages={"required": "Choose who must act."}
    )
    agency = forms.CharField(
        label="The agency (when an agency must act)", required=False, max_length=200,
        help_text="For example, the police, the school, the IDVA service.",
    )  # fmt: skip
    due_on = GovukDateField(label="By when (optional)", required=False, help_text="For example, 14 12 2026.")

    def __init__(self, *args: Any, family: Family, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [*_people(family), (Owner.WORKER.value, "The social worker"), (Owner.AGENCY.value, "An agency")]
        cast(forms.ChoiceField, self.fields["who"]).choices = choices


class ActionUpdateForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)  # the action as she opened it
    status = forms.ChoiceField(
        label="Where it has got to", choices=ActionStatus.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose where the action has got to."},
    )  # fmt: skip
    on = GovukDateField(
        label="Date", past_or_today=True, help_text="For example, 2 12 2026.",
        error_messages={"required": "Enter the date of this update."},
    )  # fmt: skip
    not_done_reason = forms.CharField(
        label="Why it was not done (when it was not)", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    note = forms.CharField(
        label="Note (optional)", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
