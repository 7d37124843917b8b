"""`spotlight risk marac`: every survivor in a case-file export who meets a Marac criterion, with the
criteria and why; text, JSON and CSV; bad input refused by line or value; the quick reading of an export
gives the same answers as reading every note; and the answers agree with the generator's truth."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from spotlight.casefile.format import dump_family
from spotlight.cli import app
from spotlight.cli.risk import may_hold_an_identification
from spotlight.family.synth import SyntheticFamily, generate_families
from spotlight.pattern.domain.notefacts import stated_date
from spotlight.risk.domain.checklist import default_checklist
from spotlight.risk.domain.marac import CRITERIA
from spotlight.risk.domain.marac_list import Listed, listed, listed_quickly, read_every_incident

runner = CliRunner()
TODAY = dt.date(2026, 6, 15)
QUESTIONS = [q.id for q in default_checklist().questions]


def _identification(ident: str, on: str, yes: int, **more: Any) -> dict[str, Any]:
    answers = [{"question": q, "answer": "yes" if i < yes else "no", "comment": ""} for i, q in enumerate(QUESTIONS)]
    return {"id": ident, "survivor": "p2", "identified_on": on, "answers": answers, **more}


def _family(family: str, identifications: list[dict[str, Any]], **more: Any) -> str:
    return json.dumps(
        {
            "id": family,
            "name": f"{family} family",
            "team": "North",
            "people": [
                {"id": "p1", "role": "person_causing_harm", "given_name": "Darren", "family_name": "Reid"},
                {"id": "p2", "role": "adult_survivor", "given_name": "Sarah", "family_name": "Reid"},
            ],
            "risk_identifications": identifications,
            **more,
        }
    )


def _entry(entry: str, on: str, kind: str = "physical_assault") -> dict[str, str]:
    return {"id": entry, "person": "p1", "kind": kind, "occurred_on": on, "source": "police"}


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Five families: visible high risk; professional judgement; escalation counted from the map and a
    note; repeat after an earlier referral; and one below every criterion (not listed)."""
    lines = [
        _family("F1", [_identification("ri1", "2026-05-01", 14)]),
        _family(
            "F2",
            [_identification("ri1", "2026-05-01", 13, judgement_level="high", judgement_reasons="He has a knife.")],
        ),
        _family(
            "F3",
            [_identification("ri1", "2026-05-01", 4)],
            behaviour_entries=[_entry("b1", "2025-09-01"), _entry("b2", "2026-01-10", "strangulation")],
            notes=[
                {
                    "id": "n1",
                    "date": "2026-04-03",
                    "contact_type": "phone_call",
                    "text": "Sarah told me that on 2 April Darren Reid punched her in the face.",
                }
            ],
        ),
        _family(
            "F4",
            [
                _identification("ri1", "2025-08-01", 15, referred_to_marac_on="2025-08-05"),
                _identification("ri2", "2026-03-01", 2),
            ],
            behaviour_entries=[_entry("b1", "2025-12-24")],
        ),
        _family("F5", [_identification("ri1", "2026-05-01", 9)]),
        "",
        json.dumps({"id": "F6", "name": "F6 family", "team": "North", "people": [{"id": "p1", "role": "child"}]}),
    ]
    path = tmp_path_factory.mktemp("marac") / "export.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def marac(*args: str) -> Any:
    return runner.invoke(app, ["risk", "marac", *args])


def test_text_names_each_survivor_the_criteria_met_and_why(export: Path) -> None:
    result = marac(str(export), "--as-of", "2026-06-15")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "F1 F1 family: Sarah Reid (p2), risk identification ri1 of 1 May 2026: 14 yes, high" in text
    assert "Visible high risk: 14 of 24 answers are yes: 14 or more meet this criterion" in text
    assert "Professional judgement: The worker judged the risk high, for these reasons: He has a knife." in text
    assert "Potential escalation: 3 incidents in the 12 months to 1 May 2026" in text
    assert "2 April 2026: Physical assault" in text and "(the note of 3 April 2026)" in text
    assert "1 September 2025: Physical assault" in text and "(the pattern map)" in text
    assert "Repeat: New abuse within 12 months of her last Marac referral (5 August 2025)" in text
    assert "F5" not in text
    assert "4 survivors meet a Marac criterion as of 15 June 2026" in result.stderr


def test_a_family_with_no_identification_is_passed_over_unless_asked_to_check_every_family(export: Path) -> None:
    """Line 7 (a family with a child and no name for her) is never read for a Marac list; --check reads it."""
    assert marac(str(export)).exit_code == 0
    checked = marac(str(export), "--check")
    assert checked.exit_code == 2 and "line 7, field people[0].given_name" in checked.stderr


