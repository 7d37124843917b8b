"""Lists at the size of a large authority: "Due this week" holds only her families, "Overdue across my
teams" only her teams'; every list comes a page at a time, sorted by the database, with page links that
keep the sort; a bad page or sort in the address is answered, never a server error; and the number of
queries for a page does not grow with the number of families."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from spotlight.access.models import AccessLogEntry, User
from spotlight.casework.domain.standards import parse_interval
from spotlight.casework.services import task_create
from spotlight.clock import local_today
from tests.casework.conftest import days_ago, make_family
from tests.conftest import World, writable

CP = parse_interval("10 working days")


def _names(page: str) -> list[str]:
    """The family names in the order the caseload's table shows them."""
    return re.findall(r'<a class="govuk-link" href="/families/\d+/">([^<]+)</a>', page)


@pytest.mark.django_db
def test_due_this_week_holds_only_the_families_allocated_to_her(world: World, client: Client) -> None:
    north, south = world.teams["North"], world.teams["South"]
    mine = make_family("Mine family", north, worker=world.users["sw_north"], child_seen=30, him_reached=1)
    make_family("Team family", north, worker=None, child_seen=30)  # her team's, but not allocated to her
    make_family("Other family", south, worker=world.users["sw_south"], child_seen=30)
    make_family("Later family", north, worker=world.users["sw_north"], child_seen=0, him_reached=0)  # not due
    client.force_login(world.users["sw_north"])
    response = client.get(reverse("due_this_week"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Mine family" in page and "Sam Mine" in page
    assert "Team family" not in page and "Other family" not in page and "Later family" not in page
    late = (local_today() - CP.due_after(days_ago(30))).days
    assert f"Overdue by {late} days" in page
    assert AccessLogEntry.objects.filter(family=mine, what="due this week list", action="view").exists()


@pytest.mark.django_db
def test_overdue_across_my_teams_holds_only_her_teams_families_with_who_holds_them(
    world: World, client: Client
) -> None:
    north, south = world.teams["North"], world.teams["South"]
    make_family("Held family", north, worker=world.users["sw_north"], child_seen=30, him_reached=1)
    make_family("Unheld family", north, child_seen=None, plan_started=40, him_reached=1)
    make_family("Southern family", south, worker=world.users["sw_south"], child_seen=30)
    make_family("Seen family", north, worker=world.users["sw_north"], child_seen=1, him_reached=1)
    client.force_login(world.users["manager_north"])
    page = client.get(reverse("overdue_in_teams")).content.decode()
    assert "Held family" in page and "Unheld family" in page
    assert "Southern family" not in page and "Seen family" not in page
    assert "Sw" in page and "Not allocated" in page  # who holds each
    assert '<span class="spotlight-flag">Never seen</span>' in page
    # The test world's own families: Darren never contacted, and the records opened today: nothing overdue yet.
    assert "Reid family" not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "name", "status"),
    [
        ("sw_north", "overdue_in_teams", 403),
        ("auditor", "due_this_week", 403),
        ("admin", "due_this_week", 403),
        ("manager_north", "due_this_week", 200),
    ],
)
def test_who_may_see_each_list(world: World, client: Client, username: str, name: str, status: int) -> None:
    client.force_login(world.users[username])
    assert client.get(reverse(name)).status_code == status


def _many(world: World, count: int, worker: User, start: int = 0) -> None:
    for n in range(start, start + count):
        make_family(
            f"Family {n:03d}",
            world.teams["North"],
            worker=worker,
            child_seen=n % 40,
            him_reached=None if n % 7 == 0 else n % 50,
        )


@pytest.mark.django_db
def test_the_caseload_comes_fifty_families_a_page_and_page_links_keep_the_sort(world: World, client: Client) -> None:
    worker = world.users["sw_north"]
    _many(world, 60, worker)
    client.force_login(worker)
    first = client.get(reverse("caseload"), {"sort": "him"}).content.decode()
    assert len(_names(first)) == 50
    assert "Families 1 to 50 of 61" in first  # and the test world's Reid family
    assert 'href="?show=mine&amp;sort=him&amp;page=2"' in first and 'rel="next"' in first
    second = client.get(reverse("caseload"), {"sort": "him", "page": "2"}).content.decode()
    assert len(_names(second)) == 11 and not set(_names(first)) & set(_names(second))
    assert 'href="?show=mine&amp;sort=him&amp;page=1"' in second


