"""The second reader of facts found in notes: shipped, current, and only ever adding to the rules."""

from __future__ import annotations

import sys
from pathlib import Path

from spotlight.language.model import shipped_model
from spotlight.pattern.domain.factcorpus import load_corpus
from spotlight.pattern.domain.notefacts import FACTS_MODEL_FILE, find_facts

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from train_language_model import digest  # noqa: E402
from train_note_facts_model import training_files  # noqa: E402


def test_the_shipped_model_was_trained_on_the_development_corpora_as_they_are() -> None:
    model = shipped_model(FACTS_MODEL_FILE)
    assert model is not None
    assert model.trained_on == digest(training_files([])), (
        "a development corpus changed: retrain with `make note-facts-model`"
    )
    assert "corpus_2_test.yaml" not in [p.name for p in training_files([])]


def test_the_second_reader_only_adds_and_says_why() -> None:
    for family in load_corpus(ROOT / "tests" / "extraction" / "corpus_3_development.yaml"):
        for note in family.notes:
            rules = find_facts(note.text, family.members, note.written_on)
            both = find_facts(note.text, family.members, note.written_on, second_reader=True)
            assert [f for f in both if not f.because] == rules
            for fact in both:
                if fact.because:
                    assert fact.text == note.text[fact.start : fact.end]
                    assert all(word in fact.text for word in fact.because)
                    assert not [
                        f
                        for f in rules
                        if (f.sentence_start, f.kind, f.catalogue_id)
                        == (fact.sentence_start, fact.kind, fact.catalogue_id)
                    ]
