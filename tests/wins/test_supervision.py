"""Supervision: a team manager sees each worker's families with their recent wins and those with none for a
long time; records a session that starts with what is going well (refused, keeping what she typed, if it
does not); only the worker and her managers read it."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.urls import reverse

from spotlight.clock import local_today
from spotlight.wins.models import Supervision, Win
from tests.conftest import PASSWORD, SpotlightClient, World


def _client(username: str) -> SpotlightClient:
    client = SpotlightClient()
    assert client.login(username=username, password=PASSWORD)
    return client


def _session(**more: str) -> dict[str, str]:
    today = local_today()
    return {"held_on_day": str(today.day), "held_on_month": str(today.month), "held_on_year": str(today.year), **more}


@pytest.mark.django_db
def test_the_manager_sees_each_workers_families_with_wins_and_quiet_ones(world: World) -> None:
    family = world.families["north_allocated"]
    Win.objects.create(family=family, happened_on=local_today() - dt.timedelta(days=3), what="x", who="survivor",
                       why_it_matters="y", shows="other")  # fmt: skip
    page = html.unescape(_client("manager_north").get(reverse("supervision_home")).content.decode())
    worker = page.split(f'id="worker-{world.users["sw_north"].pk}"')[1].split("</section>")[0]
    assert "Reid family" in worker and "1 win in the last three months" in worker
    assert "Tell me about a family where things are going well" in page


@pytest.mark.django_db
def test_a_session_starts_with_what_is_going_well_and_is_read_only_by_her_and_her_managers(world: World) -> None:
    worker = world.users["sw_north"]
    family = world.families["north_allocated"]
    client = _client("manager_north")
    url = reverse("supervision_add", args=[worker.pk])
    refused = html.unescape(client.post(url, _session(worries="The Reids' contact rota.")).content.decode())
    assert "Start with what is going well" in refused and "The Reids' contact rota." in refused
    response = client.post(url, _session(going_well="Sarah used the safety plan on Friday.", families=str(family.pk)))
    assert response.status_code == 302
    row = Supervision.objects.get()
    assert list(row.families.all()) == [family] and row.supervisor == world.users["manager_north"]
    detail = reverse("supervision_detail", args=[row.pk])
    assert "Sarah used the safety plan on Friday." in _client("sw_north").get(detail).content.decode()
    assert _client("sw_south").get(detail).status_code == 404
    assert _client("sw_north").get(url).status_code == 403  # a worker does not record her own supervision
