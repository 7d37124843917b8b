"""The `spotlight` command line, run in-process on the test database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from spotlight.access.models import AccessLogEntry
from spotlight.cases.models import CaseNote, ContactAttempt, Family
from spotlight.cli import app

runner = CliRunner()


def _families(path: Path) -> dict[str, dict[str, object]]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            family = json.loads(line)
            family.pop("allocated_to")  # allocations travel only to users who exist here
            out[family["id"]] = family
    return out


@pytest.mark.django_db
def test_synthetic_file_survives_import_and_export_unchanged(tmp_path: Path) -> None:
    synthetic = tmp_path / "synthetic.jsonl"
    result = runner.invoke(
        app, ["synth", "--families", "25", "--seed", "3", "--out", str(synthetic), "--today", "2026-11-01"]
    )
    assert result.exit_code == 0, result.output

    result = runner.invoke(app, ["import", str(synthetic)])
    assert result.exit_code == 0, result.output
    assert "Imported 25 families" in result.output
    assert Family.objects.count() == 25
    assert CaseNote.objects.exists() and ContactAttempt.objects.exists()

    exported = tmp_path / "exported.jsonl"
    result = runner.invoke(app, ["export", "--all", "--out", str(exported)])
    assert result.exit_code == 0, result.output
    assert _families(exported) == _families(synthetic)
    assert AccessLogEntry.objects.filter(action="export").count() == 25


@pytest.mark.django_db
def test_a_bad_file_is_refused_naming_the_line_and_field(tmp_path: Path) -> None:
    synthetic = tmp_path / "synthetic.jsonl"
    runner.invoke(app, ["synth", "--families", "3", "--seed", "1", "--out", str(synthetic)])
    lines = synthetic.read_text(encoding="utf-8").splitlines()
    broken = json.loads(lines[1])
    del broken["people"][0]["role"]
    lines[1] = json.dumps(broken)
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = runner.invoke(app, ["import", str(bad)])
    assert result.exit_code == 2
    assert "Nothing was imported" in result.output
    assert "line 2, field people[0].role: is required but missing" in result.output
    assert not Family.objects.exists()


@pytest.mark.django_db
def test_unreadable_input_and_missing_choices_get_clear_messages(tmp_path: Path) -> None:
    result = runner.invoke(app, ["import", str(tmp_path / "no-such-file.jsonl")])
    assert result.exit_code == 2 and "Cannot read" in result.output
    result = runner.invoke(app, ["export"])
    assert result.exit_code == 2 and "--user USERNAME, or --all" in result.output
    result = runner.invoke(app, ["export", "--user", "nobody"])
    assert result.exit_code == 2 and "No user called 'nobody'" in result.output
    result = runner.invoke(app, ["synth", "--families", "5"])
    assert result.exit_code == 2 and "--out FILE, --load, or both" in result.output


@pytest.mark.django_db
def test_export_for_a_user_goes_through_the_read_gate(world: object, tmp_path: Path) -> None:
    out = tmp_path / "sw.jsonl"
    result = runner.invoke(app, ["export", "--user", "sw_south", "--out", str(out)])
    assert result.exit_code == 0, result.output
    names = {json.loads(line)["name"] for line in out.read_text(encoding="utf-8").splitlines()}
    assert names == {"Lowe family", "Pryce family"}
    assert set(AccessLogEntry.objects.filter(action="export").values_list("username", flat=True)) == {"sw_south"}


def test_serve_starts_with_its_default_workers() -> None:
    """`spotlight serve` with no --workers (0: about two per core) is accepted, not refused as out of range."""
    import typer.main

    command = typer.main.get_command(app)
    serve = command.get_command(command.make_context("spotlight", ["serve"]), "serve")  # type: ignore[attr-defined]
    assert serve is not None
    context = serve.make_context("serve", [])
    assert context.params["workers"] == 0
