"""Helpers for casework tests: families with a child on a plan and a person causing harm, seen when asked."""

from __future__ import annotations

import datetime as dt

from spotlight.access.models import Allocation, Team, User
from spotlight.cases.models import CaseNote, ContactAttempt, Family, Person
from spotlight.casework.models import ChildPlan
from spotlight.clock import local_today


def days_ago(days: int) -> dt.date:
    return local_today() - dt.timedelta(days=days)


def make_family(
    name: str,
    team: Team,
    *,
    worker: User | None = None,
    plan: str | None = "child_protection",
    plan_started: int = 60,
    child_seen: int | None = None,
    him_reached: int | None = None,
    opened: int = 90,
) -> Family:
    """A family of `team` (allocated to `worker`) with Sam (a child, on `plan` since `plan_started` days
    ago, seen `child_seen` days ago) and Lee (the person causing harm, reached `him_reached` days ago)."""
    surname = name.split()[0]
    family = Family.objects.create(reference=f"CW-{name}", name=name, team=team, opened_on=days_ago(opened))
    if worker is not None:
        Allocation.objects.create(family=family, worker=worker, allocated_on=days_ago(opened))
    child = Person.objects.create(
        family=family, role="child", given_name="Sam", family_name=surname, date_of_birth=days_ago(3000)
    )
    him = Person.objects.create(family=family, role="person_causing_harm", given_name="Lee", family_name=surname)
    Person.objects.create(family=family, role="adult_survivor", given_name="Ana", family_name=surname)
    if plan:
        ChildPlan.objects.create(family=family, child=child, status=plan, started_on=days_ago(plan_started))
    if child_seen is not None:
        note = CaseNote.objects.create(
            family=family, occurred_on=days_ago(child_seen), contact_type="home_visit", text="Saw Sam at home."
        )
        note.present.set([child])
    if him_reached is not None:
        ContactAttempt.objects.create(
            family=family, person=him, occurred_on=days_ago(him_reached), outcome="seen", method="office_visit"
        )
    return family
