"""The demo's referrals at the front door: a fortnight of them, half about families already held, linked
(so their screen read the family's record), most decided, and the same for the same seed."""

from __future__ import annotations

import datetime as dt

import pytest

from spotlight.clock import local_today
from spotlight.family.demo_referrals import load_demo_referrals
from spotlight.frontdoor.models import Referral
from tests.conftest import World


@pytest.mark.django_db
def test_the_demo_records_a_fortnight_of_screened_referrals(world: World) -> None:
    today = local_today()
    screeners = {"North": world.users["sw_north"], "South": world.users["sw_south"]}
    assert load_demo_referrals(screeners=screeners, today=today, seed=7, count=20) == 20
    rows = list(Referral.objects.select_related("family", "team"))
    assert all(today - dt.timedelta(days=13) <= r.received_on <= today and r.reasons for r in rows)
    linked = [r for r in rows if r.family is not None]
    assert linked and all(r.family.team == r.team for r in linked)
    assert all(r.family.name.split()[0] in r.adults_named for r in linked)  # the family's own names
    assert 0 < sum(bool(r.decided) for r in rows) < len(rows)
    assert {r.suggested for r in rows} >= {"none", "present"}
    first = sorted(Referral.objects.values_list("text", flat=True))
    Referral.objects.all().delete()
    load_demo_referrals(screeners=screeners, today=today, seed=7, count=20)
    assert sorted(Referral.objects.values_list("text", flat=True)) == first
