"""Plans and Marac, in a real browser (Debian's Chromium through Playwright, with axe-core).

A social worker writes a child protection plan with actions for Darren, for Sarah and for the police;
the plan's balance shows one action on each, and the action that asks Sarah to make sure Darren stays
away is marked with why and what to write instead. The domestic abuse specialist then schedules a Marac
from the list, adds a police officer to those attending, records the research of two agencies and their
actions, and the actions appear on the family's page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from spotlight.access.models import StaffRole
from spotlight.clock import local_today
from spotlight.marac.models import MaracAction, MaracResearch
from spotlight.plans.models import PlanAction
from spotlight.risk.models import RiskIdentification
from tests.browser.conftest import axe_problems, fill_date, shot, sign_in
from tests.conftest import PASSWORD, SEALED_ADDRESS, _user, build_world

pytestmark = pytest.mark.browser

CONTROL = "Sarah to make sure Darren does not come back to the house"


def _action(page: Any, text: str, who: str, agency: str = "") -> None:
    page.get_by_role("link", name="Add an action").click()
    page.get_by_label("What must happen").fill(text)
    page.get_by_role("radio", name=who, exact=True).check()
    if agency:
        page.get_by_label("The agency (when an agency must act)").fill(agency)
    fill_date(page, "By when (optional)", local_today() + dt.timedelta(days=28))
    page.get_by_role("button", name="Add the action").click()
    page.locator("#plan-balance").wait_for()


@pytest.mark.django_db(transaction=True)
def test_a_plan_that_puts_the_work_on_him_and_a_marac(live_server: Any, page: Any) -> None:
    world = build_world()
    family = world.families["north_allocated"]
    today = local_today()
    RiskIdentification.objects.create(
        family=family,
        survivor=world.survivor,
        identified_on=today - dt.timedelta(days=2),
        level="high",
        criteria=[{"id": "visible_high_risk", "label": "Visible high risk", "met": True, "why": "14 yes answers"}],
    )
    rep = _user("police_rep", StaffRole.AGENCY_REPRESENTATIVE, [])
    rep.first_name, rep.last_name = "Priya", "Shah"
    rep.save()

    sign_in(page, live_server.url, "sw_north", PASSWORD)
    page.goto(f"{live_server.url}/families/{family.pk}/")
    page.locator("#plans").get_by_role("link", name="Record a plan").click()
    page.get_by_label("Child protection plan").check()
    fill_date(page, "The day it started", today)
    fill_date(page, "Its next review (optional)", today + dt.timedelta(days=90))
    page.get_by_role("button", name="Record the plan").click()
    page.locator("#plan-balance").wait_for()
    _action(page, "Darren to attend Caring Dads and not to contact Sarah except through solicitors", "Darren Reid")
    _action(page, CONTROL, "Sarah Reid")
    _action(page, "To act on any breach of bail conditions", "An agency", agency="Northshire Police")
    balance = page.locator("#plan-balance").inner_text()
    assert "On him: 1 action" in balance and "On her: 1 action" in balance and "On agencies: 1 action" in balance
    control = PlanAction.objects.get(text=CONTROL)
    marked = page.locator(f"#action-{control.pk}").inner_text()
    assert "Asks her to make sure of what he does" in marked and "Instead:" in marked
    assert axe_problems(page) == []
    shot(page, "plan-balance")
    page.get_by_role("link", name="Print the plan for the family").click()
    printed = page.locator("#plan").inner_text()
    assert "What Darren Reid will do" in printed and "Instead" not in printed and SEALED_ADDRESS not in page.content()

    page.context.clear_cookies()
    sign_in(page, live_server.url, "idva_north", PASSWORD)
    page.get_by_role("link", name="Marac", exact=True).click()
    assert "Reid family" in page.locator("#marac-list").inner_text()
    fill_date(page, "Date of the meeting", today + dt.timedelta(days=3))
    page.get_by_label("Reid family: Sarah Reid").check()
    assert axe_problems(page) == []
    page.get_by_role("button", name="Schedule the meeting").click()
    page.get_by_role("heading", name="What has gone well since the last meeting").wait_for()
    page.locator("#id_attendee").select_option(label="Priya Shah (Agency representative (Marac))")
    page.locator("#id_agency").fill("Northshire Police")
    page.get_by_role("button", name="Add to those attending").click()
    page.locator("#attendees").get_by_text("Priya Shah, Northshire Police").wait_for()
    for agency, involvement in (
        ("IDVA service", "Allocated an IDVA last week."),
        ("Northshire Police", "Two call-outs."),
    ):
        page.get_by_text("Record an agency's research").first.click()
        case = page.locator("section[id^=case-]").first
        case.get_by_label("Agency", exact=True).first.fill(agency)
        case.get_by_label("Your agency's involvement with the family").fill(involvement)
        case.get_by_role("button", name="Record the research").click()
        page.get_by_text(involvement).first.wait_for()  # the page after this agency's research, not before
        page.get_by_text("Record an action").first.click()
        case = page.locator("section[id^=case-]").first
        case.locator("input[name=agency]").nth(1).fill(agency)
        case.get_by_label("Who will do it").fill("Duty officer")
        case.get_by_label("What will be done").fill(f"{agency}: follow up within a week")
        group = case.get_by_role("group", name="Due by")
        due = today + dt.timedelta(days=10)
        group.get_by_label("Day").fill(str(due.day))
        group.get_by_label("Month").fill(str(due.month))
        group.get_by_label("Year").fill(str(due.year))
        case.get_by_role("button", name="Record the action").click()
        page.get_by_text(f"{agency}: follow up within a week").first.wait_for()
    assert MaracResearch.objects.count() == 2 and MaracAction.objects.count() == 2
    assert axe_problems(page) == []
    shot(page, "marac-meeting")

    page.goto(f"{live_server.url}/families/{family.pk}/")
    marac = page.locator("#marac").inner_text()
    assert "Northshire Police (Duty officer): Northshire Police: follow up within a week" in marac
    assert "IDVA service" in marac
    assert axe_problems(page) == []
