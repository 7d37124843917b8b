"""Plans' part of the case-file format: each family's plans, with their actions (who must act, by when,
where each has got to and every update). Pure Python (pydantic, no Django); every field is optional, so
files written before plans existed still read. Kinds are checked against the plans file in use."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
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
from spotlight.language.findings import Person as ReviewPerson
from spotlight.plans.domain.balance import AGENCIES, HER, HIM, ActionText, default_plan_rules, owner_group, plan_balance

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


@dataclass(frozen=True)
class PlansSummary:
    """What the audit reads of a family's plans: their actions by whom they fall on, and the findings."""

    plans: int = 0
    on_him: int = 0
    on_her: int = 0
    on_agencies: int = 0
    #: actions that ask her to control or manage his behaviour
    control_findings: int = 0
    #: plans whose only action about the abuse is a course for her
    only_her_course: int = 0
    #: actions on him, or agencies' actions, about his abuse or the family's safety from it
    on_the_abuse: int = 0


def plans_summary(part: PlansPart, people: Mapping[str, PersonRecord]) -> PlansSummary:
    """The balance of every plan not ended (or, when all have ended, the latest), added up."""
    plans = [p for p in part.plans if p.status == "active"] or sorted(part.plans, key=lambda p: p.started_on)[-1:]
    if not plans:
        return PlansSummary()
    named = [ReviewPerson.named(p.given_name, p.family_name, p.role) for p in people.values()]
    counts: Counter[str] = Counter()
    roles = {p_id: str(person.role) for p_id, person in people.items()}
    for plan in plans:
        texts = [
            ActionText(j, a.text, owner_group(a.owner, roles.get(a.person or ""))) for j, a in enumerate(plan.actions)
        ]
        balance = plan_balance(texts, named, kind=plan.kind)
        counts.update(dict(balance.counts))
        counts["findings"] += len(balance.findings)
        counts["only_course"] += bool(balance.only_her_course)
        counts["abuse"] += balance.actions_on_the_abuse
    return PlansSummary(
        plans=len(plans),
        on_him=counts[HIM],
        on_her=counts[HER],
        on_agencies=counts[AGENCIES],
        control_findings=counts["findings"],
        only_her_course=counts["only_course"],
        on_the_abuse=counts["abuse"],
    )
