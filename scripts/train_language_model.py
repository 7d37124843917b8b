"""Train the language review's statistical second reader from the team's development corpora.

    .venv/bin/python scripts/train_language_model.py [--exclude corpus_11_development.yaml ...] [--out PATH]

Reads every tests/language/corpus_*_development.yaml (never the *_test corpora, which are kept back
to measure it), fits one logistic regression per wording family on the features of
spotlight/language/model.py, picks each family's threshold from five-fold cross-validation so that
at least PRECISION of what it raises is right (an `accept` family counts neither way), and writes
spotlight/data/language_model.json. Run it again whenever a development corpus changes:
tests/language/test_model.py fails until the shipped model was trained on the corpora as they are.

scikit-learn is needed here only, never at run time: `make language-model` installs it (the `train`
extra) and runs this script.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from pathlib import Path

import numpy as np
import yaml
from scipy.sparse import csr_matrix

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from spotlight.language.model import FORMAT, MODEL_FILE, features, words_of  # noqa: E402
from spotlight.language.ruleset import default_ruleset  # noqa: E402

CORPORA = ROOT / "tests" / "language"
#: The wording families, as the rule file names them
FAMILIES = list(default_ruleset().family_labels)
#: Cross-validated precision each family's threshold must reach.
PRECISION = 0.92
#: Regularisation (sklearn's C); larger fits the corpora more closely.
C = 100.0
#: A feature is kept if it occurs in at least this many sentences.
MIN_SENTENCES = 2


def training_files(exclude: list[str]) -> list[Path]:
    return sorted(p for p in CORPORA.glob("corpus_*_development.yaml") if p.name not in exclude)


def digest(files: list[Path]) -> str:
    h = hashlib.sha256(f"format {FORMAT}\n".encode())
    for path in files:
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:24]


def sentence_features(text: str) -> list[str]:
    return features([w for w, _, _ in words_of(text)])


def matrix(rows: list[list[str]], vocabulary: dict[str, int]) -> csr_matrix:
    data, indices, indptr = [], [], [0]
    for feats in rows:
        scale = 1 / math.sqrt(len(feats)) if feats else 0.0
        kept = [vocabulary[f] for f in feats if f in vocabulary]  # a repeat adds again, as at run time
        indices.extend(kept)
        data.extend([scale] * len(kept))
        indptr.append(len(indices))
    x = csr_matrix((data, indices, indptr), shape=(len(rows), len(vocabulary)))
    x.sum_duplicates()
    return x


def features_matrix(rows: list[list[str]], min_sentences: int) -> tuple[list[str], csr_matrix]:
    """The features kept (those in at least ``min_sentences`` sentences), and the sentences' matrix."""
    counts: dict[str, int] = {}
    for feats in rows:
        for f in set(feats):
            counts[f] = counts.get(f, 0) + 1
    names = sorted(f for f, n in counts.items() if n >= min_sentences)
    return names, matrix(rows, {f: i for i, f in enumerate(names)})


def threshold_for(
    scores: np.ndarray, y: np.ndarray, neutral: np.ndarray, precision: float = PRECISION
) -> tuple[float, float, float]:
    """The lowest threshold whose cross-validated precision reaches ``precision``: (threshold, P, R)."""
    for t in np.sort(np.unique(scores)):
        raised = scores >= t
        tp = int((raised & y).sum())
        fp = int((raised & ~y & ~neutral).sum())
        if tp and tp / (tp + fp) >= precision:
            return float(t), tp / (tp + fp), tp / int(y.sum())
    return float(scores.max()) + 1.0, 1.0, 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exclude", action="append", default=[], help="a development corpus to leave out")
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    parser.add_argument("--c", type=float, default=C, help=f"regularisation (default {C})")
    args = parser.parse_args(argv)
    # only training needs scikit-learn; the tests import this script's digest without it
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    files = training_files(args.exclude)
    items = [item for path in files for item in yaml.safe_load(path.read_text(encoding="utf-8"))]
    rows = [sentence_features(item["text"]) for item in items]
    names, x = features_matrix(rows, MIN_SENTENCES)
    print(f"{len(items)} sentences from {len(files)} corpora, {len(names)} features")
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    weights = np.zeros((len(names), len(FAMILIES)))
    bias, thresholds = [], []
    for k, family in enumerate(FAMILIES):
        y = np.array([family in item["expect"] for item in items])
        neutral = np.array([family in item.get("accept", []) for item in items])
        model = LogisticRegression(C=args.c, max_iter=5000, class_weight="balanced")
        scores = cross_val_predict(model, x, y, cv=folds, method="decision_function")
        threshold, precision, recall = threshold_for(scores, y, neutral)
        model.fit(x, y)
        weights[:, k] = model.coef_[0]
        bias.append(round(float(model.intercept_[0]), 5))
        thresholds.append(round(threshold, 5))
        print(f"  {family:24s} {int(y.sum()):4d} sentences; cross-validated P {precision:.3f} R {recall:.3f}")
    keep = np.abs(weights).max(axis=1) >= 0.01
    plain = {
        "format": FORMAT,
        "trained_on": digest(files),
        "corpora": [p.name for p in files],
        "families": FAMILIES,
        "bias": bias,
        "threshold": thresholds,
        "weights": {names[i]: [round(float(w), 4) for w in weights[i]] for i in range(len(names)) if keep[i]},
    }
    args.out.write_text(json.dumps(plain, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB, {int(keep.sum())} features)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
