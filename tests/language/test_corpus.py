"""Regression floors for the review's quality on the labelled corpora.

The figures come from `bench/language_review.py`; these tests pin them a little below, so a rule
change that loses precision or recall on any corpus fails here. Corpora 6 and 9 were never
used to tune the rules: they are the honest measure of wording the rules have not seen.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from spotlight.language import review
from spotlight.language.corpus import load_corpus, score_corpus

HERE = Path(__file__).resolve().parent

# corpus file, precision floor, recall floor (measured 2026-11-26: see docs/language-review.md), for
# the review as the note editor runs it: the rules and the second reader. The development corpora
# (1-5, 7, 8, 10, 11) guided the rules and trained the second reader, so their floors sit close to
# what was measured. Corpora 6 and 9 were written blind and are never used to tune either; 9 was
# written after reading real published texts, and its floors are issue 12's targets (measured
# precision 0.927, recall 0.870).
FLOORS = [
    ("corpus_1_development.yaml", 0.97, 0.97),
    ("corpus_2_development.yaml", 0.97, 0.97),
    ("corpus_3_development.yaml", 0.97, 0.97),
    ("corpus_4_development.yaml", 0.97, 0.97),
    ("corpus_5_development.yaml", 0.96, 0.95),
    ("corpus_6_test.yaml", 0.93, 0.93),
    ("corpus_7_development.yaml", 0.96, 0.97),
    ("corpus_8_development.yaml", 0.95, 0.96),
    ("corpus_9_test.yaml", 0.92, 0.85),
    ("corpus_10_development.yaml", 0.92, 0.95),
    ("corpus_11_development.yaml", 0.88, 0.90),
]


@pytest.mark.parametrize(("name", "precision", "recall"), FLOORS)
def test_precision_and_recall_stay_above_their_floors(name: str, precision: float, recall: float) -> None:
    score = score_corpus(load_corpus(HERE / name), review)
    overall = score.overall
    assert overall.precision is not None and overall.recall is not None
    assert overall.precision >= precision, score.false_alarms
    assert overall.recall >= recall, score.misses


def test_every_family_is_exercised_and_found_on_the_development_corpus() -> None:
    score = score_corpus(load_corpus(HERE / "corpus_1_development.yaml"), review)
    assert set(score.families) == {
        "failure_to_protect",
        "mutualising",
        "responsibility_shifting",
        "exposure",
        "agentless_passive",
        "minimising",
    }
    for family, tally in score.families.items():
        assert tally.expected >= 40, family
        assert tally.recall is not None and tally.recall >= 0.95, (family, score.misses)


def test_items_with_a_keep_marker_have_their_finding_kept() -> None:
    score = score_corpus(load_corpus(HERE / "corpus_1_development.yaml"), review)
    assert score.dismissal_items >= 20
    assert score.dismissal_kept == score.dismissal_items


def test_the_scorer_counts_misses_and_false_alarms() -> None:
    items = [
        {"text": "Ms Reid failed to protect the children.", "expect": ["failure_to_protect"]},
        {"text": "The referral was received.", "expect": ["agentless_passive"]},  # a miss
        {"text": "It was a volatile relationship.", "expect": []},  # a false alarm, by this label
    ]
    score = score_corpus(items, review)
    assert (score.overall.expected, score.overall.found) == (2, 1)
    assert (score.overall.true_positives, score.overall.false_positives) == (1, 1)
    assert score.clean_items == 1 and score.clean_flagged == 1
