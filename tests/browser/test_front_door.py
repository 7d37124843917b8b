"""The front door and the right intervention, in a real browser (Debian's Chromium through Playwright,
with axe-core).

A school refers Mia for her attendance; the referrer's words hint at abuse at home. The social worker
records the referral, sees the screen's reasons quote those words, links it to the Reid family Spotlight
already holds (which screens it again with the family's record), opens the programme matching for each
person, refers Darren to a programme he is not ruled out of, and records the support offered to Sarah
alongside. Asked first without that support, the form refuses, naming it, and keeps what was typed. The
family page shows his programme and her support side by side.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from spotlight.clock import local_today
from spotlight.frontdoor.models import Referral
from spotlight.pattern.models import BehaviourEntry, ProgrammeReferral
from spotlight.risk.models import RiskReview
from tests.browser.conftest import axe_problems, fill_date, shot, sign_in
from tests.conftest import PASSWORD, SEALED_ADDRESS, build_world

pytestmark = pytest.mark.browser

SCHOOL = (
    "Mia (7) has missed 14 days since September and is often late. When asked, she said she has to stay "
    "home to look after mummy, and that she hides in her wardrobe when daddy gets angry."
)


@pytest.mark.django_db(transaction=True)
def test_a_school_referral_is_screened_linked_and_he_is_referred_with_support_for_her(
    live_server: Any, page: Any
) -> None:
    world = build_world()
    family = world.families["north_allocated"]
    today = local_today()
    RiskReview.objects.create(family=family, person=world.him, reviewed_on=today, level="medium", reasons="x")
    BehaviourEntry.objects.create(
        family=family, person=world.him, kind="isolation", occurred_on=today - dt.timedelta(days=20), source="police"
    )

    sign_in(page, live_server.url, "sw_north", PASSWORD)
    page.get_by_role("link", name="Front door").first.click()
    page.get_by_role("link", name="Record a referral").click()
    page.get_by_role("heading", name="Record a referral").wait_for()
    fill_date(page, "The date it was received", today)
    page.get_by_label("Who made it").select_option("school")
    page.get_by_label("The referrer's name and role (optional)").fill("Attendance officer")
    page.get_by_label("School attendance").check()
    page.get_by_label("Adults it names (optional)").fill("Sarah Reid, Darren Reid")
    page.get_by_label("Children it names (optional)").fill("Mia Reid")
    page.get_by_label("What the referrer said").fill(SCHOOL)
    assert axe_problems(page) == []
    page.get_by_role("button", name="Record and screen the referral").click()

    # The screen's reasons quote the referrer's words
    reasons = page.locator("#screen-reasons")
    reasons.wait_for()
    assert "hides in her wardrobe" in reasons.inner_text()
    referral = Referral.objects.get()
    assert referral.behind_another_concern and referral.suggested in ("possible", "present")
    assert axe_problems(page) == []
    shot(page, "front-door-referral")

    # Link it to the family Spotlight already holds: screened again with the family's record
    page.get_by_role("button", name="Link to Reid family").click()
    page.locator("#linked-family").wait_for()
    assert (
        "The family's record: the pattern map holds one of his behaviours"
        in page.locator("#screen-reasons").inner_text()
    )
    referral.refresh_from_db()
    assert referral.family == family and referral.suggested in ("present", "high_risk")
    assert SEALED_ADDRESS not in page.content()

    # Match each person to programmes and services, and refer him to one he is not ruled out of
    page.locator("#next-steps").get_by_role("link", name="Programmes and support").click()
    page.get_by_role("heading", name="Programmes and support").wait_for()
    couple = page.locator(f"#match-{world.him.pk}-steps_to_safety")
    assert "Coercive control is recorded" in couple.inner_text()
    assert couple.get_by_role("link").count() == 0
    assert "Independent domestic violence adviser" in page.content()
    assert axe_problems(page) == []
    shot(page, "front-door-matching")
    page.locator(f"#match-{world.him.pk}-caring_dads").get_by_role("link", name="Refer Darren to Caring Dads").click()
    page.get_by_role("heading", name="Record a referral of him to a programme").wait_for()
    assert page.get_by_role("radio", name="Caring Dads", exact=True).is_checked()
    fill_date(page, "Date of the referral", today)
    page.get_by_label("Note (optional)").fill("He agreed to meet the Caring Dads worker.")
    page.get_by_role("button", name="Record the referral").click()

    # Refused without support for her, naming it; nothing typed is lost
    page.get_by_text("There is a problem").wait_for()
    assert "a referral of him is not recorded without support for her alongside" in page.content()
    assert page.get_by_label("Note (optional)").input_value() == "He agreed to meet the Caring Dads worker."
    assert not ProgrammeReferral.objects.exists()
    assert axe_problems(page) == []

    page.get_by_label("Independent domestic violence adviser (IDVA)").check()
    page.get_by_label("Who provides her support").fill("Northshire IDVA service")
    fill_date(page, "Date support was offered to her", today)
    page.get_by_label("She accepted it").check()
    page.get_by_role("button", name="Record the referral").click()

    # The family page shows the pair
    row = page.locator("[id^=programme-referral-]").first
    row.wait_for()
    text = row.inner_text()
    assert "Caring Dads" in text and "Northshire IDVA service" in text and "She accepted it" in text
    referral_of_him = ProgrammeReferral.objects.get()
    assert (referral_of_him.programme, referral_of_him.support_survivor) == ("caring_dads", world.survivor)
    assert axe_problems(page) == []
    shot(page, "front-door-referred-with-support")
