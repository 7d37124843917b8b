"""Plans and their actions as kinds of record a worker can correct (a mistake in what was written, not
an update: updates are kept on the action), and the form's data as the services take it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spotlight.cases.gate import WritableFamily
from spotlight.cases.versions import RecordKind
from spotlight.plans import services
from spotlight.plans.models import Owner, Plan, PlanAction


def plan_given(data: Mapping[str, Any]) -> services.PlanGiven:
    return services.PlanGiven(data["kind"], data["started_on"], data.get("next_review_on"))


def action_given(data: Mapping[str, Any]) -> services.ActionGiven:
    who = str(data.get("who") or "")
    owner, person_id = (
        (who, None)
        if who in (Owner.WORKER, Owner.AGENCY)
        else (Owner.PERSON.value, int(who) if who.isdigit() else None)
    )
    return services.ActionGiven(
        str(data.get("text") or ""), owner, person_id, str(data.get("agency") or ""), data.get("due_on")
    )


def _plan_write(target: WritableFamily, plan: Plan, data: dict[str, Any]) -> None:
    services.plan_fill(target, plan, plan_given(data))
    plan.save()


def _action_write(target: WritableFamily, action: PlanAction, data: dict[str, Any]) -> None:
    services.action_fill(target, action, action_given(data))
    action.save()


def _made(row: Plan | PlanAction) -> tuple[Any, str]:
    return row.recorded_at, row.recorded_by.display_name if row.recorded_by else ""


PLAN: RecordKind[Plan] = RecordKind(
    key="plan",
    label="plan",
    records=lambda family: Plan.objects.filter(family=family).select_related("recorded_by"),
    read=lambda p: {"kind": p.kind, "started_on": p.started_on, "next_review_on": p.next_review_on},
    write=_plan_write,
    first_made=_made,
)

PLAN_ACTION: RecordKind[PlanAction] = RecordKind(
    key="plan-action",
    label="plan action",
    records=lambda family: PlanAction.objects.filter(family=family).select_related("recorded_by", "plan"),
    read=lambda a: {
        "text": a.text,
        "who": str(a.person_id) if a.owner == Owner.PERSON else a.owner,
        "agency": a.agency,
        "due_on": a.due_on,
    },
    write=_action_write,
    first_made=_made,
)
