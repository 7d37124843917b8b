"""The pre-scan never loses a finding: on every labelled sentence, the review with Hyperscan's
pre-scan finds exactly what trying every phrase on every sentence finds. (Hyperscan 5 as bundled
by python-hyperscan 0.9.1 misses some matches of some alternations with bounded repeats; a
pre-scan form that meets that bug fails here.) Long texts, pre-scanned once per distinct sentence,
give the same findings as short ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from spotlight.language.corpus import load_corpus
from spotlight.language.engine import scanner_for
from spotlight.language.ruleset import default_ruleset
from spotlight.language.scanner import REPEATS_FROM

HERE = Path(__file__).resolve().parent


def _spans(found: list) -> list[tuple[int, int, str]]:  # type: ignore[type-arg]
    return [(f.start, f.end, f.rule.id) for f in found]


@pytest.mark.parametrize("path", sorted(HERE.glob("corpus_*.yaml")), ids=lambda p: p.name)
def test_the_prescan_misses_nothing_on_any_labelled_sentence(path: Path) -> None:
    scanner = scanner_for(default_ruleset(), second_reader=False)
    missed = []
    for item in load_corpus(path):
        data = item["text"].encode()
        if _spans(scanner.scan(data)) != _spans(scanner.scan_every_phrase(data)):
            missed.append(item["text"])
    assert not missed, missed[:5]


def test_a_long_text_gives_each_sentence_the_findings_it_has_alone() -> None:
    scanner = scanner_for(default_ruleset(), second_reader=False)
    sentences = [item["text"] for path in sorted(HERE.glob("corpus_*_development.yaml")) for item in load_corpus(path)]
    text = ("\n".join(sentences) + "\n").encode()
    assert len(text) >= REPEATS_FROM  # the long path
    expected, offset = [], 0
    for sentence in sentences:
        data = sentence.encode()
        expected += [(s + offset, e + offset, rule) for s, e, rule in _spans(scanner.scan(data))]
        offset += len(data) + 1
    assert _spans(scanner.scan(text)) == expected
    assert _spans(scanner.scan(text * 2))[: len(expected)] == expected  # again, from what it remembers


def test_when_the_memory_of_sentences_starts_again_nothing_is_lost(monkeypatch: pytest.MonkeyPatch) -> None:
    import spotlight.language.scanner as scanner_module

    monkeypatch.setattr(scanner_module, "SENTENCES_PER_GENERATION", 50)
    scanner = scanner_for(default_ruleset(), second_reader=False)
    text = b"".join(b"Visit %d: mum failed to protect them. The couple argue. " % i for i in range(2000))
    first = _spans(scanner.scan(text))
    assert len(first) == 4000
    assert _spans(scanner.scan(text)) == first
