"""Risk, in a real browser (Debian's Chromium through Playwright, with axe-core).

A domestic abuse specialist completes a risk identification with Sarah: her own words first, then the
checklist, with what the record already says beside the questions (a knife written in a police note,
strangulation on the map). Fourteen yes answers meet visible high risk. A social worker then reviews
Darren's risk with the items pre-filled from the record, sets a safety marker for staff, and the family
page shows his review and her identification side by side, with the marker and the trend.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from spotlight.cases.models import CaseNote
from spotlight.clock import local_today
from spotlight.pattern.models import BehaviourEntry
from spotlight.risk.domain.checklist import default_checklist
from spotlight.risk.models import RiskIdentification, RiskReview
from tests.browser.conftest import axe_problems, fill_date, shot, sign_in
from tests.conftest import PASSWORD, build_world

pytestmark = pytest.mark.browser

KNIFE = "Police notification. Last night Darren stood over Sarah with a knife and said he would finish it."


@pytest.mark.django_db(transaction=True)
def test_her_risk_and_his_side_by_side(live_server: Any, page: Any) -> None:
    world = build_world()
    family = world.families["north_allocated"]
    today = local_today()
    CaseNote.objects.create(family=family, occurred_on=today - dt.timedelta(days=1), contact_type="record", text=KNIFE)
    BehaviourEntry.objects.create(
        family=family,
        person=world.him,
        kind="strangulation",
        occurred_on=today - dt.timedelta(days=30),
        source="police",
    )
    # an earlier identification, so the trend has two points
    RiskIdentification.objects.create(
        family=family,
        survivor=world.survivor,
        identified_on=today - dt.timedelta(days=60),
        yes_count=6,
        level="standard",
        answers={q.id: {"answer": "no"} for q in default_checklist().questions},
    )

    sign_in(page, live_server.url, "idva_north", PASSWORD)
    page.goto(f"{live_server.url}/families/{family.pk}/")
    page.locator("#risk").get_by_role("link", name="Risk identification with her").click()
    page.get_by_role("heading", name="Risk identification with the adult survivor").wait_for()
    fill_date(page, "The date of the risk identification", today)
    page.get_by_label("What does she think will happen next?").fill("He will come back and finish it.")
    page.get_by_label("Who is she most afraid of?").fill("Darren.")
    weapons = page.locator("#question-q_weapons")
    weapons.get_by_text("What the record already says").click()
    assert "stood over Sarah with a knife" in weapons.inner_text()
    strangulation = page.locator("#question-q_strangulation")
    strangulation.get_by_text("What the record already says").click()
    assert "Non-fatal strangulation" in strangulation.inner_text()
    assert page.locator("input[type=radio][name^=q_]:checked").count() == 0  # nothing answered for her
    assert axe_problems(page) == []
    for index, question in enumerate(default_checklist().questions):
        page.locator(f"input[name=q_{question.id}][value={'yes' if index < 14 else 'no'}]").check()
    shot(page, "risk-identification")
    page.get_by_role("button", name="Record the risk identification").click()
    page.get_by_text("Marac criteria met: visible high risk").wait_for()
    assert RiskIdentification.objects.filter(family=family).count() == 2
    page.locator("#risk-hers").get_by_role("link", name="See the risk identification").click()
    page.get_by_role("heading", name="The Marac criteria").wait_for()
    assert "14 of 24 answers are yes" in page.locator("#criterion-visible_high_risk").inner_text()
    assert axe_problems(page) == []

    page.context.clear_cookies()
    sign_in(page, live_server.url, "sw_north", PASSWORD)
    page.goto(f"{live_server.url}/families/{family.pk}/risk/review/")
    page.get_by_role("heading", name="Risk review of the person causing harm").wait_for()
    assert page.locator("input[name=q_strangulation][value=yes]").is_checked()  # pre-filled from the map
    assert page.locator("input[name=q_weapons][value=yes]").is_checked()  # and from the note
    assert not page.locator("input[name=q_harm_to_animals]:checked").count()
    assert axe_problems(page) == []
    for item in (
        "escalation",
        "threats_to_kill",
        "stalking",
        "separation",
        "children_and_contact",
        "breaches",
        "earlier_partners",
        "harm_to_children",
        "harm_to_animals",
        "suicide_threats",
        "substances_mental_health",
        "engagement",
        "programmes",
        "his_account",
    ):
        page.locator(f"input[name=q_{item}][value=not_known]").check()
    page.locator("input[name=level][value=high]").check()
    page.get_by_label("Your reasons").fill("A knife last night and strangulation last month.")
    fill_date(page, "The date of the review", today)
    page.get_by_role("button", name="Record the risk review").click()
    page.get_by_text("Risk review of Darren Reid recorded: high risk.").wait_for()
    assert RiskReview.objects.get(family=family).items["weapons"]["suggested"] == "yes"

    page.goto(f"{live_server.url}/families/{family.pk}/risk/safety-marker/")
    page.get_by_label("Threats to professionals").check()
    page.get_by_label("Joint visits only").check()
    fill_date(page, "The date the marker was set", today)
    assert axe_problems(page) == []
    page.get_by_role("button", name="Set the safety marker").click()
    page.get_by_text("Safety marker set on Darren Reid.").wait_for()

    risk = page.locator("#risk")
    his, hers = page.locator("#risk-his"), page.locator("#risk-hers")
    assert "High" in his.inner_text() and "High" in hers.inner_text()
    assert "Safety marker for staff: Threats to professionals. Visits: Joint visits only." in his.inner_text()
    assert page.locator("#risk-his").bounding_box()["x"] < page.locator("#risk-hers").bounding_box()["x"]
    assert hers.locator("table").inner_text().count("Standard") == 1  # the trend's table: both identifications
    assert risk.locator("figure.spotlight-chart").count() == 1
    shot(page, "risk-side-by-side")
    assert axe_problems(page) == []
