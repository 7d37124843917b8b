"""Matching on a family's page: each programme for him, her and the children, with reasons from the
record (his risk review, coercive control on his map, him as a father), through the read gate."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from spotlight.clock import local_today
from spotlight.pattern.models import BehaviourEntry
from spotlight.risk.models import RiskReview
from tests.conftest import PASSWORD, SpotlightClient, World


def _page(world: World, username: str = "sw_north") -> str:
    client = SpotlightClient()
    assert client.login(username=username, password=PASSWORD)
    response = client.get(reverse("programme_matches", args=[world.families["north_allocated"].pk]))
    return html.unescape(response.content.decode()) if response.status_code == 200 else str(response.status_code)


def _match(page: str, world: World, programme: str) -> str:
    return page.split(f'id="match-{world.him.pk}-{programme}"')[1].split("</li>\n")[0]


@pytest.mark.django_db
def test_his_matches_read_his_record(world: World) -> None:
    family = world.families["north_allocated"]
    assert "Record a risk review of him first" in _match(_page(world), world, "caring_dads")
    RiskReview.objects.create(family=family, person=world.him, reviewed_on=local_today(), level="standard", reasons="x")
    BehaviourEntry.objects.create(
        family=family, person=world.him, kind="isolation", occurred_on=local_today(), source="police"
    )
    page = _page(world)
    assert "Eligible" in _match(page, world, "caring_dads") and "father or carer" in _match(page, world, "caring_dads")
    couple = _match(page, world, "steps_to_safety")
    assert "Not eligible" in couple and "Coercive control is recorded" in couple
    assert "Independent domestic violence adviser" in page  # her support beside his
    assert _page(world, "sw_south") == "404"


@pytest.mark.django_db
def test_a_worker_can_refer_him_from_a_match_but_not_to_a_programme_that_rules_him_out(world: World) -> None:
    family = world.families["north_allocated"]
    RiskReview.objects.create(family=family, person=world.him, reviewed_on=local_today(), level="standard", reasons="x")
    BehaviourEntry.objects.create(
        family=family, person=world.him, kind="isolation", occurred_on=local_today(), source="police"
    )
    page = _page(world)
    refer = reverse("programme_referral_add", args=[family.pk])
    assert f"{refer}?person={world.him.pk}&programme=caring_dads" in _match(page, world, "caring_dads")
    assert "?person=" not in _match(page, world, "steps_to_safety")  # not eligible: coercive control
    assert "?person=" not in _page(world, "auditor")  # reads, never records


@pytest.mark.django_db
def test_her_support_asks_for_her_risk_identification_and_reasons_use_recorded_pronouns(world: World) -> None:
    page = _page(world)
    her = page.split(f'id="person-{world.survivor.pk}"')[1]
    assert "Record a risk identification with her first" in her and "risk review" not in her
    world.him.pronouns = "they"
    world.him.save()
    assert "The record shows them as a father or carer" in _match(_page(world), world, "caring_dads")
