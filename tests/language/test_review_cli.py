"""`spotlight review` end to end: run as the real command, as a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from spotlight.language import review_cli

BLAMING = "Records show Ms Reid failed to protect the children. They were exposed to domestic abuse.\n"


def run(*args: str, stdin: bytes = b"", cache: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ)
    if cache is not None:
        env["SPOTLIGHT_CACHE_DIR"] = str(cache)
    return subprocess.run(  # noqa: S603  # our own console script, fixed arguments
        [sys.executable, "-c", "from spotlight.entry import main; main()", "review", *args],
        input=stdin,
        capture_output=True,
        env=env,
        check=False,
        timeout=60,
    )


def test_text_output_names_file_line_column_severity_and_suggestion(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("Visit to the family.\n" + BLAMING, encoding="utf-8")
    result = run(str(note))
    assert result.returncode == 1  # an error-level finding, default --fail-on error
    lines = result.stdout.decode().splitlines()
    assert lines[0].startswith(f"{note}:2:22: error: ")
    assert "[failure_to_protect/failed-to-protect]" in lines[0]
    assert lines[1].strip() == "“failed to protect”"
    assert lines[2].strip().startswith("try: ")
    assert any(line.startswith(f"{note}:2:") and "warning" in line for line in lines)
    assert "2 findings to look at in 1 file (1 error, 1 warning, 0 suggestions)" in result.stderr.decode()


def test_json_output_is_one_array_with_every_field(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("Zoë’s mum\n" + BLAMING, encoding="utf-8")
    result = run("--format", "json", str(note))
    findings = json.loads(result.stdout)
    assert [f["rule"] for f in findings] == ["failed-to-protect", "exposed-to"]
    first = findings[0]
    fields = "path line column end_line end_column rule family severity message suggestions text dismissed"
    assert set(first) == set(fields.split())
    assert (first["path"], first["line"], first["column"], first["end_line"], first["end_column"]) == (
        str(note), 2, 22, 2, 39
    )  # fmt: skip
    assert first["text"] == "failed to protect" and first["severity"] == "error"
    assert isinstance(first["suggestions"], list) and first["suggestions"]
    # columns count characters, not bytes: the accented line above does not shift anything
    assert BLAMING[first["column"] - 1 : first["end_column"] - 1] == "failed to protect"


@pytest.mark.parametrize(("fail_on", "status"), [("error", 0), ("warning", 1), ("suggestion", 1)])
def test_fail_on_sets_the_threshold(tmp_path: Path, fail_on: str, status: int) -> None:
    note = tmp_path / "note.txt"
    note.write_text("The children were exposed to domestic abuse.\n", encoding="utf-8")  # a warning only
    assert run("--fail-on", fail_on, str(note)).returncode == status


def test_clean_text_exits_zero_and_json_is_an_empty_array(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("Mr Reid chose to assault Ms Reid while Amy was in the room.\n", encoding="utf-8")
    result = run("--format", "json", str(note))
    assert result.returncode == 0
    assert json.loads(result.stdout) == []


def test_kept_findings_are_reported_and_counted_but_never_fail(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("Ms Reid failed to protect the children [[keep: quoting the 2019 judgment]].\n", encoding="utf-8")
    result = run(str(note))
    assert result.returncode == 0
    assert "kept (quoting the 2019 judgment)" in result.stdout.decode()
    assert "1 kept with a reason" in result.stderr.decode()


def test_standard_input(tmp_path: Path) -> None:
    result = run("--format", "json", "-", stdin=BLAMING.encode())
    assert [f["path"] for f in json.loads(result.stdout)] == ["<stdin>", "<stdin>"]


def _case_file(tmp_path: Path, notes_line: str) -> Path:
    family = {
        "format": "spotlight-case-file",
        "version": 1,
        "id": "F-1",
        "name": "Reid",
        "team": "North",
        "people": [
            {"id": "P1", "role": "person_causing_harm", "given_name": "Daniel", "family_name": "Reid"},
            {"id": "P2", "role": "adult_survivor", "given_name": "Sarah", "family_name": "Reid"},
            {"id": "P3", "role": "child", "given_name": "Amy", "family_name": "Reid"},
        ],
        "notes": [
            {"id": "N-1", "date": "2026-10-01", "contact_type": "home_visit", "text": "All well at school."},
            {"id": "N-2", "date": "2026-10-02", "contact_type": "home_visit", "text": "Visit.\nMum allowed him back."},
        ],
    }
    path = tmp_path / "export.jsonl"
    path.write_text(json.dumps(family) + "\n" + notes_line, encoding="utf-8")
    return path


def test_case_file_findings_name_the_family_and_note_and_use_their_names(tmp_path: Path) -> None:
    path = _case_file(tmp_path, "")
    result = run("--format", "json", str(path))
    [finding] = json.loads(result.stdout)
    assert (finding["family_ref"], finding["note_ref"], finding["record_line"]) == ("F-1", "N-2", 1)
    assert (finding["line"], finding["column"], finding["text"]) == (2, 1, "Mum allowed him back")
    assert any("Daniel Reid" in s and "Sarah Reid" in s for s in finding["suggestions"])
    text = run(str(path)).stdout.decode()
    assert text.startswith(f"{path}:1: family F-1, note N-2 (2026-10-02), 2:1: error: ")


def test_an_invalid_json_line_is_bad_input_naming_the_line(tmp_path: Path) -> None:
    path = _case_file(tmp_path, '{"id": "F-2", "notes": [\n')
    result = run(str(path))
    assert result.returncode == 2
    assert f"{path}: line 2 is not valid JSON" in result.stderr.decode()


def test_unreadable_and_binary_files_are_bad_input(tmp_path: Path) -> None:
    missing = run(str(tmp_path / "nope.txt"))
    assert missing.returncode == 2 and "nope.txt: cannot read it" in missing.stderr.decode()
    binary = tmp_path / "report.docx"
    binary.write_bytes(b"PK\x03\x04\x00\x00binary")
    result = run(str(binary))
    assert result.returncode == 2 and "binary file" in result.stderr.decode()
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("She said it was \x93a volatile relationship\x94.\n".encode("latin-1"))
    result = run(str(latin))
    assert result.returncode == 2 and "line 1 is not UTF-8" in result.stderr.decode()


def test_a_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(BLAMING, encoding="utf-8")
    result = run("--format", "json", str(tmp_path / "missing.txt"), str(good))
    assert result.returncode == 2
    assert len(json.loads(result.stdout)) == 2


def test_a_broken_rule_file_is_bad_input(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text("rules: [", encoding="utf-8")
    result = run("--rules", str(rules), "-", stdin=b"text")
    assert result.returncode == 2 and "not valid YAML" in result.stderr.decode()


def test_line_numbers_stay_right_across_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Large files are read in blocks; a small block size makes many boundaries in a small file."""
    monkeypatch.setattr(review_cli, "BLOCK_SIZE", 64)
    lines = [f"Line {n} of the chronology, nothing to see." for n in range(1, 200)]
    lines[57] = "On this day mum failed to protect the children."
    lines[151] = "Later the children were exposed to domestic abuse."
    path = tmp_path / "long.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.json"
    with out.open("wb") as stdout:
        status = review_cli.main(["--format", "json", str(path)], stdout=stdout)
    found = json.loads(out.read_text(encoding="utf-8"))
    assert status == 1
    assert [(f["line"], f["column"]) for f in found] == [(58, 17), (152, 25)]


def test_the_typer_command_hands_over_to_the_review() -> None:
    from typer.testing import CliRunner

    from spotlight.cli import app

    result = CliRunner().invoke(app, ["review", "--format", "json", "-"], input=BLAMING)
    assert result.exit_code == 1
    assert '"rule": "failed-to-protect"' in result.output


def test_the_second_reader_runs_when_asked_and_names_the_words_that_weighed_most(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("Home visit.\nMum could not be relied on to keep the children safe.\n", encoding="utf-8")
    assert json.loads(run("--format", "json", str(note)).stdout) == []  # the rules alone find nothing here
    result = run("--format", "json", "--second-reader", "--fail-on", "suggestion", str(note))
    assert result.returncode == 1
    [found] = json.loads(result.stdout)
    assert (found["rule"], found["severity"], found["line"]) == ("second-reader-failure-to-protect", "suggestion", 2)
    assert "The words that weighed most: “" in found["message"]


@pytest.mark.parametrize(
    "text", ["plain", 'with "quotes"', "back\\slash", "tab\there", "Zoë’s", "line\u2028sep", None, "\x01"]
)
def test_findings_text_is_written_as_the_json_encoder_would(text: str | None) -> None:
    assert review_cli._json_text(text) == review_cli._json(text)
