"""The language review in a real browser (Debian's Chromium through Playwright).

A social worker types a sentence that blames the adult survivor into the note editor; after a
short pause the panel under the text highlights the wording, says why it matters and suggests a
rewrite naming the person causing harm. She saves the note anyway (the review is advice), sees
the badge on the note in the chronology, and opens the family's language review. axe-core checks
each page for serious or critical accessibility problems.
"""

from __future__ import annotations

from typing import Any

import pytest

from spotlight.cases.models import CaseNote
from spotlight.clock import local_today
from spotlight.language import Person, review
from tests.browser.conftest import axe_problems, pass_second_factor, shot
from tests.conftest import PASSWORD, World

pytestmark = pytest.mark.browser

BLAMING = "Home visit. Sarah failed to protect Mia from the violence at the weekend."


@pytest.mark.django_db(transaction=True)
def test_she_sees_the_blaming_wording_highlighted_with_a_rewrite_naming_him_then_saves_the_note(
    live_server: Any, page: Any, world: World
) -> None:
    family = world.families["north_allocated"]
    him = world.him.full_name
    people = [Person(p.full_name, p.role) for p in family.people.order_by("id")]
    expected = [f for f in review(BLAMING, people) if f.text == "failed to protect"]
    assert expected and any(him in s for s in expected[0].suggestions)

    page.goto(f"{live_server.url}/")
    page.get_by_label("Username").fill("sw_north")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    pass_second_factor(page, "sw_north")
    page.get_by_role("link", name=family.name).click()
    page.get_by_role("link", name="Add a case note").click()

    panel = page.locator("#language-review-panel")
    assert "Not checked yet" in panel.inner_text()
    today = local_today()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Type of contact").select_option("home_visit")
    page.get_by_label("What happened").press_sequentially(BLAMING, delay=5)

    mark = panel.locator("mark.spotlight-mark--error")
    mark.first.wait_for()
    assert mark.first.inner_text() == "failed to protect"
    finding = panel.locator(".spotlight-finding", has=page.locator("mark.spotlight-mark--error")).first
    assert expected[0].message in finding.inner_text()
    suggestions = finding.locator(".spotlight-finding__suggestions li").all_inner_texts()
    assert any(him in s for s in suggestions), suggestions
    assert "keep them on purpose, with your reason" in finding.inner_text()
    open_count = len([f for f in review(BLAMING, people) if not f.is_dismissed])
    assert page.locator("#language-review-status").inner_text().strip() == f"{open_count} to rewrite, 0 kept"
    shot(page, "language-review-live")
    assert axe_problems(page) == []

    # Rewording clears the finding as she types.
    text_box = page.get_by_label("What happened")
    text_box.fill(f"Home visit. {him} hit Sarah Reid in front of Mia at the weekend.")
    page.wait_for_function("() => document.querySelector('#language-review-status').innerText.includes('Nothing')")
    assert panel.locator("mark").count() == 0

    # Back to the first wording: the review is advice, so the note saves as she wrote it.
    text_box.fill(BLAMING)
    mark.first.wait_for()
    page.get_by_role("button", name="Add the note").click()
    page.get_by_text("The language review suggests rewording").wait_for()
    note = CaseNote.objects.get(family=family, text=BLAMING)
    badge = page.locator(f"#note-{note.pk} .spotlight-language-badge a")
    assert f"Language: {open_count} to rewrite" in badge.inner_text()
    assert axe_problems(page) == []

    badge.click()
    page.get_by_role("heading", name="Language review", exact=True).wait_for()
    entry = page.locator(f"#note-{note.pk}")
    assert entry.locator("mark.spotlight-mark--error").first.inner_text() == "failed to protect"
    assert him in entry.inner_text()
    shot(page, "language-review-family")
    assert axe_problems(page) == []

    # She means these words (they are the police report's): she keeps them, with her reason, beside the finding.
    entry.get_by_role("link", name="Keep this wording, with a reason").first.click()
    page.get_by_role("heading", name="Keep this wording on purpose").wait_for()
    assert axe_problems(page) == []
    page.get_by_role("button", name="Keep the wording").click()
    page.get_by_text("Say why you are keeping this wording").first.wait_for()  # the reason is needed
    page.get_by_label("Why keep this wording?").fill("The police report's own words")
    page.get_by_role("button", name="Keep the wording").click()
    page.get_by_text("The wording is kept").wait_for()
    kept_badge = page.locator(f"#note-{note.pk} .spotlight-language-badge a").inner_text()
    assert "1 kept" in kept_badge and (open_count == 1 or f"{open_count - 1} to rewrite" in kept_badge)


@pytest.mark.django_db(transaction=True)
def test_a_manager_watches_an_archive_review_run_and_opens_the_family_with_most_findings(
    live_server: Any, page: Any, world: World
) -> None:
    import signal

    from django.core.management import call_command

    family = world.families["north_team"]
    CaseNote.objects.create(
        family=family,
        occurred_on=local_today(),
        contact_type="home_visit",
        text=BLAMING + " It was a volatile relationship.",
    )
    page.goto(f"{live_server.url}/")
    page.get_by_label("Username").fill("manager_north")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    pass_second_factor(page, "manager_north")
    page.get_by_role("link", name=family.name).click()
    page.get_by_role("link", name="Review the language of every family open to you").click()
    page.get_by_role("button", name="Start an archive review").click()
    page.get_by_text("Waiting for the background worker").wait_for()
    assert axe_problems(page) == []

    # Starting a second one while this one waits says so, and links to it.
    page.get_by_role("link", name="Back to archive language reviews").click()
    page.get_by_role("button", name="Start an archive review").click()
    page.get_by_text("You already have an archive review running").wait_for()
    assert axe_problems(page) == []
    page.get_by_role("link", name="see its progress").click()

    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)

    # The page polls every 2 seconds and shows the results when the review has finished.
    page.get_by_role("heading", name="Results").wait_for()
    assert "Finished" in page.locator("#archive-status").inner_text()
    top = page.locator("#archive-top-families tbody tr").first
    assert family.name in top.inner_text()
    shot(page, "archive-review-results")
    assert axe_problems(page) == []
    top.get_by_role("link", name=family.name).click()
    page.get_by_role("heading", name="Language review", exact=True).wait_for()
    assert page.locator("mark").count() >= 1
