"""`spotlight extract` as a whole process: exports, text files, standard input, and bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from spotlight.entry import main; main()", "extract", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Eight synthetic families exported as another case system would: notes and contact records, no map."""
    path = tmp_path_factory.mktemp("extract") / "notes-only.jsonl"
    done = subprocess.run(
        [sys.executable, "-m", "spotlight.cli", "synth", "--families", "8", "--seed", "5", "--today", "2026-11-01"]
        + ["--out", str(path), "--without-map"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return path


def test_a_notes_only_export_gives_facts_with_family_note_and_people(export: Path) -> None:
    first = json.loads(export.read_text(encoding="utf-8").splitlines()[0])
    assert first["behaviour_entries"] == [] and first["notes"]
    done = run("--format", "json", str(export))
    assert done.returncode == 0, done.stderr
    facts = [json.loads(line) for line in done.stdout.splitlines()]
    assert {f["kind"] for f in facts} >= {"behaviour", "child_harm", "protective_effort"}
    people = {p["id"] for p in first["people"]}
    for fact in (f for f in facts if f["family_ref"] == first["id"]):
        note = next(n for n in [*first["notes"], *first["contact_attempts"]] if n["id"] == fact["note_ref"])
        text = note.get("text") or note.get("note")
        line = text.splitlines()[fact["line"] - 1]
        assert line[fact["column"] - 1 : fact["end_column"] - 1] == fact["text"]
        assert set(fact["people"]) <= people and set(fact["children"]) <= people
        assert fact["found_by"] == "rule"


def test_text_from_standard_input_with_the_second_reader() -> None:
    done = run("--format", "json", "--second-reader", "-", stdin="He took her bank card. Lily hid upstairs.\n")
    assert done.returncode == 0, done.stderr
    kinds = [(f["kind"], f["catalogue_id"]) for f in map(json.loads, done.stdout.splitlines())]
    assert ("behaviour", "economic_abuse") in kinds


def test_the_text_format_says_nothing_was_recorded(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("Mr Nowak reads her messages every night.\n", encoding="utf-8")
    done = run(str(note))
    assert done.returncode == 0
    assert "behaviour/monitoring" in done.stdout and "note.txt:1:" in done.stdout
    assert "nothing was recorded" in done.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not json\n", "line 1 is not valid JSON"),
        (b"[1, 2]\n", "each line should be one family"),
        (b'{"id": "F1", "notes": "oops"}\n', "field notes: should be a list"),
    ],
)
def test_a_bad_export_is_refused_by_line_not_with_a_traceback(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(content)
    done = run(str(path))
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr


def test_a_missing_or_binary_file_is_refused(tmp_path: Path) -> None:
    done = run(str(tmp_path / "nowhere.txt"))
    assert done.returncode == 2 and "cannot read it" in done.stderr
    binary = tmp_path / "scan.pdf"
    binary.write_bytes(b"%PDF\0\0\x01")
    done = run(str(binary))
    assert done.returncode == 2 and "binary file" in done.stderr and "Traceback" not in done.stderr
