"""The generic-praise rules, tested like the other language rules: found, not found, negated, quoted and
reported; and measured on the blind corpus written by someone who never saw them (floors pinned a little
below what was measured). Praise findings are counted apart from the blame families."""

from __future__ import annotations

from pathlib import Path

import pytest

from spotlight.language import Person, review
from spotlight.language.corpus import load_corpus, score_corpus
from spotlight.language.findings import PRAISE_FAMILIES

HERE = Path(__file__).resolve().parent
FAMILY = [Person("Sarah Reid", "adult_survivor"), Person("Darren Reid", "person_causing_harm"), Person("Lily", "child")]


def families(text: str) -> set[str]:
    return {f.family for f in review(text, FAMILY)}


@pytest.mark.parametrize(
    "text",
    ["Sarah is doing really well.", "Good progress this week.", "Darren has engaged well.", "A positive visit today.",
     "Lily is thriving at school.", "Things are much better at home.", "Well done Sarah."],
)  # fmt: skip
def test_generic_praise_is_found(text: str) -> None:
    assert "generic_praise" in families(text)


@pytest.mark.parametrize(
    "text",
    [
        "Sarah did well to call the police at 2am when Darren broke the door.",
        "Sarah is not doing well.",
        "Darren told me he is doing really well.",
        "Darren said things are 'much better at home'.",
        "Lily is settling well since she moved to the refuge.",
        "We hope to see good progress by the review.",
        "The drug test came back positive.",
    ],
)
def test_specific_negated_quoted_or_reported_praise_is_not_found(text: str) -> None:
    assert "generic_praise" not in families(text)


def test_a_generic_praise_finding_asks_what_happened_and_is_a_suggestion() -> None:
    (finding,) = [f for f in review("Sarah is doing really well.", FAMILY) if f.family == "generic_praise"]
    assert finding.severity == "suggestion" and "What exactly did they do" in finding.message
    assert finding.family in PRAISE_FAMILIES


def _score(name: str) -> tuple[float, float]:
    score = score_corpus(load_corpus(HERE / name), review, scored=PRAISE_FAMILIES)
    praise = score.families["generic_praise"]
    assert praise.precision is not None and praise.recall is not None
    return praise.precision, praise.recall


def test_the_development_sentences() -> None:
    precision, recall = _score("praise_development.yaml")
    assert precision >= 0.95 and recall >= 0.95


# Measured 2026-11-26 (docs/language-review.md, "Generic praise"): precision 0.903, recall 0.439 on the
# blind corpus (first measured at 0.875 / 0.333, before the rules were broadened from the team's own list,
# without reading the blind corpus's misses). Pinned a little below.
BLIND_PRECISION, BLIND_RECALL = 0.85, 0.40


def test_the_blind_corpus_never_tuned_to() -> None:
    precision, recall = _score("praise_corpus_blind.yaml")
    assert precision >= BLIND_PRECISION and recall >= BLIND_RECALL
