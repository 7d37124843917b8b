"""The statistical second reader (spotlight/language/model.py): trained on the development corpora as
they are, never on a test corpus; it finds wording the rules miss, says which words weighed most, and
leaves the rules' findings exactly as they were; quoted, denied or discussed wording, and wording kept
with a reason, are treated as for a rule."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from spotlight.language import review
from spotlight.language.corpus import load_corpus
from spotlight.language.engine import WEIGHED_MOST, scanner_for
from spotlight.language.findings import Severity
from spotlight.language.model import MODEL_FILE, SentenceModel, shipped_model
from spotlight.language.ruleset import default_ruleset

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from train_language_model import digest, training_files  # noqa: E402

HERE = Path(__file__).resolve().parent


def _second(text: str) -> list[tuple[str, str]]:
    return [(f.family, f.text) for f in review(text) if f.rule.startswith("second-reader")]


def test_the_shipped_model_was_trained_on_the_development_corpora_as_they_are() -> None:
    model = shipped_model()
    assert model is not None, f"{MODEL_FILE} is missing"
    assert model.trained_on == digest(training_files([])), (
        "a development corpus changed since the model was trained: run "
        "`.venv/bin/python scripts/train_language_model.py` and commit spotlight/data/language_model.json"
    )
    corpora = json.loads(MODEL_FILE.read_text(encoding="utf-8"))["corpora"]
    assert corpora and all(name.endswith("_development.yaml") for name in corpora)


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("Things between them were tense and the evening descended into a slanging match.", "mutualising"),
        ("The children have grown up around a great deal of shouting and violence at home.", "exposure"),
        ("Ms Obi was left needing stitches to her lip after the night out.", "agentless_passive"),
        ("Mum could not be relied on to keep the children safe.", "failure_to_protect"),
    ],
)
def test_it_finds_wording_the_rules_miss_and_says_which_words_weighed_most(text: str, family: str) -> None:
    rules_only = scanner_for(default_ruleset(), second_reader=False)
    assert rules_only.scan(text.encode()) == []
    [found] = [f for f in review(text) if f.rule.startswith("second-reader")]
    assert found.family == family
    assert found.severity is Severity.SUGGESTION
    assert text[found.start : found.end] == found.text
    weighed = found.message.split(f"{WEIGHED_MOST}: ")[1].rstrip(".").split(", ")
    assert 1 <= len(weighed) <= 3
    assert all(word.strip("“”") in found.text for word in weighed)


@pytest.mark.parametrize(
    "text",
    [
        "There is no suggestion that mum could not be relied on to keep the children safe.",
        'The review warned against writing that "the evening descended into a slanging match".',
        "Mr Hale punched Ms Obi in the face and she needed stitches to her lip.",
        "Ms Obi moved the children to her sister's house the night Mr Hale threatened her.",
    ],
)
def test_it_raises_nothing_on_denied_quoted_or_accurate_wording(text: str) -> None:
    assert _second(text) == []


def test_wording_kept_with_a_reason_is_kept() -> None:
    [found] = review("Mum could not be relied on to keep the children safe. [[keep: the judge's words]]")
    assert found.rule == "second-reader-failure-to-protect"
    assert found.dismissed == "the judge's words"


def test_the_rules_findings_are_the_same_with_and_without_it() -> None:
    ruleset = default_ruleset()
    with_it, without = scanner_for(ruleset), scanner_for(ruleset, second_reader=False)
    for path in sorted(HERE.glob("corpus_*.yaml")):
        for item in load_corpus(path):
            data = item["text"].encode()
            rules = [(f.start, f.end, f.rule.id) for f in without.scan(data)]
            both = [(f.start, f.end, f.rule.id) for f in with_it.scan(data) if not f.because]
            assert both == rules, item["text"]


def test_a_model_file_of_another_format_is_refused_with_a_clear_message() -> None:
    with pytest.raises(ValueError, match="format 99"):
        SentenceModel({"format": 99})
