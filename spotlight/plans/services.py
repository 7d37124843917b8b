"""Writes for plans. Each takes the `WritableFamily` the write gate hands out, checks everything (every
problem at once, field by field), saves atomically and logs what kind of record and its id, never its
words. An action's words never hold a sealed detail: a plan is printed for the family."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from spotlight.access.models import AccessAction
from spotlight.cases.gate import WritableFamily
from spotlight.cases.models import Person
from spotlight.cases.selectors import holds_sealed_detail
from spotlight.clock import local_today
from spotlight.plans.domain.balance import default_plan_rules
from spotlight.plans.models import ActionStatus, Owner, Plan, PlanAction, PlanStatus

TEXT_LENGTH = 2000


@dataclasses.dataclass(frozen=True)
class PlanGiven:
    kind: str
    started_on: dt.date
    next_review_on: dt.date | None = None


@dataclasses.dataclass(frozen=True)
class ActionGiven:
    text: str
    owner: str
    person_id: int | None = None
    agency: str = ""
    due_on: dt.date | None = None


def _refuse(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError({field: [message] for field, message in errors.items()})


def plan_fill(target: WritableFamily, plan: Plan, given: PlanGiven) -> None:
    """Checks a plan (new, or a correction) and sets it."""
    errors: dict[str, str] = {}
    if given.kind not in dict(default_plan_rules().kinds):
        errors["kind"] = "Choose the kind of plan."
    if given.started_on > local_today():
        errors["started_on"] = "The date must be today or in the past."
    if given.next_review_on is not None and given.next_review_on < given.started_on:
        errors["next_review_on"] = "The next review must be on or after the day the plan started."
    _refuse(errors)
    plan.kind, plan.started_on, plan.next_review_on = given.kind, given.started_on, given.next_review_on


def plan_create(*, target: WritableFamily, given: PlanGiven) -> Plan:
    plan = Plan(family=target.family, recorded_by=target.user)
    plan_fill(target, plan, given)
    with transaction.atomic():
        plan.save()
        target.log(AccessAction.CREATE, f"plan {plan.pk}")
    return plan


def _plan(target: WritableFamily, plan_id: int) -> Plan:
    plan = Plan.objects.filter(family=target.family, pk=plan_id, struck_out_at=None).first()
    if plan is None:
        raise Http404("No plan with that reference is recorded for this family.")
    return plan


def plan_review(
    *,
    target: WritableFamily,
    plan_id: int,
    reviewed_on: dt.date,
    next_review_on: dt.date | None,
    ended: bool = False,
) -> Plan:
    """Record a review of the plan: the day it was reviewed, and the next review, or that it ended."""
    plan = _plan(target, plan_id)
    errors: dict[str, str] = {}
    if reviewed_on > local_today():
        errors["reviewed_on"] = "The date must be today or in the past."
    elif reviewed_on < plan.started_on:
        errors["reviewed_on"] = "The review must be on or after the day the plan started."
    if not ended and next_review_on is None:
        errors["next_review_on"] = "Enter the date of the next review, or say the plan has ended."
    elif next_review_on is not None and next_review_on < reviewed_on:
        errors["next_review_on"] = "The next review must be after this one."
    _refuse(errors)
    plan.reviewed = [*plan.reviewed, reviewed_on.isoformat()]
    plan.next_review_on = None if ended else next_review_on
    plan.status, plan.ended_on = (PlanStatus.ENDED, reviewed_on) if ended else (PlanStatus.ACTIVE, None)
    with transaction.atomic():
        plan.save(update_fields=["reviewed", "next_review_on", "status", "ended_on"])
        target.log(AccessAction.UPDATE, f"plan {plan.pk} reviewed")
    return plan


def action_fill(target: WritableFamily, action: PlanAction, given: ActionGiven) -> None:
    """Checks an action (new, or a correction) and sets it."""
    errors: dict[str, str] = {}
    text = given.text.strip()
    people = list(Person.objects.filter(family=target.family, struck_out_at=None))
    if not text:
        errors["text"] = "Say what must happen."
    elif len(text) > TEXT_LENGTH:
        errors["text"] = f"Keep an action to {TEXT_LENGTH} characters: split it into two actions."
    elif any(holds_sealed_detail(text, p) for p in people):
        errors["text"] = (
            "The action holds a sealed detail (an address, a phone number or a safe contact): take it out. "
            "A plan is printed and shared with the family and agencies."
        )
    person = None
    if given.owner not in Owner.values:
        errors["owner"] = "Choose who must act."
    elif given.owner == Owner.PERSON:
        person = next((p for p in people if p.pk == given.person_id), None)
        if person is None:
            errors["person"] = "Choose the person in the family who must act."
    elif given.owner == Owner.AGENCY and not given.agency.strip():
        errors["agency"] = "Name the agency that must act, for example the police or the school."
    if given.due_on is not None and action.plan_id and given.due_on < action.plan.started_on:
        errors["due_on"] = "The date must be on or after the day the plan started."
    _refuse(errors)
    action.text, action.owner, action.person, action.due_on = text, given.owner, person, given.due_on
    action.agency = given.agency.strip() if given.owner == Owner.AGENCY else ""


def action_add(*, target: WritableFamily, plan_id: int, given: ActionGiven, source: str = "") -> PlanAction:
    plan = _plan(target, plan_id)
    action = PlanAction(plan=plan, family=target.family, recorded_by=target.user, source=source)
    action_fill(target, action, given)
    with transaction.atomic():
        action.save()
        target.log(AccessAction.CREATE, f"plan action {action.pk}")
    return action


def action_update(
    *,
    target: WritableFamily,
    action_id: int,
    status: str,
    on: dt.date,
    note: str = "",
    not_done_reason: str = "",
    seen_version: int | None = None,
) -> PlanAction:
    """Record where an action has got to, dated; every update is kept. Refused, naming who changed it, when
    the action is no longer at ``seen_version`` (the version she opened)."""
    errors: dict[str, str] = {}
    if status not in ActionStatus.values:
        errors["status"] = "Choose where the action has got to."
    if on > local_today():
        errors["on"] = "The date must be today or in the past."
    if status == ActionStatus.NOT_DONE and not not_done_reason.strip():
        errors["not_done_reason"] = "Say why it was not done."
    _refuse(errors)
    with transaction.atomic():
        action = (
            PlanAction.objects.select_for_update()
            .filter(family=target.family, pk=action_id, struck_out_at=None)
            .first()
        )
        if action is None:
            raise Http404("No action with that reference is recorded for this family.")
        if seen_version is not None and action.version != seen_version:
            who = action.changed_by_name or "Someone"
            raise ValidationError(
                f"{who} changed this action after you opened this page, so your update has not been saved. "
                "Open the plan again to see where it has got to now; what you typed is still below."
            )
        action.updates = [*action.updates, {"on": on.isoformat(), "status": status, "note": note.strip()}]
        action.status = status
        action.not_done_reason = not_done_reason.strip() if status == ActionStatus.NOT_DONE else ""
        action.version += 1
        action.changed_by_name, action.changed_at = target.user.display_name, timezone.now()
        action.save()
        target.log(AccessAction.UPDATE, f"plan action {action.pk} updated")
    return action
