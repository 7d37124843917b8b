"""Wins, the strengths letter and outcomes, in a real browser (Debian's Chromium through Playwright, with
axe-core).

A social worker records a specific win for Sarah (a generic one is refused first), sees it on the team
board, drafts a strengths letter and checks it holds nothing about Darren and none of Sarah's sealed
details, records it as given; records Sarah's outcomes at the start and at the end; a domestic abuse
specialist opens the cohort report.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from spotlight.clock import local_today
from spotlight.outcomes.domain.measures import default_measures
from spotlight.pattern.models import ProtectiveEffort
from spotlight.wins.models import StrengthsLetter, Win
from tests.browser.conftest import axe_problems, fill_date, shot, sign_in
from tests.conftest import PASSWORD, SEALED_ADDRESS, SEALED_PHONE, build_world

pytestmark = pytest.mark.browser

SPECIFIC = "Sarah rang the school on Monday so that only her sister collects Mia, as the safety plan says."


def _outcomes(page: Any, occasion: str, value: str, day: dt.date) -> None:
    page.locator(f"input[name=occasion][value={occasion}]").check()
    fill_date(page, "The date they were given", day)
    for measure in default_measures().measures:
        if "survivor" in measure.asks:
            page.locator(f"input[name=m_{measure.id}][value='{value}']").check()
    for kind in default_measures().abuse_checklist:
        page.locator(f"input[name=a_{kind.id}][value={'yes' if occasion == 'intake' else 'no'}]").check()
    page.get_by_role("button", name="Record the answers").click()
    page.get_by_text("Outcomes recorded for Sarah Reid").wait_for()


@pytest.mark.django_db(transaction=True)
def test_a_win_a_letter_and_outcomes(live_server: Any, page: Any) -> None:
    world = build_world()
    family = world.families["north_allocated"]
    today = local_today()
    ProtectiveEffort.objects.create(
        family=family, survivor=world.survivor, kind="called_police", occurred_on=today - dt.timedelta(days=9),
        description="Called 999 when Darren kicked the door in.", source="police",
    )  # fmt: skip

    sign_in(page, live_server.url, "sw_north", PASSWORD)
    page.goto(f"{live_server.url}/families/{family.pk}/")
    page.locator("#wins").get_by_role("link", name="Record a win").click()
    fill_date(page, "When it happened", today)
    page.get_by_label("What happened").fill("Mum is doing really well this week.")
    page.get_by_label("The adult survivor").check()
    page.get_by_label("Why it matters").fill("Mia is safe at home time, and Sarah planned it herself.")
    page.get_by_label("One of her protective efforts").check()
    page.get_by_role("button", name="Record the win").click()
    page.get_by_text("does not say what anyone did").first.wait_for()
    assert page.get_by_label("Why it matters").input_value().startswith("Mia is safe")  # nothing typed is lost
    assert axe_problems(page) == []
    page.get_by_label("What happened").fill(SPECIFIC)
    page.get_by_role("button", name="Record the win").click()
    page.get_by_text("Win recorded.").wait_for()
    assert Win.objects.filter(family=family).count() == 1

    page.get_by_role("link", name="Wins this week").click()
    page.locator("#wins-count", has_text="1 win this week").wait_for()
    assert SPECIFIC in page.locator("#team-board").inner_text()
    assert axe_problems(page) == []

    page.goto(f"{live_server.url}/families/{family.pk}/strengths-letter/")
    letter = page.get_by_label("The letter").input_value()
    assert "Dear Sarah," in letter and "you called the police" in letter and SPECIFIC in letter
    assert "Darren" not in letter and "kicked" not in letter
    assert SEALED_ADDRESS not in letter and SEALED_PHONE not in letter and "Hawthorn" not in letter
    assert axe_problems(page) == []
    page.get_by_label("Given to her in person").check()
    fill_date(page, "When it was given", today)
    shot(page, "strengths-letter")
    page.get_by_role("button", name="Record the letter as given").click()
    page.locator("#letter").wait_for()
    assert "Darren" not in page.locator("#letter").inner_text()
    assert StrengthsLetter.objects.filter(family=family).count() == 1

    page.goto(f"{live_server.url}/families/{family.pk}/outcomes/new/?respondent=survivor&person={world.survivor.pk}")
    assert axe_problems(page) == []
    _outcomes(page, "intake", "2", today - dt.timedelta(days=60))
    page.goto(f"{live_server.url}/families/{family.pk}/outcomes/new/?respondent=survivor&person={world.survivor.pk}")
    _outcomes(page, "exit", "4", today)
    assert "Mostly" in page.locator("#outcomes").inner_text()

    page.context.clear_cookies()
    sign_in(page, live_server.url, "idva_north", PASSWORD)
    page.get_by_role("link", name="Outcomes").click()
    page.get_by_role("heading", name="Outcomes", exact=True).wait_for()
    assert "1 family started" in page.locator("main").inner_text()
    assert "Physical violence: stopped in 1 of 1 family" in page.locator("main").inner_text()
    shot(page, "outcomes-report")
    assert axe_problems(page) == []
