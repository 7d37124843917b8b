"""Outcomes on screen, through the gates: a respondent's answers recorded (a measure left unanswered named,
nothing typed lost), each person's kept apart on the family page, a child too young to answer not offered,
an address naming nobody refused with the choices shown, and a correction."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.urls import reverse

from spotlight.access.models import AccessLogEntry
from spotlight.clock import local_today
from spotlight.outcomes.domain.measures import default_measures
from spotlight.outcomes.models import Outcome
from tests.conftest import PASSWORD, SpotlightClient, World


def _client(username: str = "sw_north") -> SpotlightClient:
    client = SpotlightClient()
    assert client.login(username=username, password=PASSWORD)
    return client


def _url(name: str, world: World, **kwargs: object) -> str:
    return reverse(name, kwargs={"family_id": world.families["north_allocated"].pk, **kwargs})


def _answers(respondent: str, value: int = 2) -> dict[str, str]:
    measures = default_measures()
    data = {f"m_{m.id}": str(value) for m in measures.measures if respondent in m.asks}
    if respondent in ("survivor", "worker"):
        data |= {f"a_{k.id}": "yes" for k in measures.abuse_checklist}
    today = local_today()
    return data | {"occasion": "intake", "recorded_on_day": str(today.day), "recorded_on_month": str(today.month),
                   "recorded_on_year": str(today.year)}  # fmt: skip


@pytest.mark.django_db
def test_her_answers_are_recorded_and_kept_apart_from_the_workers(world: World) -> None:
    client = _client()
    url = _url("outcome_add", world) + f"?respondent=survivor&person={world.survivor.pk}"
    page = client.get(url).content.decode()
    assert "Do you and the children feel safe from him?" in page
    data = {**_answers("survivor"), "respondent": "survivor", "person": str(world.survivor.pk)}
    del data["m_safety"]
    data["comment"] = "She said she sleeps better."
    refused = client.post(url, data).content.decode()
    assert "Answer “Safety and freedom from violence and abuse, for her and the children”" in refused
    assert "She said she sleeps better." in refused
    data["m_safety"] = "3"
    assert client.post(url, data).status_code == 302
    row = Outcome.objects.get()
    assert (row.respondent, row.person, row.scores["safety"], row.abuse["physical"]) == (
        "survivor",
        world.survivor,
        3,
        "yes",
    )
    worker = {**_answers("worker", 4), "respondent": "worker", "person": ""}
    assert client.post(_url("outcome_add", world) + "?respondent=worker&person=", worker).status_code == 302
    family = html.unescape(client.get(_url("family_detail", world)).content.decode())
    section = family.split('id="outcomes"')[1]
    assert section.index("Sarah Reid") < section.index("The worker's view")
    assert "Partly" in section and "Mostly" in section
    assert AccessLogEntry.objects.filter(what=f"outcome record {row.pk}", action="create").exists()
    assert not AccessLogEntry.objects.filter(what__icontains="sleeps").exists()


@pytest.mark.django_db
def test_a_child_too_young_to_answer_is_not_offered_and_a_bad_address_shows_the_choices(world: World) -> None:
    client = _client()
    choose = html.unescape(client.get(_url("outcome_add", world)).content.decode())
    assert "The worker's view" in choose and "Mia" not in choose  # Mia is 7
    bad = client.get(_url("outcome_add", world) + "?respondent=child&person=99999")
    assert bad.status_code == 400 and "does not name anyone in this family" in bad.content.decode()


@pytest.mark.django_db
def test_answers_are_corrected_in_their_form(world: World) -> None:
    client = _client()
    url = _url("outcome_add", world) + f"?respondent=survivor&person={world.survivor.pk}"
    data = {**_answers("survivor"), "respondent": "survivor", "person": str(world.survivor.pk)}
    assert client.post(url, data).status_code == 302
    row = Outcome.objects.get()
    change = _url("record_change", world, kind="outcome", record_id=row.pk)
    assert 'value="2" checked' in client.get(change).content.decode()
    assert client.post(change, {**data, "m_safety": "5", "version": "1"}).status_code == 302
    row.refresh_from_db()
    assert (row.scores["safety"], row.version) == (5, 2)


@pytest.mark.django_db
def test_only_writers_of_the_family_record_outcomes(world: World) -> None:
    assert _client("sw_south").get(_url("outcome_add", world)).status_code == 404
    assert _client("auditor").get(_url("outcome_add", world)).status_code == 404
    _ = dt
