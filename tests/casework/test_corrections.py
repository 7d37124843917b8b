"""A child's plan status and a task are corrected like every other record (issue 11): the earlier
version is kept, a record entered in error is struck out with a reason, and a plan status struck out
no longer decides how often the child must be seen."""

from __future__ import annotations

import datetime as dt

import pytest

from spotlight.cases.models import RecordVersion
from spotlight.cases.versions import record_change, record_strike_out
from spotlight.casework import records
from spotlight.casework.models import ChildPlan
from spotlight.casework.services import child_plan_record, task_create
from spotlight.clock import local_today
from tests.conftest import SpotlightClient, World, writable

TODAY = local_today()


@pytest.mark.django_db
def test_a_task_is_corrected_with_its_earlier_version_kept(world: World) -> None:
    family = world.families["north_allocated"]
    target = writable(world.users["sw_north"], family)
    task = task_create(target=target, title="Ring the school", due_on=TODAY, assignee_id=world.users["sw_north"].pk)
    values = records.TASK.read(task) | {"title": "Ring the school nurse", "due_on": TODAY + dt.timedelta(days=2)}
    record_change(target=target, kind=records.TASK, record_id=task.pk, seen_version=1, values=values)
    task.refresh_from_db()
    assert task.title == "Ring the school nurse" and task.version == 2
    assert RecordVersion.objects.get(kind="task", record_id=task.pk).values["title"] == "Ring the school"
    client = SpotlightClient()
    client.force_login(world.users["sw_north"])
    assert client.get(f"/families/{family.pk}/records/task/{task.pk}/change/").status_code == 200
    assert "see earlier versions" in client.get(f"/families/{family.pk}/").content.decode()


@pytest.mark.django_db
def test_a_plan_status_struck_out_no_longer_decides_the_visits(world: World) -> None:
    family = world.families["north_allocated"]
    target = writable(world.users["sw_north"], family)
    child = family.people.get(role="child")
    earlier = child_plan_record(
        target=target, child_id=child.pk, status="child_in_need", started_on=TODAY - dt.timedelta(days=90)
    )
    wrong = child_plan_record(
        target=target, child_id=child.pk, status="child_protection", started_on=TODAY - dt.timedelta(days=10)
    )
    assert ChildPlan.objects.get(current=True, child=child).pk == wrong.pk
    record_strike_out(target=target, kind=records.CHILD_PLAN, record_id=wrong.pk, reason="Recorded for the wrong child")
    assert ChildPlan.objects.get(current=True, child=child).pk == earlier.pk
    values = records.CHILD_PLAN.read(earlier) | {"status": "looked_after"}
    record_change(target=target, kind=records.CHILD_PLAN, record_id=earlier.pk, seen_version=1, values=values)
    assert ChildPlan.objects.get(current=True, child=child).status == "looked_after"
