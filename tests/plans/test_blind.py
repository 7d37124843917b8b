"""The plan-balance rules measured on plan actions written by helpers who never saw them, after reading
published plans, written agreements and guidance (see each corpus's README). Floors, so that a change that
makes the rules worse on text nobody here wrote fails; `bench/plan_balance.py` prints the figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from spotlight.plans.domain.corpus import read_corpus, read_people, score_corpus

HERE = Path(__file__).parent


#: corpus: floors for (asks her to control him: precision, recall), (a course for her: precision, recall),
#: and recall with the family's names where a helper wrote them down
FLOORS = [
    # First reading: precision 1.000, recall 0.300. Its misses were read when the rules were first widened.
    ("plan_actions_blind.jsonl", (0.95, 0.8), (0.9, 0.8), None),
    # Measured once, blind, after the first widening: 0.972 / 0.438. Read for the second widening.
    ("plan_actions_heldout.jsonl", (0.95, 0.75), (0.9, 0.8), None),
    # Measured once, blind, after the second widening: 1.000 / 0.450. Read for the third widening.
    ("plan_actions_third.jsonl", (0.95, 0.7), (0.9, 0.8), None),
    # Measured once, blind, after the third widening: 1.000 / 0.512; a course for her 1.000 / 0.667.
    # Read for the fourth widening.
    ("plan_actions_fourth.jsonl", (0.95, 0.8), (0.9, 0.9), 0.9),
    # Written by a fifth helper and measured once after the fourth widening. As a pasted sentence
    # 1.000 / 0.562; with the family's names (written down by another helper who never saw the rules)
    # 1.000 / 0.700 (0.713 once three-letter names were read, a fix from the fourth's misses); a course
    # for her as the only action 0.857 / 0.923. Read for the fifth widening.
    ("plan_actions_fifth.jsonl", (0.95, 0.78), (0.85, 0.9), 0.93),
    # Held out: written by a sixth helper (who also wrote down the names) and measured once after the fifth
    # widening. As a pasted sentence 1.000 / 0.600; with its names 1.000 / 0.750; a course for her as the
    # only action 1.000 / 0.923. Nobody has read its misses.
    ("plan_actions_sixth.jsonl", (0.9, 0.55), (0.9, 0.85), 0.7),
]


@pytest.mark.parametrize(("corpus", "control_floor", "course_floor", "named_recall_floor"), FLOORS)
def test_each_corpus_keeps_its_floor(
    corpus: str,
    control_floor: tuple[float, float],
    course_floor: tuple[float, float],
    named_recall_floor: float | None,
) -> None:
    path = HERE / corpus
    control, course = score_corpus(read_corpus(path))
    assert control.precision >= control_floor[0] and control.recall >= control_floor[1], (
        control.precision,
        control.recall,
    )
    assert course.precision >= course_floor[0] and course.recall >= course_floor[1], (course.precision, course.recall)
    if named_recall_floor is not None:
        named, _ = score_corpus(read_corpus(path), people=read_people(path))
        assert named.precision >= control_floor[0] and named.recall >= named_recall_floor, (
            named.precision,
            named.recall,
        )


def test_a_corpus_is_read_with_the_names_a_helper_wrote_down() -> None:
    people = read_people(HERE / "plan_actions_fifth.jsonl")
    assert len(people) == 200
    roles = {p.role for family in people.values() for p in family}
    assert roles <= {"adult_survivor", "person_causing_harm", "child", "other_adult"}
    assert read_people(HERE / "plan_actions_blind.jsonl") == {}  # no names written down: read as pasted
