"""The statistical second reader: a small linear model per wording family, for sentences the rules
do not reach.

Trained here, from the team's own labelled corpora only (``scripts/train_language_model.py``; the
blind test corpora are never used), and shipped as ``spotlight/data/language_model.json``. It runs
offline in plain Python: a sentence becomes a set of features (its words, pairs and triples of
words, and the letter sequences inside each word, with names read as "name"), each feature has a
weight per family, and a family is raised when the weights' sum passes that family's threshold.
Every finding names the words that weighed most, so a worker can see why it was raised.

It only adds: a family the rules already raised in a sentence is left to the rules, so the rule
findings stay exactly as they were.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

#: Feature and file format; the training script writes it, the loader refuses any other.
FORMAT = 1
MODEL_FILE = Path(__file__).resolve().parent.parent / "data" / "language_model.json"

#: Capitalised words that are roles or places in a record, never a person's name.
_NOT_NAMES = frozenset(
    """mum mummy mother dad daddy father nan nana grandma grandad gran police court judge social services
    school nursery health children's council marac idva ip csc la sw hv gp a&e the he she his her they it
    this that there when while after before following during on in at by""".split()
)
_TITLES = frozenset(("mr", "ms", "mrs", "miss", "dr"))
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")
#: After one of these, a capitalised word may just begin a sentence or a quotation.
_OPENERS = frozenset(".!?:;\"'“‘(")


def words_of(text: str) -> list[tuple[str, int, int]]:
    """Each word of the sentence as the model reads it, lower case, with its character span in
    ``text``: a name ("Mr Hale", or a capitalised word inside the sentence that is not a role) is
    read as "name", so the model weighs what is said, not who it is said about."""
    found: list[tuple[str, int, int]] = []
    previous = ""
    end = 0
    for match in _WORD.finditer(text):
        word = match.group(0)
        lower = word.lower()
        start = match.start()
        if word[0].isupper() and (previous in _TITLES or (len(word) > 2 and word[1].islower())):
            gap = text[end:start].strip()
            if previous in _TITLES or (found and not (gap and gap[-1] in _OPENERS) and lower not in _NOT_NAMES):
                lower = "name"
        found.append((lower, start, match.end()))
        previous, end = lower, match.end()
    return found


def word_features(word: str) -> list[str]:
    """A word's own features: w:word, and c: its letter sequences of three to five (a space marks its edges)."""
    padded = " " + word + " "
    return ["w:" + word] + ["c:" + padded[i : i + n] for n in (3, 4, 5) for i in range(len(padded) - n + 1)]


def features(words: list[str]) -> list[str]:
    """Every feature of a sentence's words, repeats kept: each word's own, then w:pair and w:triple."""
    found = [f for word in words for f in word_features(word)]
    found += ["w:" + words[i] + " " + words[i + 1] for i in range(len(words) - 1)]
    found += ["w:" + " ".join(words[i : i + 3]) for i in range(len(words) - 2)]
    return found


def _dense(row: list[float] | dict[str, float], size: int) -> list[float]:
    """A feature's weights per family: stored as a list, or sparsely as {family index: weight}."""
    if isinstance(row, list):
        return row
    dense = [0.0] * size
    for index, weight in row.items():
        dense[int(index)] = float(weight)
    return dense


#: A pair or triple of words the model weighs: where it starts, how many words, its weights
Joined = tuple[int, int, list[float]]


