"""The plan-balance rules measured on plan actions written by helpers who never saw them, after reading
published plans, written agreements and guidance (see each corpus's README). Floors, so that a change that
makes the rules worse on text nobody here wrote fails; `bench/plan_balance.py` prints the figures."""

from __future__ import annotations

from pathlib import Path

from spotlight.plans.domain.corpus import read_corpus, score_corpus

HERE = Path(__file__).parent


def test_the_first_corpus() -> None:
    # First reading: precision 1.000, recall 0.300. Its misses were read when the rules were first
    # widened, so it is no longer blind (docs/plans-marac-sharing.md).
    control, course = score_corpus(read_corpus(HERE / "plan_actions_blind.jsonl"))
    assert control.precision >= 0.95 and control.recall >= 0.8, (control.precision, control.recall)
    assert course.precision >= 0.9 and course.recall >= 0.8, (course.precision, course.recall)


def test_the_second_corpus() -> None:
    # Measured once, blind, after the first widening: precision 0.972, recall 0.438. Its misses were
    # read when the rules were widened a second time, so it is no longer blind either.
    control, course = score_corpus(read_corpus(HERE / "plan_actions_heldout.jsonl"))
    assert control.precision >= 0.95 and control.recall >= 0.75, (control.precision, control.recall)
    assert course.precision >= 0.9 and course.recall >= 0.8, (course.precision, course.recall)


def test_the_third_corpus() -> None:
    # Measured once, blind, after the second widening: precision 1.000, recall 0.450. Its misses were read
    # when the rules were widened a third time, so it is no longer blind.
    control, course = score_corpus(read_corpus(HERE / "plan_actions_third.jsonl"))
    assert control.precision >= 0.95 and control.recall >= 0.7, (control.precision, control.recall)
    assert course.precision >= 0.9 and course.recall >= 0.8, (course.precision, course.recall)


def test_the_fourth_corpus_held_out() -> None:
    # Written by a fourth helper, and measured once after the third widening: precision 1.000, recall
    # 0.512; a course for her as the only action 1.000 / 0.667. Nobody has read its misses.
    control, course = score_corpus(read_corpus(HERE / "plan_actions_fourth.jsonl"))
    assert control.precision >= 0.9 and control.recall >= 0.45, (control.precision, control.recall)
    assert course.precision >= 0.9 and course.recall >= 0.6, (course.precision, course.recall)
