"""The case-file format in and out of the database: round trip, and all-or-nothing import."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest

from spotlight.access.models import AccessLogEntry, SealedDetail
from spotlight.casefile.database import export_families, import_case_file
from spotlight.casefile.format import CaseFileInvalid, parse_line
from spotlight.cases.models import CaseNote, ContactAttempt, Family, Person, Relationship
from spotlight.clock import local_today
from spotlight.pattern.models import BehaviourEntry, ChildHarm, ComplicatingFactor, ProtectiveEffort
from spotlight.pattern.selectors import pattern_map
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


# -- the pattern map in the case file ---------------------------------------------------


def pattern_arrays() -> dict[str, Any]:
    return {
        "behaviour_entries": [
            {
                "id": "b1",
                "person": "p1",
                "kind": "physical_assault",
                "occurred_on": "2026-10-01",
                "place": "the kitchen",
                "presenting_incident": True,
                "before": "Gary accused Jade of messaging a friend.",
                "during": "Gary threw a mug at Jade.",
                "after": "Jade took Ruby to her mother's.",
                "source": "police",
                "child_harms": [
                    {
                        "child": "p3",
                        "his_action": "He threw the mug while Ruby was at the table.",
                        "impact": "Ruby (7) will not eat in the kitchen.",
                    }
                ],
            },
            {
                "id": "b2",
                "person": "p1",
                "kind": "stalking",
                "relationship": "prior",
                "prior_partner": "Kelly, his partner before Jade",
                "period": "2012 to 2014",
                "source": "records",
                "description": "Gary followed Kelly home from work for months.",
            },
        ],
        "protective_efforts": [
            {
                "id": "e1",
                "survivor": "p2",
                "kind": "school_attendance",
                "occurred_on": "2026-10-05",
                "description": "Jade kept Ruby going to school every day.",
                "source": "school",
                "children": ["p3"],
            }
        ],
        "complicating_factors": [
            {
                "id": "f1",
                "person": "p1",
                "factor": "substance_use",
                "interaction": "Gary drinks at weekends; his monitoring carries on when he is sober.",
                "source": "adult_survivor",
            }
        ],
    }


def test_a_family_without_the_pattern_arrays_is_still_valid() -> None:
    record, problems = parse_line(json.dumps(family_line()), line=1, today=TODAY)
    assert problems == [] and record is not None
    assert record.behaviour_entries == () and record.protective_efforts == () and record.complicating_factors == ()


def test_the_pattern_arrays_parse() -> None:
    record, problems = parse_line(json.dumps(family_line(**pattern_arrays())), line=1, today=TODAY)
    assert problems == [] and record is not None
    assert [b.kind for b in record.behaviour_entries] == ["physical_assault", "stalking"]
    assert record.behaviour_entries[0].child_harms[0].child == "p3"
    assert record.protective_efforts[0].children == ("p3",)


def _with(path: tuple[str, int, str], value: Any, *, drop: str | None = None) -> dict[str, Any]:
    arrays = pattern_arrays()
    array, index, key = path
    item = arrays[array][index]
    if drop:
        del item[drop]
    if key:
        item[key] = value
    return family_line(**arrays)


@pytest.mark.parametrize(
    ("family", "field", "words"),
    [
        (_with(("behaviour_entries", 0, "kind"), "shouting"), "behaviour_entries[0].kind", "not a kind of behaviour"),
        (_with(("behaviour_entries", 0, "source"), "neighbour"), "behaviour_entries[0].source", "not a source"),
        (
            _with(("behaviour_entries", 0, "person"), "p2"),
            "behaviour_entries[0].person",
            "must be a person causing harm",
        ),
        (
            _with(("behaviour_entries", 0, "occurred_on"), "2030-01-01"),
            "behaviour_entries[0].occurred_on",
            "in the future",
        ),
        (
            _with(("behaviour_entries", 1, ""), None, drop="period"),
            "behaviour_entries[1].occurred_on",
            "give the date",
        ),
        (
            _with(("behaviour_entries", 0, "prior_partner"), "Kelly"),
            "behaviour_entries[0].prior_partner",
            "only for relationship prior",
        ),
        (
            _with(("behaviour_entries", 0, "child_harms"), [{"child": "p1", "his_action": "x", "impact": "y"}]),
            "behaviour_entries[0].child_harms[0].child",
            "must be a child",
        ),
        (
            _with(("protective_efforts", 0, "survivor"), "p1"),
            "protective_efforts[0].survivor",
            "must be an adult survivor",
        ),
        (_with(("protective_efforts", 0, "kind"), "prayed"), "protective_efforts[0].kind", "not a kind of protective"),
        (
            _with(("protective_efforts", 0, "children"), ["p2"]),
            "protective_efforts[0].children[0]",
            "must be a child",
        ),
        (
            _with(("protective_efforts", 0, "occurred_on"), "2099-05-05"),
            "protective_efforts[0].occurred_on",
            "in the future",
        ),
        (_with(("complicating_factors", 0, "factor"), "laziness"), "complicating_factors[0].factor", "not a complic"),
        (
            _with(("complicating_factors", 0, "person"), "p9"),
            "complicating_factors[0].person",
            'no person with id "p9"',
        ),
        (
            _with(("complicating_factors", 0, "interaction"), " "),
            "complicating_factors[0].interaction",
            "at least 1 character",
        ),
    ],
)
def test_a_wrong_pattern_entry_is_named_by_line_and_field(family: dict[str, Any], field: str, words: str) -> None:
    record, problems = parse_line(json.dumps(family), line=4, today=TODAY)
    assert [(p.line, p.field) for p in problems] == [(4, field)], problems
    assert words in problems[0].message, problems[0].message


@pytest.mark.django_db
def test_an_invalid_pattern_entry_refuses_the_whole_file(db: None) -> None:
    bad = _with(("behaviour_entries", 0, "kind"), "shouting")
    bad["id"] = "EXT-2"
    problem = _bad(jsonl(family_line(**pattern_arrays()), bad))
    assert [(e.line, e.field) for e in problem.errors] == [(2, "behaviour_entries[0].kind")]
    assert not Family.objects.exists() and not BehaviourEntry.objects.exists()


def _map_view(family: Family) -> dict[str, Any]:
    """The pattern_map selector's output, without database ids."""
    pm = pattern_map(family)
    return {
        "his": [
            (
                h.person.given_name,
                [
                    (
                        e.entry.kind,
                        e.when,
                        e.is_prior_relationship,
                        e.entry.presenting_incident,
                        e.source_label,
                        [(c.child.given_name, c.his_action, c.impact) for c in e.child_harms],
                    )
                    for e in h.entries
                ],
            )
            for h in pm.people_causing_harm
        ],
        "efforts": [
            (g.id, [(e.kind_label, e.when, e.description, [c.given_name for c in e.children]) for e in g.efforts])
            for g in pm.protective_efforts
        ],
        "factors": [(f.label, f.person.given_name, f.interaction) for f in pm.complicating_factors],
    }


