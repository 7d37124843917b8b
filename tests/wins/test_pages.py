"""Wins on screen, through the gates: a specific win recorded and shown on the family page and the team
board; a win that says nothing specific refused, naming the praise, with nothing typed lost; the board
holds only the families the reader may read; a win is corrected in its form."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from spotlight.access.models import AccessLogEntry
from spotlight.clock import local_today
from spotlight.wins.models import Win
from tests.conftest import PASSWORD, SpotlightClient, World

SPECIFIC = "Sarah rang the school on Monday so that only her sister collects Mia, as the safety plan says."


def _client(username: str = "sw_north") -> SpotlightClient:
    client = SpotlightClient()
    assert client.login(username=username, password=PASSWORD)
    return client


def _data(what: str = SPECIFIC, **more: str) -> dict[str, str]:
    today = local_today()
    return {
        "happened_on_day": str(today.day),
        "happened_on_month": str(today.month),
        "happened_on_year": str(today.year),
        "what": what,
        "who": "survivor",
        "why_it_matters": "Mia is safe at home time, and Sarah planned it herself.",
        "shows": "protective_effort",
        **more,
    }


@pytest.mark.django_db
def test_a_specific_win_is_recorded_and_shown_on_the_family_page_and_the_board(world: World) -> None:
    family = world.families["north_allocated"]
    client = _client()
    assert client.post(reverse("win_add", args=[family.pk]), _data(person=str(world.survivor.pk))).status_code == 302
    win = Win.objects.get()
    assert win.person == world.survivor and win.shows == "protective_effort"
    page = html.unescape(client.get(reverse("family_detail", args=[family.pk])).content.decode())
    assert SPECIFIC in page.split('id="wins"')[1]
    board = html.unescape(_client("manager_north").get(reverse("team_board")).content.decode())
    assert "1 win this week" in board and SPECIFIC in board and "the aim is three or more" in board
    assert AccessLogEntry.objects.filter(what=f"win {win.pk}", action="create").exists()
    assert not AccessLogEntry.objects.filter(what__icontains="school").exists()


@pytest.mark.django_db
def test_a_win_that_says_nothing_specific_is_refused_naming_the_praise(world: World) -> None:
    family = world.families["north_allocated"]
    response = _client().post(reverse("win_add", args=[family.pk]), _data("Mum is doing really well this week."))
    page = html.unescape(response.content.decode())
    assert response.status_code == 200 and not Win.objects.exists()
    assert "Say what exactly happened: “doing really well” does not say what anyone did." in page
    assert "Mum is doing really well this week." in page and "planned it herself" in page


@pytest.mark.django_db
def test_why_it_matters_is_asked_for(world: World) -> None:
    family = world.families["north_allocated"]
    page = _client().post(reverse("win_add", args=[family.pk]), _data(why_it_matters="")).content.decode()
    assert "Say why it matters" in page and not Win.objects.exists()


@pytest.mark.django_db
def test_the_board_holds_only_families_the_reader_may_read_and_a_bad_week_is_named(world: World) -> None:
    assert _client("sw_south").post(reverse("win_add", args=[world.families["south"].pk]), _data()).status_code == 302
    board = _client("sw_north").get(reverse("team_board")).content.decode()
    assert "0 wins this week" in board and world.families["south"].name not in board
    bad = _client("sw_north").get(reverse("team_board"), {"week": "last week"})
    assert bad.status_code == 400 and "is not a date" in html.unescape(bad.content.decode())
    assert _client("sw_south").get(reverse("win_add", args=[world.families["north_allocated"].pk])).status_code == 404


@pytest.mark.django_db
def test_a_win_is_corrected_in_its_form(world: World) -> None:
    family = world.families["north_allocated"]
    client = _client()
    client.post(reverse("win_add", args=[family.pk]), _data())
    win = Win.objects.get()
    change = reverse("record_change", args=[family.pk, "win", win.pk])
    assert client.post(change, _data(shows="other", version="1")).status_code == 302
    win.refresh_from_db()
    assert (win.shows, win.version) == ("other", 2)


@pytest.mark.django_db
def test_the_chronology_marks_the_day_of_a_win(world: World) -> None:
    from spotlight.cases.models import CaseNote

    family = world.families["north_allocated"]
    note = CaseNote.objects.create(family=family, occurred_on=local_today(), contact_type="home_visit", text="Visit.")
    client = _client()
    client.post(reverse("win_add", args=[family.pk]), _data())
    page = client.get(reverse("family_detail", args=[family.pk])).content.decode()
    assert "1 win this day" in page.split(f'id="note-{note.pk}"')[1].split("</article>")[0]