def test_json_and_csv_hold_the_same_survivors(export: Path) -> None:
    as_json = json.loads(marac(str(export), "--as-of", "2026-06-15", "--format", "json").stdout)
    assert [(s["family"], [c["id"] for c in s["criteria"]]) for s in as_json] == [
        ("F1", ["visible_high_risk"]),
        ("F2", ["professional_judgement"]),
        ("F3", ["potential_escalation"]),
        ("F4", ["repeat"]),
    ]
    escalation = as_json[2]["criteria"][0]
    assert [(i["on"], i["where"], i["ref"]) for i in escalation["incidents"]] == [
        ("2025-09-01", "the pattern map", "b1"),
        ("2026-01-10", "the pattern map", "b2"),
        ("2026-04-02", "the note of 3 April 2026", "n1"),
    ]
    assert as_json[0]["survivor_name"] == "Sarah Reid" and as_json[0]["yes"] == 14
    rows = list(csv.DictReader(io.StringIO(marac(str(export), "--as-of", "2026-06-15", "--format", "csv").stdout)))
    assert [(r["family"], r["criterion"]) for r in rows] == [(s["family"], s["criteria"][0]["id"]) for s in as_json]
    assert rows[0]["why"] == as_json[0]["criteria"][0]["why"]


def test_as_of_takes_her_latest_identification_by_that_day(export: Path) -> None:
    """Before 1 March 2026, F4's latest identification is the first (15 yes); before any, none is listed."""
    early = json.loads(marac(str(export), "--as-of", "2025-12-31", "--format", "json").stdout)
    assert [(s["family"], s["identification"], [c["id"] for c in s["criteria"]]) for s in early] == [
        ("F4", "ri1", ["visible_high_risk"])
    ]
    assert json.loads(marac(str(export), "--as-of", "2025-01-01", "--format", "json").stdout) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"id": "X1", "name": "X", "team": "N", "people": []\n', "line 1"),
        (b'{"id": "X1"}\n{"risk_identifications": [{"id": "r1"}], "id": "X2"}\n', "line 2, field name"),
        (b'\xff\xfe{"risk_identifications": []}\n', "not valid UTF-8"),
        (
            _family("X3", [_identification("ri1", "2026-05-01", 3) | {"survivor": "p9"}]).encode() + b"\n",
            'risk_identifications[0].survivor: no person with id "p9"',
        ),
    ],
)
def test_a_bad_line_is_named_with_exit_status_2(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(content)
    result = marac(str(path))
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.output


def test_bad_values_and_missing_files_are_refused_without_a_traceback(tmp_path: Path, export: Path) -> None:
    bad_day = marac(str(export), "--as-of", "2026-13-01")
    assert bad_day.exit_code == 2 and "--as-of 2026-13-01: not a day" in bad_day.stderr
    missing = marac(str(tmp_path / "nowhere.jsonl"))
    assert missing.exit_code == 2 and "Cannot read" in missing.stderr
    assert marac(str(export), "--format", "xml").exit_code == 2
    done = subprocess.run(  # the whole process: no traceback, exit status 2
        [sys.executable, "-m", "spotlight.cli", "risk", "marac", str(export), "--as-of", "31/12/2026"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr and "31/12/2026" in done.stderr


def test_a_file_written_before_risk_existed_lists_nobody(tmp_path: Path) -> None:
    path = tmp_path / "old.jsonl"
    old = json.loads(_family("OLD", []))
    del old["risk_identifications"]
    path.write_text(json.dumps(old) + "\n", encoding="utf-8")
    result = marac(str(path), "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []


def test_only_lines_that_surely_hold_no_identification_are_passed_over() -> None:
    assert not may_hold_an_identification(b'{"id":"A","risk_identifications":[],"risk_reviews":[]}')
    assert not may_hold_an_identification(b'{"id":"A","people":[]}')
    assert may_hold_an_identification(b'{"id":"A","risk_identifications":[{"id":"r1"}]}')
    assert may_hold_an_identification(b'{"id":"A","risk_identifications" : []}')
    assert may_hold_an_identification(b'{"id":"A","risk_identifications":[],"risk_identifications":[{}]}')
    assert may_hold_an_identification(b'{"id":"A","risk_identification\\u0073":[{}]}')


def test_a_day_the_year_before_does_not_have_is_no_day() -> None:
    """29 February named in a note of February 2028 would be 29 February 2027: no such day."""
    assert stated_date("He hit her on 29 February.", dt.date(2028, 2, 10)) is None
    assert stated_date("He hit her on 29 February.", dt.date(2028, 3, 10)) == dt.date(2028, 2, 29)


# -- the quick reading and the truth -------------------------------------------------------------------


@pytest.fixture(scope="module")
def synthetic() -> list[SyntheticFamily]:
    return list(generate_families(count=400, seed=31, today=TODAY))


def _answers(found: list[Listed]) -> list[tuple[object, ...]]:
    """What the command shows of each survivor: who, her identification, and each criterion met and why."""
    return [
        (f.family, f.survivor, f.identification, f.result.yes, f.result.level)
        + tuple((c.id, c.why, c.incidents) for c in f.result.criteria_met)
        for f in found
    ]


@pytest.mark.parametrize(
    ("as_of", "second_reader", "families"),
    [(TODAY, False, 400), (dt.date(2025, 12, 1), False, 400), (dt.date(2025, 3, 1), False, 400), (TODAY, True, 150)],
)
def test_reading_only_the_notes_that_can_change_a_criterion_gives_the_same_answers(
    synthetic: list[SyntheticFamily], as_of: dt.date, second_reader: bool, families: int
) -> None:
    checklist = default_checklist()
    read = read_every_incident(second_reader=second_reader)
    found = 0
    for family in synthetic[:families]:
        r = family.record
        every_note = listed(r, r, r, as_of=as_of, checklist=checklist, read=read)
        quickly = listed_quickly(r, r, r, as_of=as_of, checklist=checklist, read=read)
        assert _answers(quickly) == _answers(every_note), r.id
        found += len(every_note)
    assert found > 20


def test_the_command_reads_quickly_and_in_full_alike_and_agrees_with_the_truth(
    tmp_path: Path, synthetic: list[SyntheticFamily]
) -> None:
    path = tmp_path / "synthetic.jsonl"
    path.write_text("".join(dump_family(f.record) + "\n" for f in synthetic), encoding="utf-8")
    quick = marac(str(path), "--as-of", TODAY.isoformat(), "--format", "json")
    full = marac(str(path), "--as-of", TODAY.isoformat(), "--format", "json", "--check")
    assert quick.exit_code == full.exit_code == 0
    assert quick.stdout == full.stdout
    found = {s["family"]: {c["id"] for c in s["criteria"]} for s in json.loads(quick.stdout)}
    identified = [f for f in synthetic if f.record.risk_identifications]
    agree = dict.fromkeys(CRITERIA, 0)
    for family in identified:
        for criterion in CRITERIA:
            meant = criterion in family.truth.marac_criteria
            seen = criterion in found.get(family.record.id, set())
            agree[criterion] += meant == seen
            assert meant or not seen, (family.record.id, criterion)  # never a criterion the truth does not hold
    assert agree["visible_high_risk"] == agree["professional_judgement"] == len(identified)
    assert agree["potential_escalation"] / len(identified) > 0.93 and agree["repeat"] / len(identified) > 0.97
    assert set(found) <= {f.record.id for f in identified if f.truth.marac_criteria}


def test_every_way_a_note_names_a_day_is_read_quickly_as_in_full() -> None:
    """Days with and without a year, numeric, "last night", a short month with a full stop, capitals,
    the Turkish dotless i the fact finder's patterns take for an i, and a note written after the
    identification about a day before it: the quick reading finds what reading every note finds."""
    from spotlight.casefile.format import FamilyRecord

    said = [
        ("2026-03-05", "Sarah told me that on 3rd of March Darren Reid punched her."),
        ("2026-03-12", "On MARCH 10 Darren Reid hit her across the face. The children were upstairs."),
        ("2026-03-20", "Police report. On 15/03/2026 Darren Reid kicked her in the legs."),
        ("2026-03-25", "Darren Reid strangled her last night. She went to her sister's."),
        ("2026-04-10", "Visit. On 2 April 2026 Darren Reid pushed her down the stairs."),
        ("2025-09-10", "Darren Reid punched her on Sept. 3 at the bus stop."),
        ("2026-05-20", "She said that on 28 April Darren Reid threw a mug at her, cutting her head."),
        ("2025-03-05", "On 3 March Darren Reid hit her."),
        ("2026-04-06", "On 5 apr\u0131l Darren Reid hit her."),
        ("2026-04-20", "Nothing new. Darren Reid has not been seen since 3 April."),
    ]
    notes = [
        {"id": f"n{i}", "date": day, "contact_type": "phone_call", "text": text}
        for i, (day, text) in enumerate(said, start=1)
    ]
    line = _family("T1", [_identification("ri1", "2026-05-01", 2)], notes=notes)
    record = FamilyRecord.model_validate(json.loads(line))
    checklist = default_checklist()
    every_note = listed(record, record, record, as_of=TODAY, checklist=checklist)
    assert _answers(listed_quickly(record, record, record, as_of=TODAY, checklist=checklist)) == _answers(every_note)
    (escalation,) = every_note[0].result.criteria_met
    assert len(escalation.incidents) >= 6, escalation.incidents
