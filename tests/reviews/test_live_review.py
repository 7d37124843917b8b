"""The note editor's live language review: findings for blaming wording, none for accountable
wording, suggestions that name the family's people, and refusals through the read gate.
The draft's words never reach the access log or the server's logs."""

from __future__ import annotations

import html
import logging
import re

import pytest
from django.test import Client
from django.urls import reverse

from spotlight.access.models import AccessLogEntry
from spotlight.cases.models import CaseNote
from spotlight.clock import local_today
from spotlight.language import Person, review
from tests.conftest import PASSWORD, World

BLAMING = "Home visit. Sarah failed to protect Mia from the violence at the weekend."
ACCOUNTABLE = (
    "Home visit. Darren Reid shouted at Sarah Reid and pushed her into the door while Mia watched from the stairs. "
    "Sarah Reid took Mia to her sister's house."
)
PEOPLE = [
    Person("Darren Reid", "person_causing_harm"),
    Person("Sarah Reid", "adult_survivor"),
    Person("Mia Reid", "child"),
]


def login(client: Client, username: str) -> None:
    assert client.login(username=username, password=PASSWORD)


def review_draft(client: Client, family_id: int, text: str) -> tuple[int, str]:
    response = client.post(reverse("note_review", args=[family_id]), {"text": text}, HTTP_HX_REQUEST="true")
    return response.status_code, response.content.decode()


def marks(page: str) -> list[tuple[str, str]]:
    """(severity, flagged wording) for every <mark> on the page."""
    found = re.findall(r'<mark class="spotlight-mark spotlight-mark--(\w+)">(.*?)</mark>', page, re.S)
    return [(severity, html.unescape(text)) for severity, text in found]


@pytest.mark.django_db
def test_blaming_wording_is_marked_with_its_message_and_a_suggestion_naming_him(world: World, client: Client) -> None:
    expected = review(BLAMING, PEOPLE)
    assert expected, "the engine flags 'failed to protect'"
    login(client, "sw_north")
    status, page = review_draft(client, world.families["north_allocated"].pk, BLAMING)
    assert status == 200
    assert marks(page) == [(f.severity.value, f.text) for f in sorted(expected, key=lambda f: f.start)]
    assert ("error", "failed to protect") in marks(page)
    text = html.unescape(page)
    for finding in expected:
        assert finding.message in text
        for suggestion in finding.suggestions:
            assert suggestion in text
    assert any("Darren Reid" in s for f in expected for s in f.suggestions), "suggestions use the family's names"
    assert "keep them on purpose, with your reason" in text, "the worker is told how to keep wording she means"
    # The counts line is swapped out of band into the panel's status.
    assert re.search(
        rf'id="language-review-status" hx-swap-oob="innerHTML">\s*{len(expected)} to rewrite, 0 kept', page
    )


@pytest.mark.django_db
def test_accountable_wording_has_no_findings(world: World, client: Client) -> None:
    assert review(ACCOUNTABLE, PEOPLE) == []
    login(client, "sw_north")
    status, page = review_draft(client, world.families["north_allocated"].pk, ACCOUNTABLE)
    assert status == 200
    assert marks(page) == []
    assert "Nothing to rewrite" in page
    assert "No wording to reconsider so far." in page


@pytest.mark.django_db
def test_wording_kept_with_a_reason_is_counted_as_kept(world: World, client: Client) -> None:
    text = "The police report says Sarah failed to protect [[keep: the police report's words]] the children."
    findings = review(text, PEOPLE)
    kept = [f for f in findings if f.is_dismissed]
    assert kept, "the engine honours the keep marker"
    login(client, "sw_north")
    status, page = review_draft(client, world.families["north_allocated"].pk, text)
    assert status == 200
    assert re.search(rf"{len(findings) - len(kept)} to rewrite, {len(kept)} kept", page)
    assert "Kept with a reason" in page
    assert "Kept, because: the police report&#x27;s words" in page


