"""Plan statuses and tasks for the demo, so "Due this week" and "Overdue across my teams" have something
to show: each child born is given a plan status (seeded) from a day after the family's record opened, and
each demo worker a few tasks on her families. Synthetic data only."""

from __future__ import annotations

import datetime as dt
import random

from spotlight.access.models import Allocation
from spotlight.cases.models import Person
from spotlight.casework.models import ChildPlan, Task

#: Plan statuses given to the demo's children, and how often each is given (of 100).
PLAN_WEIGHTS: dict[str, int] = {"child_protection": 20, "child_in_need": 30, "looked_after": 5, "early_help": 45}
DEMO_TASKS = (
    "Book a home visit to see {child} on their own",
    "Ask the school how {child} has been this week",
    "Offer {him} an appointment to talk about his parenting",
    "Send the core group the updated safety plan",
)


def load_demo_plans(*, today: dt.date, seed: int) -> int:
    """Gives each child (not unborn) a current plan status; returns how many."""
    rng = random.Random(f"demo-plans:{seed}")  # noqa: S311  # synthetic demo data
    children = Person.objects.filter(role="child", date_of_birth__isnull=False).select_related("family")
    statuses, weights = list(PLAN_WEIGHTS), list(PLAN_WEIGHTS.values())
    plans = []
    for child in children.order_by("id"):
        opened = child.family.opened_on
        span = max(0, (today - opened).days)
        started = opened + dt.timedelta(days=rng.randint(0, span)) if span else today
        plans.append(
            ChildPlan(
                family_id=child.family_id,
                child=child,
                status=rng.choices(statuses, weights)[0],
                started_on=started,
                current=True,
            )
        )
    ChildPlan.objects.bulk_create(plans, batch_size=500)
    return len(plans)


def load_demo_tasks(*, today: dt.date, seed: int, per_worker: int = 4) -> int:
    """A few open tasks for each worker holding demo families, some already overdue; returns how many."""
    rng = random.Random(f"demo-tasks:{seed}")  # noqa: S311  # synthetic demo data
    tasks = []
    allocations = Allocation.objects.filter(ended_on__isnull=True).select_related("worker").order_by("id")
    by_worker: dict[int, list[Allocation]] = {}
    for allocation in allocations:
        by_worker.setdefault(allocation.worker_id, []).append(allocation)
    for held in by_worker.values():
        for allocation in rng.sample(held, min(per_worker, len(held))):
            people = {p.role: p for p in Person.objects.filter(family_id=allocation.family_id).order_by("-id")}
            child, him = people.get("child"), people.get("person_causing_harm")
            fitting = [t for t in DEMO_TASKS if (child or "{child}" not in t) and (him or "{him}" not in t)]
            title = rng.choice(fitting).format(
                child=child.given_name if child else "", him=him.given_name if him else ""
            )
            tasks.append(
                Task(
                    family_id=allocation.family_id,
                    title=title,
                    due_on=today + dt.timedelta(days=rng.randint(-5, 10)),
                    assigned_to=allocation.worker,
                    set_by=allocation.worker,
                )
            )
    Task.objects.bulk_create(tasks)
    return len(tasks)
