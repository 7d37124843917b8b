"""The demo's plan statuses and tasks: every child born gets one current plan status, seeded, starting
after the family's record opened; each worker holding families gets a few tasks."""

from __future__ import annotations

import pytest

from spotlight.casework.models import ChildPlan, Task
from spotlight.clock import local_today
from spotlight.family.demo_plans import load_demo_plans, load_demo_tasks
from tests.conftest import World


@pytest.mark.django_db
def test_the_demo_gives_children_plan_statuses_and_workers_tasks(world: World) -> None:
    today = local_today()
    assert load_demo_plans(today=today, seed=7) == 4  # one child in each of the four families
    plans = list(ChildPlan.objects.select_related("family"))
    assert all(p.current and p.family.opened_on <= p.started_on <= today for p in plans)
    first = sorted((p.child_id, p.status) for p in plans)
    ChildPlan.objects.all().delete()
    load_demo_plans(today=today, seed=7)
    assert sorted(ChildPlan.objects.values_list("child_id", "status")) == first  # the same for the same seed
    assert load_demo_tasks(today=today, seed=7, per_worker=2) == 3  # sw_north holds 1 family, sw_south 2
    assert {t.assigned_to.username for t in Task.objects.all()} == {"sw_north", "sw_south"}
