"""Plan pages: a new plan, a plan's page (its actions with who must act, its balance and each finding),
an action added or updated, a review, and the plan printed for the family. Thin: the gates decide who
may read and write, the services check and save, the selectors read."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from spotlight.access import policy
from spotlight.cases.editing import family_form_view
from spotlight.cases.gate import WritableFamily, family_for_read
from spotlight.cases.models import Family
from spotlight.clock import local_today
from spotlight.plans import records, selectors, services
from spotlight.plans.forms import ActionForm, ActionUpdateForm, PlanForm, PlanReviewForm
from spotlight.ui.requests import staff_user

ANCHOR = "plans"


def _plan_url(family_id: int, plan_id: int) -> str:
    return reverse("plan_detail", kwargs={"family_id": family_id, "plan_id": plan_id})


@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest, family_id: int) -> HttpResponse:
    made: dict[str, int] = {}

    def save(target: WritableFamily, data: dict[str, Any]) -> str:
        made["plan"] = services.plan_create(target=target, given=records.plan_given(data)).pk
        return "Plan recorded. Add its actions: what he will do, what agencies will do, and what each person will do."

    return family_form_view(
        request,
        family_id,
        what="plan form",
        title="Record a plan",
        submit="Record the plan",
        make_form=lambda family, data: PlanForm(data),
        save=save,
        anchor=ANCHOR,
        done_url=lambda family: _plan_url(family.pk, made["plan"]),
    )


@require_GET
def plan_detail(request: HttpRequest, family_id: int, plan_id: int) -> HttpResponse:
    user = staff_user(request)
    family = family_for_read(user, family_id, what=f"plan {plan_id}")
    view = selectors.plan_view(family, selectors.family_plan(family, plan_id), today=local_today())
    context = {"family": family, "view": view, "can_write": policy.may_change_record(user)}
    return render(request, "plans/plan_detail.html", context)


@require_GET
def plan_print(request: HttpRequest, family_id: int, plan_id: int) -> HttpResponse:
    """The plan in plain words for the family: what each person and each agency will do, by when, and
    when it will be reviewed. No sealed detail, no finding, no case reference."""
    user = staff_user(request)
    family = family_for_read(user, family_id, what=f"plan {plan_id} printed")
    view = selectors.plan_view(family, selectors.family_plan(family, plan_id), today=local_today())
    return render(request, "plans/plan_print.html", {"family": family, "view": view})


@require_http_methods(["GET", "POST"])
def action_add(request: HttpRequest, family_id: int, plan_id: int) -> HttpResponse:
    def save(target: WritableFamily, data: dict[str, Any]) -> str:
        services.action_add(target=target, plan_id=plan_id, given=records.action_given(data))
        return "Action added to the plan."

    def make_form(family: Family, data: Any) -> ActionForm:
        selectors.family_plan(family, plan_id)  # a plan of another family is not found
        return ActionForm(data, family=family)

    return family_form_view(
        request,
        family_id,
        what=f"plan {plan_id}: add an action form",
        title="Add an action to the plan",
        submit="Add the action",
        make_form=make_form,
        save=save,
        template="plans/action_form.html",
        anchor=ANCHOR,
        done_url=lambda family: _plan_url(family.pk, plan_id),
    )


@require_http_methods(["GET", "POST"])
def action_update(request: HttpRequest, family_id: int, plan_id: int, action_id: int) -> HttpResponse:
    def save(target: WritableFamily, data: dict[str, Any]) -> str:
        services.action_update(
            target=target,
            action_id=action_id,
            status=data["status"],
            on=data["on"],
            note=data["note"],
            not_done_reason=data["not_done_reason"],
            seen_version=data["version"],
        )
        return "Where the action has got to is recorded."

    def make_form(family: Family, data: Any) -> ActionUpdateForm:
        action = selectors.plan_action(family, selectors.family_plan(family, plan_id), action_id)
        return ActionUpdateForm(data, initial={"status": action.status, "version": action.version})

    return family_form_view(
        request,
        family_id,
        what=f"plan {plan_id}: update an action form",
        title="Where the action has got to",
        submit="Save",
        make_form=make_form,
        save=save,
        template="plans/action_update.html",
        anchor=ANCHOR,
        extra=lambda family: {
            "action": selectors.plan_action(family, selectors.family_plan(family, plan_id), action_id)
        },
        done_url=lambda family: _plan_url(family.pk, plan_id),
    )


@require_http_methods(["GET", "POST"])
def plan_review(request: HttpRequest, family_id: int, plan_id: int) -> HttpResponse:
    def save(target: WritableFamily, data: dict[str, Any]) -> str:
        services.plan_review(
            target=target,
            plan_id=plan_id,
            reviewed_on=data["reviewed_on"],
            next_review_on=data["next_review_on"],
            ended=data["ended"],
        )
        return "The plan's review is recorded."

    def make_form(family: Family, data: Any) -> PlanReviewForm:
        selectors.family_plan(family, plan_id)
        return PlanReviewForm(data)

    return family_form_view(
        request,
        family_id,
        what=f"plan {plan_id}: review form",
        title="Record a review of the plan",
        submit="Record the review",
        make_form=make_form,
        save=save,
        anchor=ANCHOR,
        done_url=lambda family: _plan_url(family.pk, plan_id),
    )