class SentenceModel:
    def __init__(self, plain: dict[str, Any]) -> None:
        if plain.get("format") != FORMAT:
            found = plain.get("format")
            raise ValueError(f"the language model file is format {found!r}; this Spotlight reads format {FORMAT}")
        self.families: list[str] = list(plain["families"])
        self.bias: list[float] = [float(b) for b in plain["bias"]]
        self.threshold: list[float] = [float(t) for t in plain["threshold"]]
        size = len(self.families)
        self.weights: dict[str, list[float]] = {key: _dense(row, size) for key, row in plain["weights"].items()}
        self.trained_on: str = plain["trained_on"]
        self._words: dict[str, tuple[tuple[float, ...], int]] = {}
        self._zero = (0.0,) * len(self.families)
        #: pairs and triples of words, without their "w:" mark, for quick lookups
        self._joined = {key[2:]: row for key, row in self.weights.items() if key.startswith("w:") and " " in key}

    def _word(self, word: str) -> tuple[tuple[float, ...], int]:
        """A word's own features summed (weights per family) and counted, remembered per word."""
        known = self._words.get(word)
        if known is None:
            feats = word_features(word)
            rows = [row for row in map(self.weights.get, feats) if row is not None]
            summed = tuple(sum(column) for column in zip(*rows, strict=True)) if rows else self._zero
            if len(self._words) >= 100_000:
                self._words.clear()
            known = self._words[word] = (summed, len(feats))
        return known

    def _parts(self, words: list[str]) -> tuple[list[tuple[float, ...]], list[Joined], int]:
        """Each word's own weights; each weighed pair's and triple's (where it starts, how many words);
        and the sentence's feature count."""
        own = [self._word(word) for word in words]
        weighed = self._joined
        pairs = [a + " " + b for a, b in zip(words, words[1:], strict=False)]
        joined: list[Joined] = [(i, 2, weighed[pair]) for i, pair in enumerate(pairs) if pair in weighed]
        triples = [pair + " " + c for pair, c in zip(pairs, words[2:], strict=False)]
        joined += [(i, 3, weighed[triple]) for i, triple in enumerate(triples) if triple in weighed]
        count = sum(n for _, n in own) + max(0, len(words) - 1) + max(0, len(words) - 2)
        return [summed for summed, _ in own], joined, count

    def scores(self, words: list[str]) -> list[float]:
        """Each family's score for a sentence's words (the same sum ``features`` would give)."""
        return self._scores(*self._parts(words))

    def _scores(self, own: list[tuple[float, ...]], joined: list[Joined], count: int) -> list[float]:
        if not count:
            return list(self.bias)
        rows = [*own, *(row for _, _, row in joined)]
        scale = 1 / math.sqrt(count)
        return [b + sum(column) * scale for b, column in zip(self.bias, zip(*rows, strict=True), strict=True)]

    def raised(self, text: str) -> list[tuple[str, tuple[str, ...], int, int]]:
        """(family, the words that weighed most, start, end) for each family raised in one sentence."""
        spans = words_of(text)
        if not spans:
            return []
        words = [w for w, _, _ in spans]
        own, joined, count = self._parts(words)
        scores = self._scores(own, joined, count)
        out = []
        for k, family in enumerate(self.families):
            if scores[k] >= self.threshold[k]:
                chosen = _because(words, own, joined, k)
                if chosen:
                    start, end = spans[chosen[0]][1], spans[chosen[-1]][2]
                    out.append((family, tuple(text[spans[i][1] : spans[i][2]] for i in chosen), start, end))
        return out


#: Words that join others: never given as a reason, however much they weigh
_JOINING = frozenset(
    """a an the in into on at of to and or but which that this these those who whom whose was were is are
    be been being have has had having with by for from as it its he she his her him they their them we
    our you your i my me ms mr mrs miss dr within over during after before while when then than so not no
    up out there here what where how all any some one two three name""".split()
)


def _because(words: list[str], own: list[tuple[float, ...]], joined: list[Joined], k: int) -> list[int]:
    """Indexes of up to three different words that weigh most towards family ``k`` (a word's own
    features, and an equal share of each pair or triple it is part of), leaving out joining words
    and names, which say nothing to the writer about why."""
    weight_of = [summed[k] for summed in own]
    for i, n, row in joined:
        for j in range(i, i + n):
            weight_of[j] += row[k] / n
    chosen: dict[str, int] = {}
    for i in sorted(range(len(own)), key=lambda i: -weight_of[i]):
        if weight_of[i] <= 0 or len(chosen) == 3:
            break
        if words[i] not in _JOINING and words[i] not in chosen:
            chosen[words[i]] = i
    return sorted(chosen.values())


@lru_cache(maxsize=2)
def _load(path: str, mtime: float) -> SentenceModel:
    return SentenceModel(json.loads(Path(path).read_text(encoding="utf-8")))


def shipped_model(path: Path = MODEL_FILE) -> SentenceModel | None:
    """A model shipped with Spotlight (the language review's, unless another file is named), or None
    if the file is missing (the rules still run)."""
    try:
        return _load(str(path), path.stat().st_mtime)
    except OSError:
        return None
