"""The family's language review page: every finding in the family's case notes, grouped by
note, with counts by kind of wording; only for families the user can read; logged as a view,
never with the note's words."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from spotlight.access.models import AccessLogEntry
from spotlight.cases.models import Agency, CaseNote, Family
from spotlight.clock import local_today
from spotlight.language import Person, family_labels, review
from tests.conftest import PASSWORD, World

NORTH_BLAMING = "Sarah failed to protect Mia. The children were exposed to domestic abuse again on Friday."
NORTH_KEPT = "Mia said her mum failed to protect [[keep: Mia's own words, recorded as she said them]] her."
SOUTH_BLAMING = "Ms Lowe continues to expose the children to a volatile relationship (south note)."


def login(client: Client, username: str) -> None:
    assert client.login(username=username, password=PASSWORD)


def people(family: Family) -> list[Person]:
    return [Person(p.full_name, p.role) for p in family.people.order_by("id")]


def add_note(world: World, key: str, text: str, *, days_ago: int, agency: Agency | None = None) -> CaseNote:
    return CaseNote.objects.create(
        family=world.families[key],
        occurred_on=local_today() - dt.timedelta(days=days_ago),
        contact_type="home_visit",
        agency=agency,
        author=world.users["sw_north"],
        author_name="Sw Northworker",
        text=text,
    )


@pytest.fixture
def notes(world: World) -> dict[str, CaseNote]:
    police = Agency.objects.create(name="Northshire Police", kind="police")
    return {
        "blaming": add_note(world, "north_allocated", NORTH_BLAMING, days_ago=3, agency=police),
        "kept": add_note(world, "north_allocated", NORTH_KEPT, days_ago=2),
        "south": add_note(world, "south", SOUTH_BLAMING, days_ago=1),
    }


@pytest.mark.django_db
def test_the_page_lists_every_finding_note_by_note_with_counts_by_kind(
    world: World, client: Client, notes: dict[str, CaseNote]
) -> None:
    family = world.families["north_allocated"]
    expected = {n.pk: review(n.text, people(family)) for n in CaseNote.objects.filter(family=family)}
    assert expected[notes["blaming"].pk] and any(f.is_dismissed for f in expected[notes["kept"].pk])
    login(client, "sw_north")
    response = client.get(reverse("family_language", args=[family.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    text = html.unescape(page)

    for note_id, findings in expected.items():
        section = re.search(rf'<article[^>]*id="note-{note_id}".*?</article>', page, re.S)
        if not findings:
            assert section is None, "notes without findings are not listed"
            continue
        assert section is not None
        body = html.unescape(section.group(0))
        for f in findings:
            assert f'spotlight-mark--{f.severity.value}">{f.text}</mark>' in body
            assert f.message in body
            for suggestion in f.suggestions if not f.is_dismissed else ():
                assert suggestion in body
        assert "Recorded by Sw Northworker" in body
    blaming = html.unescape(re.search(rf'id="note-{notes["blaming"].pk}".*?</article>', page, re.S).group(0))  # type: ignore[union-attr]
    assert "Northshire Police" in blaming and "Home visit" in blaming
    assert "Kept, because: Mia's own words, recorded as she said them" in text

    # The summary table: one row per kind of wording, with the engine's labels and the counts.
    table = html.unescape(re.search(r'<table[^>]*id="language-by-rule-family".*?</table>', page, re.S).group(0))  # type: ignore[union-attr]
    all_findings = [f for fs in expected.values() for f in fs]
    for rule_family, label in family_labels().items():
        found = [f for f in all_findings if f.family == rule_family]
        kept = sum(1 for f in found if f.is_dismissed)
        row = re.search(rf"<th[^>]*>{re.escape(label)}</th>\s*(.*?)</tr>", table, re.S)
        assert row is not None, label
        cells = [int(c) for c in re.findall(r">(\d+)</td>", row.group(1))]
        assert cells == [len(found) - kept, kept, len(found)], label

    # Another family's notes are not part of this family's page.
    assert "south note" not in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "family", "allowed"),
    [
        ("sw_north", "north_allocated", True),
        ("sw_north", "south", False),
        ("manager_north", "north_allocated", True),
        ("sw_south", "north_allocated", False),
        ("sw_south", "south", True),
        ("auditor", "south", True),  # in her audit sample, read-only
        ("auditor", "north_allocated", False),
        ("admin", "north_allocated", False),
    ],
)
def test_only_readable_families_and_every_read_is_logged_without_the_words(
    world: World, client: Client, notes: dict[str, CaseNote], username: str, family: str, allowed: bool
) -> None:
    login(client, username)
    target = world.families[family]
    before = AccessLogEntry.objects.count()
    response = client.get(reverse("family_language", args=[target.pk]))
    page = html.unescape(response.content.decode())
    if allowed:
        assert response.status_code == 200
        assert "<mark" in page
        assert "Add a case note" not in page, "the language page offers no changes"
    else:
        assert response.status_code == 404
        assert "<mark" not in page and target.name not in page
        assert "failed to protect" not in page and "volatile" not in page
    rows = list(AccessLogEntry.objects.order_by("id")[before:])
    assert [(r.action, r.family_id, r.username, r.what) for r in rows] == [
        ("view" if allowed else "refused", target.pk, username, "language review page")
    ]
    words = {w for n in notes.values() for w in re.findall(r"[a-z]{5,}", n.text.lower())}
    assert not any(w in row.what.lower() for row in AccessLogEntry.objects.all() for w in words - {"review"})


@pytest.mark.django_db
def test_the_family_page_links_to_its_language_review_and_badges_notes_with_findings(
    world: World, client: Client, notes: dict[str, CaseNote]
) -> None:
    family = world.families["north_allocated"]
    login(client, "auditor")
    assert client.get(reverse("family_detail", args=[family.pk])).status_code == 404
    login(client, "sw_north")
    page = client.get(reverse("family_detail", args=[family.pk])).content.decode()
    url = reverse("family_language", args=[family.pk])
    assert f'href="{url}">Review this family\'s language</a>' in page
    blaming_open = sum(1 for f in review(NORTH_BLAMING, people(family)) if not f.is_dismissed)
    assert f'href="{url}#note-{notes["blaming"].pk}"' in page
    assert f"Language: {blaming_open} to rewrite" in page
    assert f'href="{url}#note-{notes["kept"].pk}"' in page and "Language: 1 kept" in page
    # The htmx chronology filter keeps the badges.
    partial = client.get(reverse("family_detail", args=[family.pk]), {"show": "notes"}, HTTP_HX_REQUEST="true")
    assert f"Language: {blaming_open} to rewrite" in partial.content.decode()


@pytest.mark.django_db
def test_a_family_without_notes_says_so(world: World, client: Client) -> None:
    login(client, "sw_north")
    page = client.get(reverse("family_language", args=[world.families["north_team"].pk])).content.decode()
    assert "No case notes are recorded for this family yet." in page
    assert "<table" not in page
