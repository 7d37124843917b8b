"""The cohort report on screen: over the families the reader may read only, a known improvement shown,
grouped by team or programme, bad dates and groupings named, and only for those who lead the work."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.urls import reverse

from spotlight.access.models import AccessLogEntry
from spotlight.cases.models import Family, Person
from spotlight.clock import local_today
from spotlight.outcomes.models import Outcome
from tests.conftest import PASSWORD, SpotlightClient, World


def _client(username: str) -> SpotlightClient:
    client = SpotlightClient()
    assert client.login(username=username, password=PASSWORD)
    return client


def _outcomes(family: Family, first: int, last: int) -> None:
    her = Person.objects.get(family=family, role="adult_survivor")
    today = local_today()
    for occasion, value, days, physical in (("intake", first, 100, "yes"), ("exit", last, 10, "no")):
        Outcome.objects.create(
            family=family, respondent="survivor", person=her, occasion=occasion,
            recorded_on=today - dt.timedelta(days=days), scores={"safety": value}, abuse={"physical": physical},
        )  # fmt: skip


@pytest.mark.django_db
def test_a_manager_sees_the_change_in_her_teams_families_only(world: World) -> None:
    rng = random.Random(3)
    north = world.teams["North"]
    for i in range(30):
        family = Family.objects.create(reference=f"OUT-{i}", name=f"Family {i}", team=north)
        Person.objects.create(family=family, role="adult_survivor", given_name="Ann", family_name=str(i))
        first = rng.randint(1, 3)
        _outcomes(family, first, first + 1 + rng.choice((-1, 0, 1)))
    _outcomes(world.families["south"], 1, 5)  # not hers to read
    page = _client("manager_north").get(reverse("outcomes_report")).content.decode()
    assert "The whole service: 30 families started" in page
    assert "Rose from" in page and "unlikely to be chance" in page
    assert "Physical violence: stopped in 30 of 30 families" in page
    assert AccessLogEntry.objects.filter(what="outcomes report", family_id=world.families["south"].pk).count() == 0
    by_team = _client("manager_north").get(reverse("outcomes_report"), {"by": "team"}).content.decode()
    assert "North: 30 families" in by_team


@pytest.mark.django_db
def test_bad_dates_and_groupings_are_named(world: World) -> None:
    response = _client("manager_north").get(reverse("outcomes_report"), {"from": "01/04/2026", "by": "postcode"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "“01/04/2026” is not a date for the start" in page and "“postcode” is not a way to group" in page


@pytest.mark.django_db
def test_only_those_who_lead_the_work_open_it(world: World) -> None:
    assert _client("sw_north").get(reverse("outcomes_report")).status_code == 403
    assert _client("admin").get(reverse("outcomes_report")).status_code == 403
    assert _client("idva_north").get(reverse("outcomes_report")).status_code == 200


@pytest.mark.django_db
def test_the_report_downloads_as_csv_and_prints(world: World) -> None:
    _outcomes(world.families["north_allocated"], 2, 4)
    client = _client("manager_north")
    csv_response = client.get(reverse("outcomes_report"), {"format": "csv"})
    assert csv_response["Content-Type"].startswith("text/csv") and "safety" in csv_response.content.decode()
    printed = client.get(reverse("outcomes_report"), {"format": "print"}).content.decode()
    assert "<!DOCTYPE html>" in printed and "Outcomes" in printed and "Sarah" not in printed
