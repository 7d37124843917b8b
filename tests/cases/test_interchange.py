"""The case-file format in and out of the database: round trip, and all-or-nothing import."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest

from spotlight.access.models import AccessLogEntry, SealedDetail
from spotlight.cases.casefile import CaseFileInvalid, parse_line
from spotlight.cases.interchange import export_families, import_case_file
from spotlight.cases.models import CaseNote, ContactAttempt, Family, Person, Relationship
from spotlight.clock import local_today
from tests.conftest import SEALED_ADDRESS, World

TODAY = dt.date(2026, 11, 22)


def family_line(**overrides: Any) -> dict[str, Any]:
    family: dict[str, Any] = {
        "format": "spotlight-case-file",
        "version": 1,
        "id": "EXT-1",
        "name": "Lowe family",
        "team": "East",
        "allocated_to": ["nobody.here"],
        "households": [{"id": "h1", "name": "Ms Lowe's home"}],
        "people": [
            {"id": "p1", "role": "person_causing_harm", "given_name": "Gary", "family_name": "Lowe"},
            {"id": "p2", "role": "adult_survivor", "given_name": "Jade", "family_name": "Lowe", "household": "h1"},
            {"id": "p3", "role": "child", "given_name": "Ruby", "family_name": "Lowe", "date_of_birth": "2019-03-02"},
            {
                "id": "p4",
                "role": "child",
                "given_name": "Baby",
                "family_name": "Lowe",
                "expected_date_of_birth": "2027-02-01",
            },
        ],
        "relationships": [
            {"from": "p1", "to": "p3", "kind": "parent"},
            {"from": "p1", "to": "p2", "kind": "former_partner"},
        ],
        "agencies": [{"id": "a1", "name": "Eastshire Police", "kind": "police", "contact": "DC Patel"}],
        "notes": [
            {
                "id": "n1",
                "date": "2026-10-01",
                "contact_type": "home_visit",
                "agency": "a1",
                "author": "A Worker",
                "present": ["p2", "p3"],
                "text": "Gary Lowe threw a mug at Jade while Ruby was in the room.",
            }
        ],
        "contact_attempts": [
            {"id": "c1", "person": "p1", "date": "2026-10-03", "outcome": "seen_alone", "method": "office_appointment"}
        ],
    }
    family.update(overrides)
    return family


def jsonl(*families: dict[str, Any]) -> list[str]:
    return [json.dumps(f) + "\n" for f in families]


def snapshot() -> list[dict[str, Any]]:
    """Everything the format carries, independent of database ids."""
    out = io.StringIO()
    export_families(Family.objects.all(), out, user=None)
    return sorted((json.loads(line) for line in out.getvalue().splitlines()), key=lambda f: f["id"])


@pytest.mark.django_db
def test_export_then_import_into_an_empty_database_gives_the_same_families(world: World) -> None:
    # A family entered through the web app (ids made up on export) and one imported (ids kept).
    first = import_case_file(jsonl(family_line()), today=TODAY)
    assert first.unknown_workers == {"nobody.here"}, "an allocation to an unknown user is reported, not invented"
    before = snapshot()
    exported = io.StringIO()
    export_families(Family.objects.all(), exported, user=None)

    # Empty the case record and import the export.
    Family.objects.all().delete()
    assert not Person.objects.exists()
    result = import_case_file(exported.getvalue().splitlines(keepends=True), today=local_today())
    assert result.families == len(before)
    after = snapshot()
    assert after == before
    # and the allocation to a worker who exists survives the trip
    reid = next(f for f in after if f["name"] == "Reid family")
    assert reid["allocated_to"] == ["sw_north"]


@pytest.mark.django_db
def test_export_never_carries_sealed_details(world: World) -> None:
    assert SealedDetail.objects.filter(address=SEALED_ADDRESS).exists()
    out = io.StringIO()
    export_families(Family.objects.all(), out, user=None)
    assert "Hawthorn" not in out.getvalue()


@pytest.mark.django_db
def test_import_keeps_roles_relationships_and_engagement(db: None) -> None:
    import_case_file(jsonl(family_line()), today=TODAY)
    family = Family.objects.get(reference="EXT-1")
    assert family.team.name == "East"
    roles = dict(family.people.values_list("given_name", "role"))
    assert roles == {"Gary": "person_causing_harm", "Jade": "adult_survivor", "Ruby": "child", "Baby": "child"}
    assert Person.objects.get(given_name="Baby").expected_date_of_birth == dt.date(2027, 2, 1)
    assert Relationship.objects.filter(family=family, kind="parent", from_person__given_name="Gary").count() == 1
    note = CaseNote.objects.get(family=family)
    assert sorted(p.given_name for p in note.present.all()) == ["Jade", "Ruby"]
    assert note.agency is not None and note.agency.name == "Eastshire Police"
    attempt = ContactAttempt.objects.get(family=family)
    assert attempt.outcome == "seen_alone" and attempt.person.given_name == "Gary"
    assert AccessLogEntry.objects.filter(action="import", family=family).count() == 1


def _bad(lines: list[str]) -> CaseFileInvalid:
    with pytest.raises(CaseFileInvalid) as caught:
        import_case_file(lines, today=TODAY)
    return caught.value


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("case", "make_line", "field", "words"),
    [
        ("bad JSON", lambda: '{"id": "EXT-2", "name": \n', "", "not valid JSON"),
        (
            "missing role",
            lambda: (
                json.dumps(
                    family_line(
                        id="EXT-2",
                        people=[{"id": "p1", "given_name": "Gary"}],
                        relationships=[],
                        notes=[],
                        contact_attempts=[],
                    )
                )
                + "\n"
            ),
            "people[0].role",
            "required",
        ),
        (
            "unknown person id",
            lambda: (
                json.dumps(family_line(id="EXT-2", relationships=[{"from": "p1", "to": "p99", "kind": "parent"}]))
                + "\n"
            ),
            "relationships[0].to",
            'no person with id "p99"',
        ),
        (
            "date of birth in the future",
            lambda: (
                json.dumps(
                    family_line(
                        id="EXT-2",
                        people=[
                            {"id": "p1", "role": "person_causing_harm", "given_name": "Gary"},
                            {"id": "p3", "role": "child", "given_name": "Ruby", "date_of_birth": "2030-01-01"},
                        ],
                        relationships=[],
                        notes=[],
                        contact_attempts=[],
                        households=[],
                    )
                )
                + "\n"
            ),
            "people[1].date_of_birth",
            "in the future",
        ),
        (
            "unknown role",
            lambda: (
                json.dumps(family_line(id="EXT-2", people=[{"id": "p1", "role": "perpetrator", "given_name": "G"}]))
                + "\n"
            ),
            "people[0].role",
            "must be one of",
        ),
    ],
)
def test_a_malformed_file_is_refused_with_line_and_field_and_nothing_is_written(
    db: None, case: str, make_line: Any, field: str, words: str
) -> None:
    good_first = json.dumps(family_line()) + "\n"
    good_last = json.dumps(family_line(id="EXT-3", name="Khan family")) + "\n"
    problem = _bad([good_first, "\n", make_line(), good_last])
    first = problem.errors[0]
    assert first.line == 3, case
    assert first.field == field, (case, first)
    assert words in first.message, (case, first.message)
    assert words in str(problem)
    assert not Family.objects.exists(), "all or nothing: the good lines are not written either"
    assert not Person.objects.exists()
    assert not AccessLogEntry.objects.exists()


@pytest.mark.django_db
def test_every_problem_in_a_file_is_reported_not_just_the_first(db: None) -> None:
    lines = jsonl(
        family_line(id="EXT-1"),
        family_line(id="EXT-1", name="Duplicate"),
        family_line(id="EXT-5", notes=[{"id": "n1", "date": "2099-01-01", "contact_type": "home_visit", "text": "x"}]),
    )
    problem = _bad(lines)
    where = {(e.line, e.field) for e in problem.errors}
    assert (2, "id") in where
    assert (3, "notes[0].date") in where
    assert not Family.objects.exists()


@pytest.mark.django_db
def test_a_family_already_in_spotlight_is_refused(db: None) -> None:
    import_case_file(jsonl(family_line()), today=TODAY)
    problem = _bad(jsonl(family_line(id="EXT-9"), family_line()))
    assert problem.errors[0].line == 2 and "already in Spotlight" in problem.errors[0].message
    assert not Family.objects.filter(reference="EXT-9").exists()


def test_contact_attempts_are_only_for_a_person_causing_harm() -> None:
    line = json.dumps(
        family_line(
            contact_attempts=[{"id": "c1", "person": "p2", "date": "2026-10-03", "outcome": "seen", "method": "phone"}]
        )
    )
    record, problems = parse_line(line, line=1, today=TODAY)
    assert record is not None
    assert [(p.field, "person causing harm" in p.message) for p in problems] == [("contact_attempts[0].person", True)]