@pytest.mark.django_db
def test_the_sorts_are_done_by_the_database_across_every_page(world: World, client: Client) -> None:
    worker = world.users["sw_north"]
    _many(world, 55, worker)
    make_family("Zulu family", world.teams["North"], worker=worker, plan_started=300, child_seen=200, him_reached=2)
    client.force_login(worker)
    by_name = _names(client.get(reverse("caseload")).content.decode())
    assert by_name == sorted(by_name) and "Zulu family" not in by_name  # the last name: on page 2
    most_overdue = _names(client.get(reverse("caseload"), {"sort": "overdue"}).content.decode())
    assert most_overdue[0] == "Zulu family"  # seen 200 days ago: the most overdue of all 57
    longest = _names(client.get(reverse("caseload"), {"sort": "him"}).content.decode())
    never = {f"Family {n:03d}" for n in range(0, 55, 7)} | {"Reid family"}  # he was never contacted
    assert set(longest[: len(never)]) == never
    assert longest[len(never)] == "Family 048"  # then the longest since he was contacted: 48 days


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["abc", "0", "-1", "999", "1.5", "9" * 30, "٣"])
def test_a_page_that_is_not_there_shows_page_one_and_says_so(world: World, client: Client, page: str) -> None:
    worker = world.users["sw_north"]
    _many(world, 3, worker)
    client.force_login(worker)
    for url in (reverse("caseload"), reverse("due_this_week")):
        response = client.get(url, {"page": page})
        assert response.status_code == 200
        assert "There is no such page: showing page 1 of 1." in response.content.decode()
    client.force_login(world.users["manager_north"])
    response = client.get(reverse("overdue_in_teams"), {"page": page})
    assert response.status_code == 200 and "There is no such page" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("sort", ["surname", "'; DROP TABLE", "due__day"])
def test_a_sort_the_list_does_not_have_falls_back_and_says_so(world: World, client: Client, sort: str) -> None:
    client.force_login(world.users["manager_north"])
    caseload = client.get(reverse("caseload"), {"sort": sort})
    assert caseload.status_code == 200
    assert "This list cannot be sorted that way: it is sorted by family name." in caseload.content.decode()
    overdue = client.get(reverse("overdue_in_teams"), {"sort": sort})
    assert overdue.status_code == 200 and "it is sorted by most overdue first" in overdue.content.decode()


def _queries(client: Client, url: str, query: dict[str, str]) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, query)
    assert response.status_code == 200
    return len(captured.captured_queries)


PAGES = [
    ("sw_north", "caseload", {}),
    ("sw_north", "caseload", {"sort": "him"}),
    ("sw_north", "caseload", {"sort": "overdue", "page": "2"}),
    ("manager_north", "caseload", {"show": "team"}),
    ("manager_north", "caseload", {"sort": "overdue"}),
    ("sw_north", "due_this_week", {}),
    ("sw_north", "due_this_week", {"sort": "family"}),
    ("manager_north", "overdue_in_teams", {}),
]


def _tasks(world: World, count: int) -> None:
    worker = world.users["sw_north"]
    for n in range(count):
        target = writable(worker, world.families["north_allocated"])
        task_create(target=target, title=f"Task {n}", due_on=local_today(), assignee_id=worker.pk)


@pytest.mark.django_db
def test_the_queries_for_a_page_do_not_grow_with_the_families(world: World, client: Client) -> None:
    worker = world.users["sw_north"]
    counts: dict[int, list[int]] = {}
    for families, more in ((5, 5), (60, 55)):
        _many(world, more, worker, start=families - more)
        _tasks(world, more)
        counts[families] = []
        for username, name, query in PAGES:
            client.force_login(world.users[username])
            _queries(client, reverse(name), query)  # sessions and second factors settle first
            counts[families].append(_queries(client, reverse(name), query))
    assert counts[5] == counts[60], list(zip(PAGES, counts[5], counts[60], strict=True))
    assert max(counts[60]) <= 30, counts[60]


@pytest.mark.django_db
def test_the_team_caseload_counts_every_familys_holder_not_only_the_pages(world: World, client: Client) -> None:
    _many(world, 55, world.users["idva_north"])
    client.force_login(world.users["manager_north"])
    page = client.get(reverse("caseload")).content.decode()
    assert len(_names(page)) == 50
    # Idva holds the 55 (and the test world's Reid family is Sw's, Pryce family is Sw's in South).
    assert "Held by: Idva 55 · Sw 2 · <strong>not allocated 1</strong>" in page
    assert "Families 1 to 50 of 58" in page
