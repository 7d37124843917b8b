"""Plans' part of the case-file format: each family's plans, with their actions (who must act, by when,
where each has got to and every update). Pure Python (pydantic, no Django); every field is optional, so
files written before plans existed still read. Kinds are checked against the plans file in use."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Literal

from pydantic import StringConstraints

from spotlight.cases.domain.casefile import (
    Identifier,
    LongText,
    OptionalName,
    PersonRecord,
    PlainName,
    Record,
    Report,
    RequiredText,
    check_person,
    check_unique_ids,
)
from spotlight.plans.domain.balance import default_plan_rules

ActionStatusId = Literal["not_started", "in_progress", "done", "not_done"]
KindId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60), PlainName]


class ActionUpdateRecord(Record):
    on: dt.date
    status: ActionStatusId
    note: LongText = ""


class PlanActionRecord(Record):
    id: Identifier
    text: RequiredText
    #: who must act: a person in the family (``person``), the worker, or an agency (``agency``)
    owner: Literal["person", "worker", "agency"]
    person: Identifier | None = None
    agency: OptionalName = ""
    due_on: dt.date | None = None
    status: ActionStatusId = "not_started"
    not_done_reason: LongText = ""
    updates: tuple[ActionUpdateRecord, ...] = ()


class PlanRecord(Record):
    id: Identifier
    kind: KindId
    started_on: dt.date
    next_review_on: dt.date | None = None
    reviewed: tuple[dt.date, ...] = ()
    status: Literal["active", "ended"] = "active"
    ended_on: dt.date | None = None
    actions: tuple[PlanActionRecord, ...] = ()


class PlansPart(Record):
    plans: tuple[PlanRecord, ...] = ()


def check_plans_part(part: PlansPart, *, people: Mapping[str, PersonRecord], err: Report, today: dt.date) -> None:
    """Kinds from the plans file in use; who must act named; no date of the past in the future."""
    if not part.plans:
        return
    kinds = dict(default_plan_rules().kinds)
    check_unique_ids(err, "plans", [p.id for p in part.plans])
    for i, plan in enumerate(part.plans):
        at = f"plans[{i}]"
        if plan.kind not in kinds:
            err(f"{at}.kind", f'"{plan.kind}" is not a kind of plan in the plans file')
        for field, day in (("started_on", plan.started_on), ("ended_on", plan.ended_on)):
            if day is not None and day > today:
                err(f"{at}.{field}", f"date {day.isoformat()} is in the future")
        if plan.status == "ended" and plan.ended_on is None:
            err(f"{at}.ended_on", "an ended plan says when it ended")
        check_unique_ids(err, f"{at}.actions", [a.id for a in plan.actions])
        for j, action in enumerate(plan.actions):
            _check_action(action, f"{at}.actions[{j}]", people, err, today)


def _check_action(
    action: PlanActionRecord, at: str, people: Mapping[str, PersonRecord], err: Report, today: dt.date
) -> None:
    if action.owner == "person":
        if action.person is None:
            err(f"{at}.person", "say which person in the family must act")
        else:
            check_person(err, people, f"{at}.person", action.person, None)
    elif action.person is not None:
        err(f"{at}.person", "only an action on a person in the family names one")
    if action.owner == "agency" and not action.agency:
        err(f"{at}.agency", "name the agency that must act")
    if action.status == "not_done" and not action.not_done_reason:
        err(f"{at}.not_done_reason", "an action not done says why")
    for k, update in enumerate(action.updates):
        if update.on > today:
            err(f"{at}.updates[{k}].on", f"date {update.on.isoformat()} is in the future")
