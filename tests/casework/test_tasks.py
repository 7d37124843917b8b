"""Tasks on a family: set by a worker for herself, or by her manager for a worker of the manager's teams;
done, or closed as not done with a reason; shown on the family page and on her "Due this week"; only
through the read and write gates, and every change logged without the task's words."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse

from spotlight.access.models import AccessLogEntry
from spotlight.casework import services
from spotlight.casework.models import Task, TaskStatus
from spotlight.clock import local_today
from tests.conftest import World, writable

TITLE = "Book a home visit to see Mia on her own"


def _date(prefix: str, day: dt.date) -> dict[str, object]:
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def _task(world: World, *, by: str = "sw_north", to: str = "sw_north", days: int = 3) -> Task:
    family = world.families["north_allocated"]
    return services.task_create(
        target=writable(world.users[by], family),
        title=TITLE,
        due_on=local_today() + dt.timedelta(days=days),
        assignee_id=world.users[to].pk,
    )


@pytest.mark.django_db
def test_a_worker_sets_herself_a_task_and_sees_it_on_the_family_page_and_due_this_week(
    world: World, client: Client
) -> None:
    family = world.families["north_allocated"]
    client.force_login(world.users["sw_north"])
    form = client.get(reverse("task_add", args=[family.pk])).content.decode()
    assert "Yourself (Sw)" in form
    response = client.post(
        reverse("task_add", args=[family.pk]),
        {
            "title": TITLE,
            **_date("due_on", local_today() + dt.timedelta(days=2)),
            "assigned_to": world.users["sw_north"].pk,
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("#tasks")
    task = Task.objects.get()
    assert (task.assigned_to, task.set_by, task.status) == (world.users["sw_north"], world.users["sw_north"], "open")
    page = client.get(reverse("family_detail", args=[family.pk])).content.decode()
    assert "Task set for you" in page and TITLE in page and reverse("task_done", args=[family.pk, task.pk]) in page
    due = client.get(reverse("due_this_week")).content.decode()
    assert TITLE in due and reverse("task_not_done", args=[family.pk, task.pk]) in due
    rows = AccessLogEntry.objects.filter(family=family, action="create", what__startswith=f"task {task.pk}")
    assert rows.count() == 1
    assert not AccessLogEntry.objects.filter(what__icontains="home visit").exists()


@pytest.mark.django_db
def test_a_task_form_with_mistakes_says_what_is_wrong_and_keeps_what_was_typed(world: World, client: Client) -> None:
    family = world.families["north_allocated"]
    client.force_login(world.users["sw_north"])
    response = client.post(
        reverse("task_add", args=[family.pk]),
        {
            "title": "Ring the school",
            **_date("due_on", local_today() - dt.timedelta(days=1)),
            "assigned_to": world.users["sw_south"].pk,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The date it is due must be today or in the future" in page
    assert "Choose yourself or a worker in the teams you manage" in page
    assert 'value="Ring the school"' in page
    assert not Task.objects.exists()


@pytest.mark.django_db
def test_a_worker_sets_tasks_only_for_herself(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        _task(world, by="sw_north", to="idva_north")
    assert "is not in the teams you manage" in caught.value.message_dict["assigned_to"][0]


@pytest.mark.django_db
def test_a_manager_sets_a_task_for_a_worker_of_her_teams_and_no_one_else(world: World) -> None:
    task = _task(world, by="manager_north", to="idva_north")
    assert task.assigned_to == world.users["idva_north"] and task.set_by == world.users["manager_north"]
    for outsider in ("sw_south", "auditor", "admin"):
        with pytest.raises(ValidationError) as caught:
            _task(world, by="manager_north", to=outsider)
        assert "is not in the teams you manage" in caught.value.message_dict["assigned_to"][0], outsider
    assert Task.objects.count() == 1


@pytest.mark.django_db
def test_a_task_is_done_or_closed_not_done_with_a_reason(world: World, client: Client) -> None:
    done, not_done = _task(world), _task(world)
    family = world.families["north_allocated"]
    client.force_login(world.users["sw_north"])
    response = client.post(reverse("task_done", args=[family.pk, done.pk]), {"back": "due"})
    assert response.status_code == 302 and response["Location"] == reverse("due_this_week")
    done.refresh_from_db()
    assert done.status == TaskStatus.DONE and done.closed_on == local_today() and done.closed_by is not None
    again = client.post(reverse("task_done", args=[family.pk, done.pk]), follow=True).content.decode()
    assert "This task was already closed (done)." in again

    url = reverse("task_not_done", args=[family.pk, not_done.pk])
    page = client.post(url, {"reason": "   "}).content.decode()
    assert "Say why the task was not done" in page
    not_done.refresh_from_db()
    assert not_done.status == TaskStatus.OPEN
    with pytest.raises(ValidationError):
        services.task_not_done(target=writable(world.users["sw_north"], family), task_id=not_done.pk, reason="")
    response = client.post(url, {"reason": "Mia moved to her grandmother's; the visit is set there."})
    assert response.status_code == 302
    not_done.refresh_from_db()
    assert not_done.status == TaskStatus.NOT_DONE and "grandmother" in not_done.not_done_reason
    page = client.get(reverse("family_detail", args=[family.pk])).content.decode()
    assert "Closed, not done" in page and "No open tasks." in page
    whats = set(AccessLogEntry.objects.filter(family=family, action="update").values_list("what", flat=True))
    assert {f"task {done.pk} done", f"task {not_done.pk} closed, not done"} <= whats
    assert not AccessLogEntry.objects.filter(what__icontains="grandmother").exists()


@pytest.mark.django_db
def test_only_the_worker_whoever_set_it_or_a_manager_closes_a_task(world: World) -> None:
    task = _task(world, by="manager_north", to="sw_north")
    family = world.families["north_allocated"]
    with pytest.raises(PermissionDenied):
        services.task_done(target=writable(world.users["idva_north"], family), task_id=task.pk)
    assert AccessLogEntry.objects.filter(action="refused", what=f"close task {task.pk}").exists()
    services.task_done(target=writable(world.users["manager_north"], family), task_id=task.pk)


@pytest.mark.django_db
def test_a_task_is_reached_only_through_its_own_family(world: World, client: Client) -> None:
    task = _task(world)
    other = world.families["north_team"]
    with pytest.raises(Http404):
        services.task_done(target=writable(world.users["sw_north"], other), task_id=task.pk)
    client.force_login(world.users["sw_north"])
    assert client.post(reverse("task_done", args=[other.pk, task.pk])).status_code == 404
    assert client.get(reverse("task_not_done", args=[other.pk, task.pk])).status_code == 404


@pytest.mark.django_db
def test_a_worker_of_another_team_finds_nothing_and_an_auditor_cannot_set_tasks(world: World, client: Client) -> None:
    task = _task(world)
    family = world.families["north_allocated"]
    client.force_login(world.users["sw_south"])
    for response in (
        client.get(reverse("task_add", args=[family.pk])),
        client.post(reverse("task_done", args=[family.pk, task.pk])),
        client.get(reverse("task_not_done", args=[family.pk, task.pk])),
        client.get(reverse("child_plan_record", args=[family.pk])),
    ):
        assert response.status_code == 404
    assert AccessLogEntry.objects.filter(username="sw_south", family=family, action="refused").count() == 4
    client.force_login(world.users["auditor"])
    south = world.families["south"]  # in her sample: she reads it, and may not change it
    response = client.post(
        reverse("task_add", args=[south.pk]),
        {"title": "x", **_date("due_on", local_today()), "assigned_to": world.users["auditor"].pk},
    )
    assert response.status_code == 403 and not Task.objects.filter(family=south).exists()
    assert "Set a task" not in client.get(reverse("family_detail", args=[south.pk])).content.decode()
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN


@pytest.mark.django_db
def test_a_task_cannot_go_to_a_worker_who_cannot_see_the_family(world: World) -> None:
    from spotlight.cases import services as case_services

    family = world.families["north_allocated"]
    case_services.family_restrict(
        target=writable(world.users["manager_north"], family),
        reason="The family of a member of staff.",
        review_on=local_today() + dt.timedelta(days=30),
        staff_ids=[world.users["sw_north"].pk],
    )
    with pytest.raises(ValidationError) as caught:
        _task(world, by="manager_north", to="idva_north")
    assert "cannot see this family's record" in caught.value.message_dict["assigned_to"][0]