@pytest.mark.django_db
def test_the_pattern_map_survives_export_and_import(world: World) -> None:
    result = import_case_file(jsonl(family_line(**pattern_arrays())), today=TODAY)
    assert (result.behaviour_entries, result.protective_efforts, result.complicating_factors) == (2, 1, 1)
    # and one entered in Spotlight (no external ids: made up on export)
    reid = Family.objects.get(name="Reid family")
    him = reid.people.filter(role="person_causing_harm").first()
    child = reid.people.filter(role="child").first()
    assert him is not None and child is not None
    entry = BehaviourEntry.objects.create(
        family=reid,
        person=him,
        kind="monitoring",
        period="2025",
        source="adult_survivor",
        description="He reads her phone.",
    )
    ChildHarm.objects.create(
        entry=entry, child=child, his_action="He asked the child to report on her.", impact="Upset."
    )

    before_rows = snapshot()
    before_maps = {f.reference: _map_view(f) for f in Family.objects.all()}
    # his entries by date, a period by its start: "2012 to 2014" (b2) first, then 1 Oct 2026 (b1)
    assert before_maps["EXT-1"]["his"][0][1][1][5] == [
        ("Ruby", "He threw the mug while Ruby was at the table.", "Ruby (7) will not eat in the kitchen.")
    ]
    exported = io.StringIO()
    export_families(Family.objects.all(), exported, user=None)
    Family.objects.all().delete()
    assert not BehaviourEntry.objects.exists() and not ProtectiveEffort.objects.exists()

    import_case_file(exported.getvalue().splitlines(keepends=True), today=local_today())
    assert snapshot() == before_rows
    assert {f.reference: _map_view(f) for f in Family.objects.all()} == before_maps
    assert ComplicatingFactor.objects.get().interaction.startswith("Gary drinks")


def _referral(**overrides: Any) -> dict[str, Any]:
    return {
        "id": "r1",
        "person": "p1",
        "programme": "caring_dads",
        "referred_on": "2026-09-01",
        "status": "started",
        "status_on": "2026-10-01",
        "sessions_attended": 4,
        "progress": [
            {"status": "referred", "on": "2026-09-01"},
            {"status": "started", "on": "2026-10-01", "sessions": 4},
        ],
        "support_for_her": True,
        "support_survivor": "p2",
        "support_service": "idva",
        "support_provider": "Eastshire IDVA service",
        "support_offered_on": "2026-09-01",
        "support_response": "accepted",
        **overrides,
    }


