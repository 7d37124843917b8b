"""Facts found in notes, in a real browser (Debian's Chromium through Playwright, with axe-core).

A social worker writes a note saying the father keeps the mother's bank card and the child hides
when he shouts. Spotlight finds both for the pattern map; she adds the first to the map from a form
filled in from the note, dismisses the second, and the map and the audit's evidence change.
"""

from __future__ import annotations

from typing import Any

import pytest

from spotlight.audit.services import evidence_for_family as family_evidence
from spotlight.clock import local_today
from spotlight.pattern.models import BehaviourEntry, NoteFactDecision
from tests.browser.conftest import axe_problems, shot, sign_in
from tests.conftest import PASSWORD, build_world

pytestmark = pytest.mark.browser

NOTE = (
    "Home visit. Sarah said Darren keeps her bank card and gives her money for food. "
    "Mia hides under her bed when he shouts."
)


@pytest.mark.django_db(transaction=True)
def test_a_worker_adds_one_fact_from_her_note_and_dismisses_another(live_server: Any, page: Any) -> None:
    world = build_world()
    family = world.families["north_allocated"]
    before = family_evidence(family)
    assert "economic_abuse" not in before.in_notes.behaviour_kinds

    sign_in(page, live_server.url, "sw_north", PASSWORD)
    page.goto(f"{live_server.url}/families/{family.pk}/")

    page.get_by_role("link", name="Add a case note").click()
    today = local_today()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Type of contact").select_option("home_visit")
    page.get_by_label("What happened").fill(NOTE)
    # while she writes, what the note holds for the map shows beside it
    page.locator("#draft-facts-list", has_text="Economic abuse").wait_for()
    assert "Fear" in page.locator("#draft-facts-list").inner_text()
    assert axe_problems(page) == []
    page.get_by_role("button", name="Add the note").click()
    page.get_by_text("Case note added to the chronology.").wait_for()
    assert "economic_abuse" in family_evidence(family).in_notes.behaviour_kinds  # the audit reads the note

    page.locator("#pattern-notes-facts a").click()
    page.get_by_role("heading", name="Found in the notes").wait_for()
    facts = page.locator("#notes-facts")
    assert "Economic abuse" in facts.inner_text() and "Fear" in facts.inner_text()
    assert page.locator("#notes-facts mark", has_text="keeps her bank card").count() == 1
    shot(page, "notes-facts")
    assert axe_problems(page) == []

    page.locator("#notes-facts a", has_text="Add to the map").first.click()
    page.get_by_role("heading", name="Record his behaviour").wait_for()
    assert page.locator("#from-note").is_visible()
    assert page.locator("select[name=kind]").input_value() == "economic_abuse"
    assert "keeps her bank card" in page.get_by_label("Description (optional)").input_value()
    assert axe_problems(page) == []
    page.get_by_label("Or the period (if no single date is known)").fill("since the summer")
    page.get_by_label("The adult survivor").check()
    page.get_by_role("button", name="Add to the pattern map").click()
    page.get_by_text("It came from the note of").wait_for()
    assert BehaviourEntry.objects.filter(family=family, kind="economic_abuse").count() == 1

    page.locator("#pattern-notes-facts a").click()
    page.get_by_role("heading", name="Found in the notes").wait_for()
    assert "Economic abuse" not in page.locator("#notes-facts").inner_text()
    page.locator("#notes-facts li", has_text="Fear").locator("button", has_text="Dismiss").click()
    page.locator(".govuk-notification-banner", has_text="will not be offered again").wait_for()
    assert "Fear" not in page.locator("#notes-facts").inner_text()
    assert NoteFactDecision.objects.filter(family=family).count() == 2

    after = family_evidence(family)
    assert after.behaviour_entries == before.behaviour_entries + 1  # now on the map, counted there
    assert "economic_abuse" not in after.in_notes.behaviour_kinds  # and not again from the note
