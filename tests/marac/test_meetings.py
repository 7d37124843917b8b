"""Marac meetings: the list from risk identifications (repeat cases marked), a meeting scheduled by its
coordinator with what has gone well first, each agency's research and actions (a representative writes
only her own agency's, and reads the agenda's cases only for the meeting), actions followed up at the
next meeting (done, not done, carried over), minutes with no sealed detail, and a case's action on the
family page and added to the plan."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.urls import reverse

from spotlight.access.models import AccessLogEntry, StaffRole
from spotlight.clock import local_today
from spotlight.marac.models import MaracAction, MaracCase, MaracMeeting, MaracResearch
from spotlight.plans.models import Plan, PlanAction
from spotlight.risk.models import RiskIdentification
from spotlight.wins.models import Win
from tests.conftest import PASSWORD, SEALED_ADDRESS, SpotlightClient, World, _user

TODAY = local_today()
MET = [{"id": "visible_high_risk", "label": "Visible high risk", "met": True, "why": "14 yes answers"}]


def _client(username: str) -> SpotlightClient:
    client = SpotlightClient()
    assert client.login(username=username, password=PASSWORD)
    return client


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


def _identify(
    world: World, key: str = "north_allocated", criteria: list[dict[str, object]] | None = None
) -> RiskIdentification:
    family = world.families[key]
    return RiskIdentification.objects.create(
        family=family,
        survivor=family.people.get(role="adult_survivor"),
        identified_on=TODAY - dt.timedelta(days=3),
        level="high",
        criteria=MET if criteria is None else criteria,
    )


def _schedule(world: World, *idents: RiskIdentification, on: dt.date = TODAY) -> MaracMeeting:
    client = _client("idva_north")
    data = {"team": str(world.teams["North"].pk), **_date("held_on", on), "cases": [str(i.pk) for i in idents]}
    response = client.post(reverse("marac_home"), data)
    assert response.status_code == 302, html.unescape(response.content.decode())[:3000]
    return MaracMeeting.objects.latest("id")


def _post(username: str, meeting: MaracMeeting, **data: str) -> str:
    return html.unescape(_client(username).post(reverse("marac_meeting", args=[meeting.pk]), data).content.decode())


@pytest.mark.django_db
def test_the_marac_list_holds_whose_latest_identification_meets_a_criterion(world: World) -> None:
    met = _identify(world)
    _identify(world, "north_team", criteria=[{"id": "x", "label": "Visible high risk", "met": False}])
    page = html.unescape(_client("idva_north").get(reverse("marac_home")).content.decode())
    listed = page.split('id="marac-list"')[1].split("</table>")[0]
    assert "Reid family" in listed and "Osei family" not in listed and "Visible high risk" in listed
    assert _client("sw_north").get(reverse("marac_home")).status_code == 200  # no list, no scheduling
    assert 'id="marac-list"' not in _client("sw_north").get(reverse("marac_home")).content.decode()
    meeting = _schedule(world, met)
    assert [c.family for c in meeting.cases.all()] == [world.families["north_allocated"]]
    assert not MaracCase.objects.get().repeat
    again = html.unescape(_client("idva_north").get(reverse("marac_home")).content.decode())
    assert "Reid family" not in again.split("Meetings")[0]  # heard since


@pytest.mark.django_db
def test_a_family_heard_in_the_last_year_is_a_repeat_and_earlier_actions_are_followed_up(world: World) -> None:
    first = _schedule(world, _identify(world), on=TODAY)
    case = first.cases.get()
    _post(
        "idva_north",
        first,
        action="action",
        case=str(case.pk),
        agency="Police",
        owner="DS Khan",
        text="Check bail conditions",
        **_date("due_on", TODAY + dt.timedelta(days=14)),
    )
    _post(
        "idva_north",
        first,
        action="action",
        case=str(case.pk),
        agency="Housing",
        owner="Officer",
        text="Fit a door chain",
        **_date("due_on", TODAY + dt.timedelta(days=14)),
    )
    MaracMeeting.objects.filter(pk=first.pk).update(held_on=TODAY - dt.timedelta(days=60))
    later = RiskIdentification.objects.create(
        family=case.family,
        survivor=case.survivor,
        identified_on=TODAY - dt.timedelta(days=1),
        level="high",
        criteria=MET,
    )
    second = _schedule(world, later, on=TODAY)
    new_case = second.cases.get()
    assert new_case.repeat
    page = _post("idva_north", second, action="none")
    assert "Check bail conditions" in page and "Fit a door chain" in page
    police, housing = MaracAction.objects.filter(case=case).order_by("agency").reverse()
    _post(
        "idva_north",
        second,
        action="follow_up",
        case=str(new_case.pk),
        marac_action=str(police.pk),
        outcome="carried_over",
    )
    _post("idva_north", second, action="follow_up", case=str(new_case.pk), marac_action=str(housing.pk), outcome="done")
    police.refresh_from_db(), housing.refresh_from_db()
    assert (police.status, housing.status) == ("carried_over", "done") and police.followed_up_at == second
    carried = MaracAction.objects.get(case=new_case)
    assert carried.carried_from == police and carried.text == "Check bail conditions"


@pytest.mark.django_db
def test_a_representative_writes_her_own_agencys_research_and_reads_the_agenda_only_for_the_meeting(
    world: World,
) -> None:
    _user("police_rep", StaffRole.AGENCY_REPRESENTATIVE, [])
    meeting = _schedule(world, _identify(world))
    case = meeting.cases.get()
    rep = _client("police_rep")
    url = reverse("marac_meeting", args=[meeting.pk])
    assert rep.get(url).status_code == 404  # not attending yet
    coordinator = _client("idva_north")
    from spotlight.access.models import User

    coordinator.post(
        url,
        {
            "action": "attendee",
            "attendee": str(User.objects.get(username="police_rep").pk),
            "agency": "Northshire Police",
        },
    )
    assert "Reid family" in rep.get(url).content.decode()
    assert rep.get(reverse("family_detail", args=[case.family_id])).status_code == 404  # the meeting's case only
    assert rep.get(reverse("caseload"), follow=True).request["PATH_INFO"] == reverse("marac_home")
    rep.post(
        url,
        {
            "action": "research",
            "case": str(case.pk),
            "agency": "Northshire Police",
            "involvement": "Two call-outs this year.",
            "risks_known": "Threats to kill.",
            **_date("last_contact_on", TODAY - dt.timedelta(days=4)),
        },
    )
    assert "Last contact" in rep.get(url).content.decode()
    research = MaracResearch.objects.get()
    assert research.agency == "Northshire Police" and research.last_contact_on == TODAY - dt.timedelta(days=4)
    refused = rep.post(url, {"action": "research", "case": str(case.pk), "agency": "Health", "involvement": "x"})
    assert refused.status_code == 403 and MaracResearch.objects.count() == 1
    kept = html.unescape(
        rep.post(
            url,
            {
                "action": "research",
                "case": str(case.pk),
                "agency": "Northshire Police",
                "involvement": "",
                "risks_known": "Threats to kill, twice.",
            },
        ).content.decode()
    )
    assert "Say what your agency's involvement" in kept and "Threats to kill, twice." in kept
    views = AccessLogEntry.objects.filter(
        username="police_rep", family_id=case.family_id, what=f"Marac meeting {meeting.pk}"
    )
    assert views.exists()
    coordinator.post(url, {"action": "close"})
    assert rep.get(url).status_code == 200 and "No case on this agenda is open to you" in rep.get(url).content.decode()
    assert _client("sw_south").get(url).status_code == 404


@pytest.mark.django_db
def test_minutes_hold_no_sealed_detail_and_an_action_reaches_the_family_page_and_the_plan(world: World) -> None:
    meeting = _schedule(world, _identify(world))
    case = meeting.cases.get()
    refused = _post(
        "idva_north",
        meeting,
        action="research",
        case=str(case.pk),
        agency="IDVA service",
        involvement=f"She now lives at {SEALED_ADDRESS}.",
    )
    assert "sealed detail" in refused and not MaracResearch.objects.exists()
    _post(
        "idva_north",
        meeting,
        action="action",
        case=str(case.pk),
        agency="Police",
        owner="DS Khan",
        text="Flag the address for an urgent response",
        **_date("due_on", TODAY + dt.timedelta(days=7)),
    )
    Win.objects.create(
        family=case.family,
        happened_on=TODAY - dt.timedelta(days=2),
        what="Sarah rang the IDVA.",
        who="survivor",
        why_it_matters="x",
        shows="protective_effort",
    )
    page = _post("idva_north", meeting, action="none")
    assert page.index("What has gone well") < page.index("Sarah rang the IDVA") < page.index("What each agency knows")
    minutes = _client("idva_north").get(reverse("marac_minutes", args=[meeting.pk])).content.decode()
    assert "Flag the address" in minutes and SEALED_ADDRESS not in minutes
    family_page = html.unescape(
        _client("sw_north").get(reverse("family_detail", args=[case.family_id])).content.decode()
    )
    assert "Flag the address for an urgent response" in family_page.split('id="marac"')[1]
    action = MaracAction.objects.get()
    to_plan = reverse("marac_action_to_plan", args=[case.family_id, action.pk])
    _client("sw_north").post(to_plan)
    assert not PlanAction.objects.exists()  # no active plan yet: said on the page
    Plan.objects.create(family=case.family, kind="child_protection", started_on=TODAY - dt.timedelta(days=10))
    _client("sw_north").post(to_plan)
    added = PlanAction.objects.get()
    assert (added.owner, added.agency, added.source) == ("agency", "Police", f"marac {action.pk}")
    assert _client("auditor").post(to_plan).status_code in (403, 404)


@pytest.mark.django_db
def test_research_recorded_again_is_shown_and_the_earlier_kept(world: World) -> None:
    meeting = _schedule(world, _identify(world))
    case = meeting.cases.get()
    for words in ("One call-out in March.", "Two call-outs: March and October."):
        _post("idva_north", meeting, action="research", case=str(case.pk), agency="Police", involvement=words)
    assert list(MaracResearch.objects.order_by("id").values_list("involvement", flat=True)) == [
        "One call-out in March.",
        "Two call-outs: March and October.",
    ]
    page = _post("idva_north", meeting, action="none")
    knows = page.split("What each agency knows")[1].split("Actions agreed")[0]
    assert "Two call-outs: March and October." in knows and "One call-out in March." not in knows
    assert "1 earlier version kept" in knows
