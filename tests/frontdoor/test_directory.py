"""The directory of programmes and matching against each programme's rules: couple work refused where
coercive control is recorded; For Baby's Sake only with a pregnancy or a baby under two; Drive only for
high-harm patterns; every result with its reasons; a broken directory refused naming each problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from spotlight.pattern.domain.directory import (
    DEFAULT_DIRECTORY_PATH,
    ELIGIBLE,
    MORE_INFORMATION,
    NOT_ELIGIBLE,
    DirectoryInvalid,
    Record,
    default_directory,
    load_directory,
    matches,
)

DIRECTORY = default_directory()


def result(programme: str, record: Record, who: str = "person_causing_harm") -> tuple[str, tuple[str, ...]]:
    found = next(m for m in matches(DIRECTORY, who, record) if m.programme.id == programme)
    return found.result, found.reasons


def test_couple_work_is_refused_where_coercive_control_is_recorded() -> None:
    outcome, reasons = result("steps_to_safety", Record(risk_level="standard", coercive_control=True))
    assert outcome == NOT_ELIGIBLE and any("Coercive control is recorded" in r for r in reasons)
    assert result("steps_to_safety", Record(risk_level="standard"))[0] == ELIGIBLE


def test_for_babys_sake_only_with_a_pregnancy_or_a_baby_under_two() -> None:
    assert result("for_babys_sake", Record(risk_level="medium", children_ages=(5, 8)))[0] == NOT_ELIGIBLE
    assert result("for_babys_sake", Record(risk_level="medium", pregnancy=True))[0] == ELIGIBLE
    assert result("for_babys_sake", Record(risk_level="medium", children_ages=(1,)))[0] == ELIGIBLE


def test_drive_is_for_high_harm_patterns_and_a_missing_risk_review_asks_for_one() -> None:
    assert result("drive", Record(risk_level="high", high_harm=True))[0] == ELIGIBLE
    assert result("drive", Record(risk_level="medium"))[0] == NOT_ELIGIBLE
    outcome, reasons = result("caring_dads", Record(father_or_carer=True))
    assert outcome == MORE_INFORMATION and any("Record a risk review of him first" in r for r in reasons)


def test_support_for_her_and_the_children_is_matched_too() -> None:
    assert result("idva", Record(risk_level="high"), who="adult_survivor")[0] == ELIGIBLE
    assert result("outreach", Record(), who="adult_survivor")[0] == ELIGIBLE
    assert result("children_recovery", Record(age=2), who="child")[0] == NOT_ELIGIBLE


def test_a_broken_directory_is_refused_naming_each_problem(tmp_path: Path) -> None:
    text = DEFAULT_DIRECTORY_PATH.read_text(encoding="utf-8").replace("  - id: drive\n", "  - id: caring_dads\n")
    text = text.replace("rules: {child_ages: [4, 16]}", "rules: {child_ages: [16, 4]}")
    broken = tmp_path / "directory.yaml"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(DirectoryInvalid) as refused:
        load_directory(broken)
    assert "the same id is used twice: caring_dads" in str(refused.value)
    assert "child_ages are for a child's support, youngest first" in str(refused.value)
