"""Plain-text corpora for the language review benchmark, built deterministically and cached.

    .venv/bin/python bench/language_corpus.py [--size-mb 20] [--seed 2026] [--seeds DIR]

A corpus is one paragraph per line: paragraphs of sentences from the seed briefing
(``001_6883ee6a5584ec19.txt``: its wrapped lines joined, split into sentences, shuffled),
interleaved with the text of synthetic case notes from `spotlight.family.synth`. The same
(size, seed, seed file) always gives the same bytes. Files are cached under ``var/bench/``
(gitignored), keyed by size, seed and source, and written by streaming: only a pool of a few
megabytes of notes is ever held in memory, whatever the size asked for.

If the seed briefing is not found the corpus is made of synthetic notes only, and
`Corpus.source` says so.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

CACHE_DIR = REPO / "var" / "bench"
DEFAULT_SEEDS_DIR = REPO.parent / "shared" / "seeds"
SEED_BRIEFING = "001_6883ee6a5584ec19.txt"
TODAY = dt.date(2026, 3, 1)  # fixed, so the synthetic notes (and so the corpus) never change
#: Bump when the way a corpus is built changes, so stale cached files are not reused.
CORPUS_VERSION = 1
#: Families drawn once to make the pool of synthetic notes (about 10 MB of text).
NOTE_POOL_FAMILIES = 4_000
MB = 1_000_000

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'’”)]*\s+(?=[\"'‘“(]?[A-Z0-9])")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Corpus:
    path: Path
    size_bytes: int
    #: "seed briefing + synthetic notes" or "synthetic notes only (...)"
    source: str

    @property
    def size_mb(self) -> float:
        return self.size_bytes / MB


def briefing_sentences(path: Path) -> list[str]:
    """The briefing's sentences: wrapped lines joined, whitespace collapsed, fragments dropped."""
    text = _SPACES.sub(" ", path.read_text(encoding="utf-8").replace(">", " "))
    sentences = (s.strip() for s in _SENTENCE_END.split(text))
    return [s for s in sentences if len(s) >= 25 and any(c.islower() for c in s)]


def synthetic_notes(seed: int, families: int = NOTE_POOL_FAMILIES) -> list[str]:
    """The text of every note of `families` synthetic families, one line each."""
    from spotlight.family.synth import generate_families

    notes: list[str] = []
    for family in generate_families(count=families, seed=seed, today=TODAY):
        notes.extend(_SPACES.sub(" ", note.text).strip() for note in family.record.notes)
    return [n for n in notes if n]


def _paragraphs(rng: random.Random, sentences: list[str], notes: list[str]) -> Iterator[str]:
    """Endless paragraphs: shuffled briefing sentences (3 to 7 a paragraph) and notes, interleaved."""
    order = list(range(len(sentences)))
    at = len(order)
    while True:
        if not sentences or rng.random() < 0.5:
            yield rng.choice(notes)
            continue
        count = rng.randint(3, 7)
        picked: list[str] = []
        while len(picked) < count:
            if at >= len(order):
                rng.shuffle(order)
                at = 0
            picked.append(sentences[order[at]])
            at += 1
        yield " ".join(picked)


def _seed_digest(path: Path | None) -> str:
    if path is None:
        return "synthetic"
    return "briefing-" + hashlib.sha256(path.read_bytes()).hexdigest()[:10]


def build_corpus(size_mb: int, *, seed: int = 2026, seeds_dir: Path = DEFAULT_SEEDS_DIR) -> Corpus:
    """The cached corpus of about `size_mb` megabytes (whole lines, never more than asked), built if missing."""
    briefing: Path | None = seeds_dir / SEED_BRIEFING
    if briefing is not None and briefing.is_file():
        source = "seed briefing sentences + synthetic notes"
    else:
        source = f"synthetic notes only ({seeds_dir / SEED_BRIEFING} not found)"
        briefing = None
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    path = CACHE_DIR / f"language-corpus-v{CORPUS_VERSION}-{size_mb}mb-seed{seed}-{_seed_digest(briefing)}.txt"
    if path.is_file():
        return Corpus(path=path, size_bytes=path.stat().st_size, source=source)

    sentences = briefing_sentences(briefing) if briefing else []
    notes = synthetic_notes(seed)
    rng = random.Random(f"spotlight-language-corpus:{seed}")
    limit = size_mb * MB
    written = 0
    partial = path.with_suffix(f".partial-{os.getpid()}")
    with partial.open("w", encoding="utf-8", newline="\n") as out:
        for paragraph in _paragraphs(rng, sentences, notes):
            line = (paragraph + "\n").encode("utf-8")
            if written + len(line) > limit:
                break
            out.write(paragraph + "\n")
            written += len(line)
    partial.replace(path)
    return Corpus(path=path, size_bytes=path.stat().st_size, source=source)


def prefix_slice(corpus: Corpus, size_bytes: int) -> Corpus:
    """The corpus's first whole lines up to `size_bytes`, as its own cached file."""
    path = corpus.path.with_name(f"{corpus.path.stem}-prefix{size_bytes}.txt")
    if not path.is_file():
        partial = path.with_suffix(f".partial-{os.getpid()}")
        with corpus.path.open("rb") as src, partial.open("wb") as out:
            written = 0
            for line in src:
                if written + len(line) > size_bytes:
                    break
                out.write(line)
                written += len(line)
        partial.replace(path)
    return Corpus(path=path, size_bytes=path.stat().st_size, source=corpus.source)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-mb", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS_DIR, help="folder holding the seed documents")
    args = parser.parse_args()
    corpus = build_corpus(args.size_mb, seed=args.seed, seeds_dir=args.seeds)
    print(f"{corpus.path} ({corpus.size_mb:.1f} MB; {corpus.source})")


if __name__ == "__main__":
    main()
