"""What the record already says that bears on risk, read from a family in the case-file format: map
entries and facts found in notes, each line saying where it is; dated incidents for the escalation and
repeat criteria (a note's fact without a date is shown, not counted); his review's suggestions never
say "no"; gaps in his engagement are named."""

from __future__ import annotations

import datetime as dt
from typing import Any

from spotlight.casefile.format import FamilyRecord
from spotlight.risk.domain.checklist import NOT_KNOWN, YES, default_checklist
from spotlight.risk.domain.evidence import incidents_of, read_record
from spotlight.risk.domain.his_review import default_review_items, suggest

TODAY = dt.date(2026, 11, 20)


def family(**parts: Any) -> FamilyRecord:
    record: dict[str, Any] = {
        "id": "F1",
        "name": "Nowak family",
        "team": "North",
        "people": [
            {"id": "him", "role": "person_causing_harm", "given_name": "Marek", "family_name": "Nowak"},
            {"id": "her", "role": "adult_survivor", "given_name": "Anna", "family_name": "Nowak"},
            {
                "id": "lily",
                "role": "child",
                "given_name": "Lily",
                "family_name": "Nowak",
                "date_of_birth": "2019-05-01",
            },
        ],
        "agencies": [{"id": "pol", "name": "Northshire Police", "kind": "police"}],
    }
    record.update(parts)
    return FamilyRecord.model_validate(record)


def entry(eid: str, kind: str, day: str | None, source: str = "police", **more: Any) -> dict[str, Any]:
    return {"id": eid, "person": "him", "kind": kind, "occurred_on": day, "source": source, **more}


def note(nid: str, day: str, text: str, **more: Any) -> dict[str, Any]:
    return {"id": nid, "date": day, "contact_type": "home_visit", "text": text, **more}


def test_a_knife_in_a_note_and_strangulation_on_the_map_are_shown_beside_their_questions() -> None:
    record = family(
        behaviour_entries=[entry("e1", "strangulation", "2026-03-03")],
        notes=[
            note(
                "n1",
                "2026-10-07",
                "Ms Nowak said that on 6 October Mr Nowak stood over her with a knife and said he would finish it.",
            )
        ],
    )
    clues = read_record(record, record, today=TODAY)
    checklist = default_checklist()
    strangulation = clues.for_evidence(checklist.question("strangulation").evidence)  # type: ignore[union-attr]
    assert [line.says for line in strangulation] == [
        "The pattern map records “Non-fatal strangulation or suffocation” by Marek Nowak, on 3 March 2026 "
        "(source: Police)"
    ]
    weapons = clues.for_evidence(checklist.question("weapons").evidence)  # type: ignore[union-attr]
    assert len(weapons) == 1 and weapons[0].kind == "note" and weapons[0].ref == "n1"
    assert weapons[0].says.startswith(
        "The note of 7 October 2026 says “Ms Nowak said that on 6 October Mr Nowak stood over her with a knife"
    )
    assert [(i.on, i.ref) for i in incidents_of(clues)] == [(dt.date(2026, 3, 3), "e1"), (dt.date(2026, 10, 6), "n1")]


def test_a_fact_without_a_date_is_shown_but_not_counted_as_an_incident() -> None:
    record = family(notes=[note("n1", "2026-10-07", "Ms Nowak told me Mr Nowak has threatened to kill her.")])
    clues = read_record(record, record, today=TODAY)
    assert clues.behaviours["threat_to_kill"]
    assert incidents_of(clues) == []


def test_a_dismissed_fact_is_not_read_again() -> None:
    record = family(notes=[note("n1", "2026-10-07", "Ms Nowak told me Mr Nowak has threatened to kill her.")])
    key = next(iter(read_record(record, record, today=TODAY).behaviours))  # sanity: one kind found
    assert key == "threat_to_kill"
    from spotlight.pattern.domain.notefacts import find_facts, members_from

    facts = find_facts(
        record.notes[0].text, members_from(p.model_dump(mode="json") for p in record.people), record.notes[0].date
    )
    dismissed = {"n1": {f.key() for f in facts}}
    assert not read_record(record, record, today=TODAY, dismissed=dismissed).behaviours


def test_an_earlier_relationship_is_evidence_of_harm_to_others_and_not_an_incident_with_her() -> None:
    record = family(behaviour_entries=[entry("e1", "physical_assault", "2019-01-01", "records", relationship="prior")])
    clues = read_record(record, record, today=TODAY)
    assert clues.record["prior_relationships"] and incidents_of(clues) == []


def test_a_baby_expected_or_born_in_the_last_eighteen_months_bears_on_the_pregnancy_question() -> None:
    people = [
        {"id": "him", "role": "person_causing_harm", "given_name": "Marek", "family_name": "Nowak"},
        {"id": "her", "role": "adult_survivor", "given_name": "Anna", "family_name": "Nowak"},
        {"id": "baby", "role": "child", "given_name": "Zofia", "family_name": "Nowak", "date_of_birth": "2026-02-01"},
    ]
    record = family(people=people)
    lines = read_record(record, record, today=TODAY).record["pregnancy"]
    assert [line.says for line in lines] == ["Zofia was born on 1 February 2026"]


def test_his_review_suggests_yes_where_the_record_holds_it_and_never_no() -> None:
    record = family(behaviour_entries=[entry("e1", "weapon", "2026-06-01")])
    suggestions = {
        s.item.id: s for s in suggest(default_review_items(), read_record(record, record, today=TODAY, him="him"))
    }
    assert suggestions["weapons"].answer == YES and suggestions["weapons"].lines
    assert suggestions["strangulation"].answer == NOT_KNOWN and not suggestions["strangulation"].lines
    assert {s.answer for s in suggestions.values()} <= {YES, NOT_KNOWN}


def test_no_contact_with_him_is_named_as_a_gap() -> None:
    record = family()
    assert read_record(record, record, today=TODAY).gaps == ["No contact with him recorded; his account is missing."]
    seen = family(
        contact_attempts=[
            {"id": "c1", "person": "him", "date": "2026-10-01", "outcome": "seen_alone", "method": "home_visit"}
        ]
    )
    clues = read_record(seen, seen, today=TODAY)
    assert clues.gaps == ["His own account is not recorded in the notes."]
    assert clues.record["engagement"][0].says == "Contact with Marek Nowak on 1 October 2026: seen alone"


def test_escalation_is_read_when_the_last_six_months_hold_more_incidents_than_the_six_before() -> None:
    record = family(
        behaviour_entries=[
            entry("e1", "physical_assault", "2026-01-10"),
            entry("e2", "physical_assault", "2026-07-01"),
            entry("e3", "stalking", "2026-09-01"),
            entry("e4", "threat_to_kill", "2026-11-01"),
        ]
    )
    lines = read_record(record, record, today=TODAY).record["escalation"]
    assert [line.says for line in lines] == [
        "3 dated incidents in the six months to 20 November 2026, against 1 in the six months before"
    ]