@pytest.mark.django_db
def test_empty_and_overlong_drafts_get_a_plain_message(world: World, client: Client) -> None:
    login(client, "sw_north")
    family_id = world.families["north_allocated"].pk
    status, page = review_draft(client, family_id, "   ")
    assert status == 200 and "Not checked yet" in page and "<mark" not in page
    status, page = review_draft(client, family_id, "word " * 20_001)
    assert status == 200
    assert "longer than 100,000 characters" in page and "<mark" not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "family", "status"),
    [
        ("sw_south", "north_allocated", 404),
        ("admin", "north_allocated", 404),
        ("auditor", "north_allocated", 404),
        ("auditor", "south", 403),
    ],
)
def test_the_live_review_is_refused_through_the_read_gate(
    world: World, client: Client, username: str, family: str, status: int
) -> None:
    login(client, username)
    family_id = world.families[family].pk
    before = AccessLogEntry.objects.count()
    code, page = review_draft(client, family_id, BLAMING)
    assert code == status
    assert "failed to protect" not in page and "Darren" not in page
    rows = list(AccessLogEntry.objects.order_by("id")[before:])
    assert [(r.action, r.family_id, r.username) for r in rows] == [("refused", family_id, username)]
    assert "failed" not in rows[0].what


@pytest.mark.django_db
def test_the_live_review_only_accepts_posts(world: World, client: Client) -> None:
    login(client, "sw_north")
    response = client.get(reverse("note_review", args=[world.families["north_allocated"].pk]), {"text": BLAMING})
    assert response.status_code == 405


@pytest.mark.django_db
def test_the_draft_never_reaches_the_access_log_or_the_server_logs(
    world: World, client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    login(client, "sw_north")
    before = AccessLogEntry.objects.count()
    with caplog.at_level(logging.DEBUG):
        review_draft(client, world.families["north_allocated"].pk, BLAMING)
        review_draft(client, world.families["south"].pk, BLAMING)  # refused
    assert "failed to protect" not in caplog.text and "weekend" not in caplog.text
    for row in AccessLogEntry.objects.order_by("id")[before:]:
        assert "failed" not in row.what and "weekend" not in row.what


@pytest.mark.django_db
def test_the_note_form_reviews_as_she_types_and_saves_whatever_the_review_says(world: World, client: Client) -> None:
    login(client, "sw_north")
    family = world.families["north_allocated"]
    form = client.get(reverse("note_add", args=[family.pk])).content.decode()
    review_url = reverse("note_review", args=[family.pk])
    textarea = re.search(r"<textarea[^>]*>", form)
    assert textarea is not None
    assert f'hx-post="{review_url}"' in textarea.group(0)
    assert 'hx-trigger="input changed delay:400ms"' in textarea.group(0)
    assert 'hx-target="#language-review"' in textarea.group(0)
    assert 'id="language-review"' in form and 'id="language-review-status"' in form

    # Without JavaScript: a mistake elsewhere in the form re-renders it with the review of what she typed.
    today = local_today()
    data = {
        "occurred_on_day": "",
        "occurred_on_month": "",
        "occurred_on_year": "",
        "contact_type": "home_visit",
        "text": BLAMING,
    }
    page = client.post(reverse("note_add", args=[family.pk]), data).content.decode()
    assert "Enter the date of the contact" in page
    assert ("error", "failed to protect") in marks(page)
    assert BLAMING in html.unescape(page), "her words are kept"

    # The review is advice, not a block: the note saves, and the chronology shows a badge.
    data.update(occurred_on_day=str(today.day), occurred_on_month=str(today.month), occurred_on_year=str(today.year))
    response = client.post(reverse("note_add", args=[family.pk]), data, follow=True)
    assert response.status_code == 200
    note = CaseNote.objects.get(family=family, text=BLAMING)
    page = response.content.decode()
    assert "The language review suggests rewording 1 phrase in it." in page
    open_findings = len([f for f in review(BLAMING, PEOPLE) if not f.is_dismissed])
    assert f"Language: {open_findings} to rewrite" in page
    assert f"{reverse('family_language', args=[family.pk])}#note-{note.pk}" in page
    # The note without findings has no badge.
    assert page.count("Language:") == 1


@pytest.mark.django_db
def test_the_second_reader_marks_what_the_rules_miss_as_a_suggestion_with_its_reasons(
    world: World, client: Client
) -> None:
    text = "Home visit. Mum could not be relied on to keep Mia safe when Darren was around."
    [found] = review(text, PEOPLE)
    assert found.rule.startswith("second-reader") and found.severity.value == "suggestion"
    login(client, "sw_north")
    status, page = review_draft(client, world.families["north_allocated"].pk, text)
    assert status == 200
    assert marks(page) == [("suggestion", found.text)]
    assert "The words that weighed most: “" in html.unescape(page)
