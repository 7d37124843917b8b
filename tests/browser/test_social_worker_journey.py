"""A social worker's evening, in a real browser (Debian's Chromium through Playwright).

She signs in, opens a family from her caseload, makes a mistake in a case note and
sees a clear message with her words kept, adds the note and an attempt to engage the
person causing harm, and finds both in the chronology. axe-core checks the caseload
and family pages for serious or critical accessibility problems.
"""

from __future__ import annotations

from typing import Any

import pytest

from spotlight.cli import DEMO_PASSWORD, DEMO_WORKERS, _ensure_demo_users, load_synthetic
from spotlight.clock import local_today
from tests.browser.conftest import axe_problems, pass_second_factor, shot

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_social_worker_adds_a_note_and_a_contact_attempt_and_sees_both_in_the_chronology(
    live_server: Any, page: Any
) -> None:
    _ensure_demo_users()
    load_synthetic(count=12, seed=7, today=local_today(), teams=("North",), workers=DEMO_WORKERS)

    page.goto(f"{live_server.url}/")
    assert "/sign-in/" in page.url
    page.get_by_label("Username").fill("sw.demo")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    pass_second_factor(page, "sw.demo")

    page.get_by_role("heading", name="Families allocated to you").wait_for()
    shot(page, "caseload")
    assert axe_problems(page) == []
    rows = page.locator("#caseload tbody tr")
    assert rows.count() >= 1

    first = rows.first.locator("th a")
    family_name = first.inner_text()
    first.click()
    page.get_by_role("heading", name=family_name, exact=True).wait_for()
    assert page.get_by_role("heading", name="Chronology").is_visible()
    assert axe_problems(page) == []

    # A note with a mistake: no text. The message names what is wrong and keeps the date typed.
    page.get_by_role("link", name="Add a case note").click()
    today = local_today()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Type of contact").select_option("home_visit")
    page.get_by_role("button", name="Add the note").click()
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "There is a problem" in summary.inner_text()
    assert "Enter what happened" in summary.inner_text()
    assert page.get_by_label("Day").input_value() == str(today.day)
    assert page.get_by_label("Type of contact").input_value() == "home_visit"
    shot(page, "note-error")

    note_text = "Home visit. He shouted at her in front of the children last night; she took them to her sister's."
    page.get_by_label("What happened").fill(note_text)
    present = page.locator("input[name=present]")
    if present.count():
        present.first.check()
    page.get_by_role("button", name="Add the note").click()
    page.get_by_text("Case note added to the chronology.").wait_for()

    # Every attempt to engage him is its own kind of entry.
    page.get_by_role("link", name="Record an attempt to engage him").click()
    him = page.locator("input[name=person]")
    if not him.first.is_checked():
        him.first.check()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Office appointment").check()
    page.get_by_label("Seen alone").check()
    page.get_by_label("Notes (optional)").fill("Discussed the impact of his shouting on the children.")
    page.get_by_role("button", name="Record the attempt").click()
    page.get_by_text("recorded.").first.wait_for()

    chronology = page.locator("#chronology-entries")
    text = chronology.inner_text()
    assert note_text in text
    assert "Seen alone" in text and "Discussed the impact of his shouting" in text
    assert "Never contacted" not in page.locator("#engagement ~ dl").first.inner_text()
    shot(page, "family")

    # The htmx filter narrows the chronology in place.
    page.get_by_label("Show").select_option("contact_attempts")
    page.wait_for_function(
        "() => !document.querySelector('#chronology-entries').innerText.includes('He shouted at her')"
    )
    assert "Seen alone" in chronology.inner_text()
