"""Import is as strict as its documentation (issue 10, finding 5): text that is not UTF-8, JSON nested
too deeply, hidden or control characters in names, a key given twice, an empty file and families
allocated to staff who hold no caseload are each refused with the line and field named, nothing is
written, and the command line ends with a message, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from spotlight.access.models import StaffRole, User
from spotlight.casefile.database import import_case_file
from spotlight.casefile.format import CaseFileInvalid
from spotlight.cases.models import Family
from spotlight.cli import app
from tests.cases.test_interchange import family_line


def _refused(lines: list[str | bytes]) -> list[str]:
    with pytest.raises(CaseFileInvalid) as caught:
        import_case_file(lines)
    assert not Family.objects.exists(), "nothing is written"
    return [str(e) for e in caught.value.errors]


def _line(**overrides: Any) -> str:
    return json.dumps(family_line(**overrides), ensure_ascii=False)


@pytest.mark.django_db
def test_a_line_that_is_not_utf8_is_named(db: None) -> None:
    good = _line(id="A").encode()
    bad = _line(id="B").replace("Lowe family", "Lowe famille").encode("utf-8").replace(b"famille", b"famill\xe9")
    problems = _refused([good + b"\n", bad + b"\n"])
    assert problems == [
        "line 2: not valid UTF-8 (at byte " + str(bad.index(b"\xe9") + 1) + " of the line): save the file as UTF-8"
    ]


@pytest.mark.django_db
def test_json_nested_too_deeply_is_refused(db: None) -> None:
    deep = '{"id": ' + "[" * 100_000 + "]" * 100_000 + "}"
    assert _refused([deep]) == ["line 1: the JSON is nested too deeply to be a family"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("hidden", "code"),
    [("\x00", "U+0000"), ("\u202e", "U+202E"), ("\u200b", "U+200B"), ("\ufeff", "U+FEFF"), ("\u2066", "U+2066")],
)
def test_hidden_and_control_characters_in_names_are_refused(db: None, hidden: str, code: str) -> None:
    line = family_line()
    line["people"][0]["given_name"] = f"Ga{hidden}ry"
    problems = _refused([json.dumps(line)])
    assert len(problems) == 1 and problems[0].startswith("line 1, field people[0].given_name: ")
    assert code in problems[0]


@pytest.mark.django_db
def test_a_direction_override_in_a_note_is_refused_but_line_breaks_are_kept(db: None) -> None:
    line = family_line()
    line["notes"][0]["text"] = "He said \u202esnoisserpmi\u202c on the phone."
    assert _refused([json.dumps(line)])[0].startswith("line 1, field notes[0].text: ")
    line["notes"][0]["text"] = "First line.\nSecond line,\tafter a tab."
    assert import_case_file([json.dumps(line)]).families == 1


@pytest.mark.django_db
def test_a_key_given_twice_is_refused(db: None) -> None:
    text = _line().replace('"name": "Lowe family"', '"name": "Lowe family", "name": "Other family"', 1)
    assert _refused([text]) == ['line 1: the key "name" is given twice in one object']


@pytest.mark.django_db
def test_an_empty_file_is_an_error(db: None) -> None:
    assert _refused([]) == ["line 1: the file holds no families: it is empty, or every line is blank"]
    assert _refused(["\n", "   \n"]) == ["line 1: the file holds no families: it is empty, or every line is blank"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", [StaffRole.AUDITOR, StaffRole.ADMINISTRATOR, StaffRole.TEAM_MANAGER])
def test_families_are_allocated_only_to_staff_with_a_caseload(db: None, role: StaffRole) -> None:
    User.objects.create_user(username="someone", staff_role=role, is_staff=role == StaffRole.ADMINISTRATOR)
    problems = _refused([_line(allocated_to=["someone"])])
    assert problems == [
        f'line 1, field allocated_to[0]: "someone" is {role.label.lower()}: families are allocated to '
        "social workers and domestic abuse specialists"
    ]


@pytest.mark.django_db
def test_the_command_line_names_each_problem_and_shows_no_traceback(db: None, tmp_path: Path) -> None:
    broken = tmp_path / "broken.jsonl"
    broken.write_bytes(_line(id="A").encode() + b"\n" + b'{"id": "B", "name": "\xff\xfe"}\n')
    result = CliRunner().invoke(app, ["import", str(broken)])
    assert result.exit_code == 2
    assert "line 2: not valid UTF-8" in result.stderr and "Traceback" not in result.stderr + result.stdout
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    result = CliRunner().invoke(app, ["import", str(empty)])
    assert result.exit_code == 2 and "the file holds no families" in result.stderr
    assert not Family.objects.exists()
