"""The demo's plans and Marac meetings: plans with actions on him and on agencies (some with an action
asking her to keep him away, as real plans have), a meeting held with research and actions, and one
coming up that a police representative attends."""

from __future__ import annotations

import datetime as dt

import pytest

from spotlight.access.models import StaffRole
from spotlight.clock import local_today
from spotlight.family.demo_marac import load_demo_marac
from spotlight.marac.models import MaracAttendee, MaracMeeting
from spotlight.plans.models import PlanAction
from spotlight.risk.models import RiskIdentification
from tests.conftest import World, _user


@pytest.mark.django_db
def test_the_demo_writes_plans_and_two_meetings(world: World) -> None:
    today = local_today()
    for key in ("north_allocated", "north_team"):
        family = world.families[key]
        RiskIdentification.objects.create(
            family=family,
            survivor=family.people.get(role="adult_survivor"),
            identified_on=today - dt.timedelta(days=40),
            level="high",
        )
    rep = _user("police_demo", StaffRole.AGENCY_REPRESENTATIVE, [])
    plans = load_demo_marac(coordinator=world.users["idva_north"], representative=rep, today=today, seed=7)
    assert plans == 3  # North's three families
    assert PlanAction.objects.filter(owner="person", person__role="person_causing_harm").exists()
    assert PlanAction.objects.filter(owner="agency").exists()
    held, coming = MaracMeeting.objects.order_by("held_on")
    assert held.held_on < today < coming.held_on and held.cases.count() == 2
    assert MaracAttendee.objects.filter(meeting=coming, user=rep, agency="Police").exists()
