"""Facts found in notes, measured on the labelled corpora: each corpus keeps its pinned floor.

Corpus 2 is the test set, written blind after reading real published texts and never tuned to
(only its totals are ever looked at). Corpora 1, 3 and 4 were also written blind, then used to
broaden the rules and to train the second reader; their figures are therefore flattering. Corpora
3 and 4 were first measured before any rule was changed for them (see docs/note-facts.md). The
floors sit a little under the figures measured when they were pinned, so a change that loses
ground fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from spotlight.pattern.domain.factcorpus import load_corpus, score_corpus

HERE = Path(__file__).resolve().parent

#: corpus -> (precision, recall) floors for the rules alone, and with the second reader
FLOORS = {
    "corpus_1_development.yaml": ((0.74, 0.81), (0.77, 0.94)),
    "corpus_2_test.yaml": ((0.62, 0.41), (0.61, 0.45)),
    "corpus_3_development.yaml": ((0.67, 0.46), (0.77, 0.79)),
    "corpus_4_development.yaml": ((0.62, 0.45), (0.74, 0.80)),
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_each_corpus_keeps_its_floor(name: str) -> None:
    families = load_corpus(HERE / name)
    for second_reader, (precision, recall) in ((False, FLOORS[name][0]), (True, FLOORS[name][1])):
        score = score_corpus(families, second_reader=second_reader)
        assert score.precision() >= precision, (name, second_reader, score.precision())
        assert score.recall() >= recall, (name, second_reader, score.recall())


def test_every_labelled_wording_is_in_its_note() -> None:
    """A corpus whose labels do not point into its notes would measure nothing."""
    for path in sorted(HERE.glob("corpus_*.yaml")):
        families = load_corpus(path)  # raises, naming the note, if a label's words are not in it
        assert sum(len(note.facts) for family in families for note in family.notes) > 200, path.name


def test_what_looks_like_a_fact_but_is_not_is_rarely_offered() -> None:
    offered = total = 0
    for path in sorted(HERE.glob("corpus_*.yaml")):
        score = score_corpus(load_corpus(path))
        offered, total = offered + score.offered_not_facts, total + score.not_facts
    assert total > 150 and offered / total <= 0.15, (offered, total)
