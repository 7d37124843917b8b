"""Reads of plans, for the family page, the plan's page, its printed copy and the audit: each action with
who must act (in the family's words), its balance findings and the language review's, and the plan's
balance. The family has already passed the read gate."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.http import Http404

from spotlight.cases.models import Family, Person
from spotlight.cases.selectors import review_people
from spotlight.language import review
from spotlight.language.findings import Finding
from spotlight.plans.domain.balance import (
    OWNER_LABELS,
    ActionFinding,
    ActionText,
    Balance,
    default_plan_rules,
    owner_group,
    plan_balance,
)
from spotlight.plans.models import ActionStatus, Owner, Plan, PlanAction, PlanStatus


def _group(action: PlanAction, people: dict[int, Person]) -> str:
    """Whom an action falls on, as the balance counts it."""
    person = people.get(action.person_id or 0)
    return owner_group(action.owner, person.role if person is not None else None)


def owner_name(action: PlanAction, people: dict[int, Person]) -> str:
    if action.owner == Owner.WORKER:
        return "The social worker"
    if action.owner == Owner.AGENCY:
        return action.agency
    person = people.get(action.person_id or 0)
    return person.full_name if person is not None else "Someone no longer on the record"


@dataclass(frozen=True)
class ActionLine:
    action: PlanAction
    who: str
    group: str
    findings: tuple[ActionFinding, ...]
    wording: tuple[Finding, ...]
    overdue: bool
    #: every update, oldest first: (date, status label, note)
    updates: tuple[tuple[dt.date, str, str], ...]


@dataclass(frozen=True)
class PlanView:
    plan: Plan
    kind_label: str
    actions: tuple[ActionLine, ...]
    balance: Balance
    review_overdue: bool
    #: whom actions fall on, in the family's words ("him", or "them" where those are his recorded pronouns)
    owner_labels: dict[str, str]

    @property
    def balance_lines(self) -> list[tuple[str, int]]:
        """(who, how many actions), his first, as the page says them."""
        return [(self.owner_labels[owner], count) for owner, count in self.balance.counts]

    def by_who(self) -> list[tuple[str, list[ActionLine]]]:
        """The actions grouped by who must act, in the balance's order (his first): for the printed plan."""
        order = {owner: i for i, (owner, _) in enumerate(self.balance.counts)}
        groups: dict[str, list[ActionLine]] = {}
        for line in sorted(self.actions, key=lambda a: (order[a.group], a.who, a.action.pk)):
            groups.setdefault(line.who, []).append(line)
        return list(groups.items())


def plan_view(family: Family, plan: Plan, *, today: dt.date, people: Sequence[Person] | None = None) -> PlanView:
    rules = default_plan_rules()
    everyone = list(people) if people is not None else list(Person.objects.filter(family=family))
    by_id = {p.pk: p for p in everyone}
    reviewing = review_people(family)
    actions = list(PlanAction.objects.filter(plan=plan, struck_out_at=None).order_by("id"))
    texts = [ActionText(a.pk, a.text, _group(a, by_id)) for a in actions]
    balance = plan_balance(texts, reviewing, rules, kind=plan.kind)
    statuses = dict(ActionStatus.choices)
    lines = tuple(
        ActionLine(
            action=a,
            who=owner_name(a, by_id),
            group=t.owner,
            findings=tuple(f for f in balance.findings if f.action_id == a.pk),
            wording=tuple(f for f in review(a.text, reviewing) if not f.is_dismissed),
            overdue=bool(a.due_on and a.due_on < today and a.status not in (ActionStatus.DONE, ActionStatus.NOT_DONE)),
            updates=tuple(
                (dt.date.fromisoformat(u["on"]), statuses.get(u["status"], u["status"]), u.get("note", ""))
                for u in a.updates
            ),
        )
        for a, t in zip(actions, texts, strict=True)
    )
    overdue = bool(plan.status == PlanStatus.ACTIVE and plan.next_review_on and plan.next_review_on < today)
    labels = {owner: family.words.say(label) for owner, label in OWNER_LABELS.items()}
    return PlanView(plan, rules.kind_label(plan.kind), lines, balance, overdue, labels)


def family_plans(family: Family, *, today: dt.date) -> list[PlanView]:
    """The family's plans, active first, newest first."""
    people = list(Person.objects.filter(family=family))
    plans = Plan.objects.filter(family=family, struck_out_at=None).order_by("status", "-started_on", "-id")
    return [plan_view(family, p, today=today, people=people) for p in plans]


def family_plan(family: Family, plan_id: int) -> Plan:
    plan = Plan.objects.filter(family=family, pk=plan_id, struck_out_at=None).first()
    if plan is None:
        raise Http404("No plan with that reference is recorded for this family.")
    return plan


def plan_action(family: Family, plan: Plan, action_id: int) -> PlanAction:
    action = PlanAction.objects.filter(family=family, plan=plan, pk=action_id, struck_out_at=None).first()
    if action is None:
        raise Http404("No action with that reference is recorded on this plan.")
    return action
