"""Plans' part of the case file, to and from the database: each plan with its actions and their updates."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from spotlight.access.models import User
from spotlight.cases.interchange import BATCH, PeopleByRef
from spotlight.cases.models import Family
from spotlight.plans.domain.casefile import ActionUpdateRecord, PlanActionRecord, PlanRecord, PlansPart
from spotlight.plans.models import Plan, PlanAction


def export_plans_part(family: Family, pid: dict[int, str]) -> dict[str, Any]:
    """The family's plans, oldest first, each with its actions (struck-out records left out)."""
    plans = Plan.objects.filter(family=family, struck_out_at=None).order_by("started_on", "id")
    actions: dict[int, list[PlanAction]] = {}
    for action in PlanAction.objects.filter(family=family, struck_out_at=None).order_by("id"):
        actions.setdefault(action.plan_id, []).append(action)
    return {
        "plans": tuple(
            PlanRecord(
                id=p.external_id or f"plan{p.pk}",
                kind=p.kind,
                started_on=p.started_on,
                next_review_on=p.next_review_on,
                reviewed=tuple(dt.date.fromisoformat(d) for d in p.reviewed),
                status=p.status,  # type: ignore[arg-type]  # pydantic checks it
                ended_on=p.ended_on,
                actions=tuple(_action_record(a, pid) for a in actions.get(p.pk, [])),
            )
            for p in plans
        )
    }


def _action_record(a: PlanAction, pid: dict[int, str]) -> PlanActionRecord:
    return PlanActionRecord(
        id=a.external_id or f"pa{a.pk}",
        text=a.text,
        owner=a.owner,  # type: ignore[arg-type]  # pydantic checks it
        person=pid.get(a.person_id) if a.person_id else None,
        agency=a.agency,
        due_on=a.due_on,
        status=a.status,  # type: ignore[arg-type]
        not_done_reason=a.not_done_reason,
        updates=tuple(ActionUpdateRecord(**u) for u in a.updates),
    )


def write_plans_part(
    families: list[Family], batch: list[PlansPart], person: PeopleByRef, *, user: User | None
) -> Counter[str]:
    """Plans' rows of a batch of families, checked already (kinds, people, dates)."""
    plans: list[tuple[Plan, PlanRecord, Family]] = []
    for fam, rec in zip(families, batch, strict=True):
        for p in rec.plans:
            row = Plan(
                family=fam,
                kind=p.kind,
                started_on=p.started_on,
                next_review_on=p.next_review_on,
                reviewed=[d.isoformat() for d in p.reviewed],
                status=p.status,
                ended_on=p.ended_on,
                external_id=p.id,
                recorded_by=user,
            )
            plans.append((row, p, fam))
    Plan.objects.bulk_create([row for row, _, _ in plans], batch_size=BATCH)
    actions = [
        PlanAction(
            plan=row,
            family=fam,
            text=a.text,
            owner=a.owner,
            person=person[(fam.pk, a.person)] if a.person else None,
            agency=a.agency,
            due_on=a.due_on,
            status=a.status,
            not_done_reason=a.not_done_reason,
            updates=[{"on": u.on.isoformat(), "status": u.status, "note": u.note} for u in a.updates],
            external_id=a.id,
            recorded_by=user,
        )
        for row, p, fam in plans
        for a in p.actions
    ]
    PlanAction.objects.bulk_create(actions, batch_size=BATCH)
    return Counter(plans=len(plans), plan_actions=len(actions))
