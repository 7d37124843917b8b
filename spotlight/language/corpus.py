"""Labelled corpora of sentences, and how well the review does on them (precision and recall).

A corpus is a YAML list of ``{text, expect: [families], accept?: [families], dismissed?: bool,
why?: str}`` (see tests/language/LABELLING.md). A finding is a true positive when its family is
one the item expects, neither right nor wrong when its family is one the item also accepts (a
fair reading of a sentence on the border between two families), and a false positive otherwise
(any other finding on an ``expect: []`` item is one); a family's recall is the share of the
items expecting it on which the review found it. Kept (dismissed) findings count as findings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spotlight.language.findings import PRAISE_FAMILIES, Finding


@dataclass
class FamilyScore:
    expected: int = 0
    found: int = 0
    true_positives: int = 0
    false_positives: int = 0

    @property
    def precision(self) -> float | None:
        flagged = self.true_positives + self.false_positives
        return self.true_positives / flagged if flagged else None

    @property
    def recall(self) -> float | None:
        return self.found / self.expected if self.expected else None


@dataclass
class CorpusScore:
    items: int = 0
    families: dict[str, FamilyScore] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)
    clean_items: int = 0
    clean_flagged: int = 0
    dismissal_items: int = 0
    dismissal_kept: int = 0

    @property
    def overall(self) -> FamilyScore:
        scores = self.families.values()
        return FamilyScore(
            expected=sum(s.expected for s in scores),
            found=sum(s.found for s in scores),
            true_positives=sum(s.true_positives for s in scores),
            false_positives=sum(s.false_positives for s in scores),
        )


def load_corpus(path: Path) -> list[dict[str, Any]]:
    import yaml

    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(items, list) or not all(isinstance(i, dict) and isinstance(i.get("text"), str) for i in items):
        raise ValueError(f"{path}: expected a list of items, each with a 'text'")
    return items


def score_corpus(
    items: Sequence[dict[str, Any]],
    review: Callable[[str], Sequence[Finding]],
    scored: Collection[str] | None = None,
) -> CorpusScore:
    """Score a corpus on the families it was labelled for: ``scored``, or by default every family but
    the praise families (`PRAISE_FAMILIES`), which the blame corpora were not labelled for and which
    have their own corpus."""
    score = CorpusScore(items=len(items))
    for item in items:
        text = str(item["text"])
        expect = {str(f) for f in item.get("expect") or ()}
        accept = {str(f) for f in item.get("accept") or ()} - expect
        findings = [
            f
            for f in review(text)
            if f.family != "review"
            and f.family not in accept
            and (f.family in scored if scored is not None else f.family not in PRAISE_FAMILIES)
        ]
        families = Counter(f.family for f in findings)
        for family, count in families.items():
            tally = score.families.setdefault(family, FamilyScore())
            if family in expect:
                tally.true_positives += count
            else:
                tally.false_positives += count
                score.false_alarms.append(f"[{family}] {text}")
        for family in expect:
            tally = score.families.setdefault(family, FamilyScore())
            tally.expected += 1
            if family in families:
                tally.found += 1
            else:
                score.misses.append(f"[{family}] {text}")
        if not expect:
            score.clean_items += 1
            score.clean_flagged += bool(findings)
        if item.get("dismissed"):
            score.dismissal_items += 1
            score.dismissal_kept += bool(findings) and any(f.dismissed for f in findings)
    return score
