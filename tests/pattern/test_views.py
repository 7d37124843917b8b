"""The pattern map on the family page, built through its forms: his behaviour, the harm to each
child, her protective efforts and complicating factors. Real POSTs, through the write gate."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from spotlight.cases.models import Person
from spotlight.clock import local_today
from spotlight.pattern.models import BehaviourEntry, ChildHarm, ComplicatingFactor, ProtectiveEffort
from spotlight.pattern.services import behaviour_entry_create
from tests.conftest import PASSWORD, SpotlightClient, World, writable

DAY = local_today() - dt.timedelta(days=20)
HER_WORDS = "He put his hands round her neck in the kitchen while Mia watched from the stairs."


def _client(username: str) -> Client:
    client = SpotlightClient()
    assert client.login(username=username, password=PASSWORD)
    return client


def _url(name: str, world: World, key: str = "north_allocated", **kwargs: int) -> str:
    return reverse(name, kwargs={"family_id": world.families[key].pk, **kwargs})


def _child(world: World, key: str = "north_allocated") -> Person:
    return world.families[key].people.get(role="child")


def _behaviour_post(world: World, **extra: str) -> dict[str, str]:
    data = {
        "person": str(world.him.pk),
        "kind": "strangulation",
        "relationship": "current",
        "occurred_on_day": str(DAY.day),
        "occurred_on_month": str(DAY.month),
        "occurred_on_year": str(DAY.year),
        "place": "The family home",
        "presenting_incident": "on",
        "before": "He had been checking her phone all evening.",
        "during": HER_WORDS,
        "after": "He took her phone so she could not call anyone.",
        "source": "adult_survivor",
        "description": "",
    }
    data.update(extra)
    return data


def _page(client: Client, world: World, key: str = "north_allocated") -> str:
    return client.get(_url("family_detail", world, key)).content.decode()


@pytest.mark.django_db
def test_an_empty_map_says_to_start_with_his_behaviour(world: World) -> None:
    page = _page(_client("sw_north"), world)
    assert "Pattern of his behaviour" in page
    assert "Start with his behaviour" in page
    # Placed after the engagement-with-him summary and before the people in the family.
    assert page.index('id="engagement"') < page.index('id="pattern"') < page.index('id="people"')
    assert _url("behaviour_entry_add", world) in page


@pytest.mark.django_db
def test_a_worker_builds_the_map_through_the_forms_and_sees_it_on_the_family_page(world: World) -> None:
    client = _client("sw_north")
    family = world.families["north_allocated"]
    child = _child(world)
    survivor = world.survivor

    form = client.get(_url("behaviour_entry_add", world)).content.decode()
    assert "<optgroup" in form and "Non-fatal strangulation" in form

    response = client.post(_url("behaviour_entry_add", world), _behaviour_post(world))
    assert response.status_code == 302
    assert response["Location"].endswith("#pattern")
    entry = BehaviourEntry.objects.get(family=family)
    assert entry.kind == "strangulation" and entry.occurred_on == DAY and entry.presenting_incident

    prior = _behaviour_post(
        world,
        kind="threat_to_kill",
        relationship="prior",
        prior_partner="his former partner, Jade",
        occurred_on_day="",
        occurred_on_month="",
        occurred_on_year="",
        period="2015 to 2017",
        presenting_incident="",
        before="",
        during="",
        after="",
        source="records",
    )
    assert client.post(_url("behaviour_entry_add", world), prior).status_code == 302

    response = client.post(
        _url("child_harm_add", world, entry_id=entry.pk),
        {
            "child": str(child.pk),
            "his_action": "He strangled her mother while Mia watched from the stairs.",
            "impact": "Mia wets the bed and will not sleep unless the landing light is on.",
        },
    )
    assert response.status_code == 302
    assert ChildHarm.objects.get(entry=entry).child == child

    response = client.post(
        _url("protective_effort_add", world),
        {
            "survivor": str(survivor.pk),
            "kind": "school_attendance",
            "occurred_on_day": str(DAY.day),
            "occurred_on_month": str(DAY.month),
            "occurred_on_year": str(DAY.year),
            "description": "Walked Mia to school every day the week after, so she kept her routine.",
            "children": [str(child.pk)],
            "source": "school",
        },
    )
    assert response.status_code == 302, response.content.decode()
    assert list(ProtectiveEffort.objects.get(family=family).children.all()) == [child]

    response = client.post(
        _url("complicating_factor_add", world),
        {
            "person": str(world.him.pk),
            "factor": "substance_use",
            "interaction": "He drinks before the worst incidents and uses it to excuse what he did.",
            "source": "adult_survivor",
        },
    )
    assert response.status_code == 302
    assert ComplicatingFactor.objects.filter(family=family).count() == 1

    page = _page(client, world)
    section = page[page.index('id="pattern"') : page.index('id="people"')]
    assert "govuk-warning-text" in section
    assert section.index("Risk indicators in his behaviour") < section.index("his behaviour by date")
    assert "Non-fatal strangulation or suffocation" in section and "Threats to kill" in section
    assert "2015 to 2017" in section and "his former partner, Jade" in section
    # By date, a period by its start: the earlier relationship (2015 to 2017) before this year's strangulation.
    table = section[section.index("his behaviour by date") :]
    assert table.index("2015 to 2017") < table.index("Non-fatal strangulation or suffocation")
    assert "will not sleep unless the landing light is on" in section
    assert "Walked Mia to school every day" in section
    assert "uses it to excuse what he did" in section
    assert section.index("What his behaviour did to each child") < section.index("Her protective efforts")
    assert section.index("Her protective efforts") < section.index("Complicating factors")
    assert "Start with his behaviour" not in section


@pytest.mark.django_db
def test_no_date_or_period_shows_the_error_and_keeps_her_words(world: World) -> None:
    client = _client("sw_north")
    data = _behaviour_post(world, occurred_on_day="", occurred_on_month="", occurred_on_year="", period="")
    response = client.post(_url("behaviour_entry_add", world), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Give the date, or the period" in page
    assert 'href="#id_occurred_on_day"' in page  # the summary links to the field
    assert HER_WORDS in page and "checking her phone all evening" in page
    assert not BehaviourEntry.objects.exists()


@pytest.mark.django_db
def test_a_harm_without_the_impact_on_the_child_is_refused_and_keeps_what_was_typed(world: World) -> None:
    entry = behaviour_entry_create(
        target=writable(world.users["sw_north"], world.families["north_allocated"]),
        person_id=world.him.pk,
        kind="physical_assault",
        source="police",
        occurred_on=DAY,
    )
    client = _client("sw_north")
    words = "He threw a plate at her mother while Mia was at the table."
    response = client.post(
        _url("child_harm_add", world, entry_id=entry.pk),
        {"child": str(_child(world).pk), "his_action": words, "impact": "  "},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "the impact was on this child" in page
    assert words in page
    assert not ChildHarm.objects.exists()


@pytest.mark.django_db
def test_a_child_from_another_family_cannot_be_chosen(world: World) -> None:
    entry = behaviour_entry_create(
        target=writable(world.users["sw_north"], world.families["north_allocated"]),
        person_id=world.him.pk,
        kind="physical_assault",
        source="police",
        occurred_on=DAY,
    )
    other_child = _child(world, "north_team")
    response = _client("sw_north").post(
        _url("child_harm_add", world, entry_id=entry.pk),
        {"child": str(other_child.pk), "his_action": "Something he did.", "impact": "Something specific."},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not ChildHarm.objects.exists()


@pytest.mark.django_db
def test_an_entry_from_another_family_is_not_found(world: World) -> None:
    south = world.families["south"]
    entry = behaviour_entry_create(
        target=writable(world.users["sw_south"], south),
        person_id=south.people.get(role="person_causing_harm").pk,
        kind="isolation",
        source="adult_survivor",
        period="2024",
    )
    response = _client("sw_north").get(_url("child_harm_add", world, entry_id=entry.pk))
    assert response.status_code == 404


@pytest.mark.django_db
def test_an_auditor_sees_the_map_read_only_and_cannot_post(world: World) -> None:
    south = world.families["south"]
    entry = behaviour_entry_create(
        target=writable(world.users["sw_south"], south),
        person_id=south.people.get(role="person_causing_harm").pk,
        kind="threat_to_kill",
        source="adult_survivor",
        occurred_on=DAY,
    )
    client = _client("auditor")
    page = _page(client, world, "south")
    assert "Pattern of his behaviour" in page and "Threats to kill" in page
    for name in ("behaviour_entry_add", "protective_effort_add", "complicating_factor_add"):
        assert _url(name, world, "south") not in page
    assert _url("child_harm_add", world, "south", entry_id=entry.pk) not in page

    data = _behaviour_post(world, person=str(entry.person_id))
    assert client.post(_url("behaviour_entry_add", world, "south"), data).status_code == 403
    assert client.get(_url("protective_effort_add", world, "south")).status_code == 403
    assert BehaviourEntry.objects.count() == 1


@pytest.mark.django_db
def test_a_user_without_access_gets_not_found(world: World) -> None:
    client = _client("sw_south")
    assert client.get(_url("behaviour_entry_add", world)).status_code == 404
    assert client.post(_url("behaviour_entry_add", world), _behaviour_post(world)).status_code == 404
    assert client.get(_url("complicating_factor_add", world)).status_code == 404
    assert not BehaviourEntry.objects.exists()