@pytest.mark.django_db
def test_his_referral_keeps_her_support_offer_and_its_steps_through_export_and_import(db: None) -> None:
    import_case_file(jsonl(family_line(programme_referrals=[_referral()])), today=TODAY)
    before = snapshot()
    (referral,) = before[0]["programme_referrals"]
    assert referral["support_survivor"] == "p2" and referral["support_provider"] == "Eastshire IDVA service"
    assert [step["status"] for step in referral["progress"]] == ["referred", "started"]
    exported = io.StringIO()
    export_families(Family.objects.all(), exported, user=None)
    Family.objects.all().delete()
    import_case_file(exported.getvalue().splitlines(keepends=True), today=TODAY)
    assert snapshot() == before


@pytest.mark.django_db
def test_a_referral_from_an_older_file_gets_one_step_from_its_status(db: None) -> None:
    older = {k: v for k, v in _referral().items() if not k.startswith("support_") and k != "progress"}
    import_case_file(jsonl(family_line(programme_referrals=[older | {"programme": "one_to_one"}])), today=TODAY)
    (referral,) = snapshot()[0]["programme_referrals"]
    assert referral["progress"] == [{"status": "started", "on": "2026-10-01", "sessions": None}]
    assert referral["support_provider"] == "" and referral["support_survivor"] is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"support_survivor": "p3"}, "programme_referrals[0].support_survivor"),
        ({"support_service": "caring_dads"}, "programme_referrals[0].support_service"),
        ({"support_response": "maybe"}, "programme_referrals[0].support_response"),
        ({"programme": "anger_management"}, "programme_referrals[0].programme"),
    ],
)
def test_a_wrong_support_offer_or_programme_is_named(overrides: dict[str, Any], field: str) -> None:
    line = json.dumps(family_line(programme_referrals=[_referral(**overrides)]))
    _, problems = parse_line(line, line=2, today=TODAY)
    assert [(p.line, p.field) for p in problems] == [(2, field)], problems


def _plan(**overrides: Any) -> dict[str, Any]:
    return {
        "id": "plan1",
        "kind": "child_protection",
        "started_on": "2026-09-01",
        "next_review_on": "2026-12-01",
        "reviewed": ["2026-10-01"],
        "actions": [
            {"id": "a1", "text": "Gary to attend Caring Dads", "owner": "person", "person": "p1",
             "due_on": "2026-10-01", "status": "in_progress",
             "updates": [{"on": "2026-09-20", "status": "in_progress", "note": "Assessed."}]},
            {"id": "a2", "text": "To act on any breach", "owner": "agency", "agency": "Eastshire Police"},
            {"id": "a3", "text": "See Ruby alone every two weeks", "owner": "worker", "status": "not_done",
             "not_done_reason": "Ruby was ill."},
        ],
        **overrides,
    }  # fmt: skip


@pytest.mark.django_db
def test_plans_and_their_actions_survive_export_and_import(db: None) -> None:
    import_case_file(jsonl(family_line(plans=[_plan()])), today=TODAY)
    before = snapshot()
    (plan,) = before[0]["plans"]
    assert [a["owner"] for a in plan["actions"]] == ["person", "agency", "worker"]
    assert plan["actions"][0]["updates"][0]["note"] == "Assessed."
    exported = io.StringIO()
    export_families(Family.objects.all(), exported, user=None)
    Family.objects.all().delete()
    import_case_file(exported.getvalue().splitlines(keepends=True), today=TODAY)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "pep_talk"}, "plans[0].kind"),
        ({"started_on": "2027-01-01"}, "plans[0].started_on"),
        ({"status": "ended"}, "plans[0].ended_on"),
        ({"actions": [{"id": "a1", "text": "x", "owner": "person"}]}, "plans[0].actions[0].person"),
        ({"actions": [{"id": "a1", "text": "x", "owner": "agency"}]}, "plans[0].actions[0].agency"),
        ({"actions": [{"id": "a1", "text": "x", "owner": "person", "person": "p9"}]}, "plans[0].actions[0].person"),
        (
            {"actions": [{"id": "a1", "text": "x", "owner": "worker", "status": "not_done"}]},
            "plans[0].actions[0].not_done_reason",
        ),
    ],
)
def test_a_wrong_plan_is_named_by_line_and_field(overrides: dict[str, Any], field: str) -> None:
    _, problems = parse_line(json.dumps(family_line(plans=[_plan(**overrides)])), line=3, today=TODAY)
    assert [(p.line, p.field) for p in problems] == [(3, field)], problems
