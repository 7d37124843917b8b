"""The risk checklist file: Spotlight's own loads; a broken one is refused naming each problem with its
line; an authority's own copy replaces it through the environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from spotlight.risk.domain.checklist import (
    CHECKLIST_ENV,
    DEFAULT_CHECKLIST_PATH,
    ChecklistInvalid,
    default_checklist,
    load_checklist,
)


def test_a_broken_checklist_is_refused_naming_each_problem(tmp_path: Path) -> None:
    text = DEFAULT_CHECKLIST_PATH.read_text(encoding="utf-8")
    text = text.replace("evidence: {behaviours: [weapon]}", "evidence: {behaviours: [knife]}", 1)
    text = text.replace("  - id: threats_to_kill\n", "  - id: weapons\n", 1)
    text = text.replace("    level: high\n", "    level: severe\n", 1)
    text = text.replace("  medium: 28\n", "", 1)
    broken = tmp_path / "checklist.yaml"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(ChecklistInvalid) as refused:
        load_checklist(broken)
    message = str(refused.value)
    assert "“knife” is not a kind of his behaviour in the pattern catalogue" in message
    assert "questions.1 (weapons): evidence.behaviours" in message
    assert "questions: the same id is used twice: weapons" in message
    assert "“severe” is not one of the levels" in message
    assert "missing: medium" in message


def test_a_checklist_that_is_not_yaml_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "checklist.yaml"
    broken.write_text("questions: [\n", encoding="utf-8")
    with pytest.raises(ChecklistInvalid, match="not valid YAML"):
        load_checklist(broken)


def test_an_authoritys_own_wording_replaces_ours_and_keeps_the_ids(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own = tmp_path / "own.yaml"
    own.write_text(
        DEFAULT_CHECKLIST_PATH.read_text(encoding="utf-8").replace(
            "asks: Are you very frightened?", "asks: How frightened are you right now?"
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv(CHECKLIST_ENV, str(own))
    checklist = default_checklist()
    question = checklist.question("very_frightened")
    assert question is not None and question.asks == "How frightened are you right now?"
