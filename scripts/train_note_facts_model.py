"""Train the second reader of the facts found in notes from the team's development corpora.

    .venv/bin/python scripts/train_note_facts_model.py [--exclude corpus_3_development.yaml ...] [--out PATH]

Reads every tests/extraction/corpus_*_development.yaml (never the *_test corpus, kept back to
measure it), splits each note into sentences as ``find_facts`` does, and labels each sentence with
the catalogue ids of the facts labelled in it. It fits one logistic regression, on the features of
spotlight/language/model.py, for each id that has at least MIN_POSITIVES labelled sentences, picks
each id's threshold from five-fold cross-validation so that at least PRECISION of what it raises is
right, and writes spotlight/data/note_facts_model.json. Run it again (`make note-facts-model`)
whenever a development corpus changes: tests/extraction/test_model.py fails until the shipped model
was trained on the corpora as they are.

scikit-learn is needed here only, never at run time (the `train` extra).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from train_language_model import digest, features_matrix, sentence_features, threshold_for  # noqa: E402

from spotlight.language.model import FORMAT  # noqa: E402
from spotlight.pattern.domain.factcorpus import load_corpus  # noqa: E402
from spotlight.pattern.domain.notefacts import FACTS_MODEL_FILE, sentences_of  # noqa: E402

CORPORA = ROOT / "tests" / "extraction"
#: Cross-validated precision each id's threshold must reach (a fact is offered, and checked by a worker).
PRECISION = 0.85
C = 30.0
MIN_SENTENCES = 3
#: An id is learnt only from at least this many labelled sentences.
MIN_POSITIVES = 8
#: A feature whose weight is below this for every id is left out of the file (it moves no score).
KEEP_WEIGHT = 0.15


def training_files(exclude: list[str]) -> list[Path]:
    return sorted(p for p in CORPORA.glob("corpus_*_development.yaml") if p.name not in exclude)


def labelled_sentences(files: list[Path]) -> list[tuple[str, set[str]]]:
    found = []
    for path in files:
        for family in load_corpus(path):
            for note in family.notes:
                for start, end in sentences_of(note.text):
                    ids = {f"{f.kind}.{f.catalogue_id}" for f in note.facts if start <= f.start < end}
                    found.append((note.text[start:end], ids))
    return found


def main(argv: list[str] | None = None) -> int:
    import json

    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--exclude", action="append", default=[], help="a development corpus to leave out")
    parser.add_argument("--out", type=Path, default=FACTS_MODEL_FILE)
    args = parser.parse_args(argv)
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    files = training_files(args.exclude)
    items = labelled_sentences(files)
    rows = [sentence_features(text) for text, _ in items]
    names, x = features_matrix(rows, MIN_SENTENCES)
    positives: dict[str, int] = {}
    for _, ids in items:
        for family in ids:
            positives[family] = positives.get(family, 0) + 1
    families = sorted(f for f, n in positives.items() if n >= MIN_POSITIVES)
    print(f"{len(items)} sentences from {len(files)} corpora, {len(names)} features, {len(families)} ids learnt")
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    weights = np.zeros((len(names), len(families)))
    bias, thresholds = [], []
    neutral = np.zeros(len(items), dtype=bool)
    for k, family in enumerate(families):
        y = np.array([family in ids for _, ids in items])
        model = LogisticRegression(C=C, max_iter=5000, class_weight="balanced")
        scores = cross_val_predict(model, x, y, cv=folds, method="decision_function")
        threshold, precision, recall = threshold_for(scores, y, neutral, PRECISION)
        model.fit(x, y)
        weights[:, k] = model.coef_[0]
        bias.append(round(float(model.intercept_[0]), 5))
        thresholds.append(round(threshold, 5))
        print(f"  {family:40s} {int(y.sum()):4d} sentences; cross-validated P {precision:.3f} R {recall:.3f}")
    keep = np.abs(weights).max(axis=1) >= KEEP_WEIGHT
    plain = {
        "format": FORMAT,
        "trained_on": digest(files),
        "corpora": [p.name for p in files],
        "families": families,
        "bias": bias,
        "threshold": thresholds,
        # stored sparsely, {id index: weight}: most features weigh for a few ids only
        "weights": {
            names[i]: {str(k): round(float(w), 3) for k, w in enumerate(weights[i]) if abs(w) >= KEEP_WEIGHT}
            for i in range(len(names))
            if keep[i]
        },
    }
    args.out.write_text(json.dumps(plain, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB, {int(keep.sum())} features)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
