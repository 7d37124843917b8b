"""How right and how fast the facts found in notes are, measured side by side in one run.

    .venv/bin/python bench/note_facts.py [--families 10000] [--seed 2026] [--quick] [--no-pin]

1. Quality: precision and recall per kind (his behaviour, each child's harm, her protective
   efforts, complicating factors, his engagement) on every labelled corpus in tests/extraction/,
   for the rules alone and with the second reader (as the note editor runs it). Corpus 2 is the test
   set, written blind after reading real published texts and never tuned to. Also: how often
   wording that only looks like a fact is offered, whose fact it is, and his denials.
2. Speed: `spotlight extract --format json` and `spotlight review --format json` on the same
   synthetic case-file export (N families, built with `spotlight synth` and cached under
   var/bench/), each a whole process, start-up included, pinned to one CPU, best of two. Issue 13's
   target: extract runs at no less than half the speed of review (ratio >= 0.5). Also the extract
   with `--second-reader` (reported, no target).

The script reports; it always exits 0, even when a target is missed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from spotlight.pattern.domain.factcorpus import load_corpus, score_corpus  # noqa: E402
from spotlight.pattern.domain.notefacts import KINDS  # noqa: E402

TODAY = "2026-11-01"
TARGET_RATIO = 0.5
CORPORA = ROOT / "tests" / "extraction"


def _pin(command: list[str], pin: bool) -> list[str]:
    return ["taskset", "-c", "0", *command] if pin and shutil.which("taskset") else command


def _spotlight() -> list[str]:
    return (
        [str(ROOT / ".venv" / "bin" / "spotlight")]
        if (ROOT / ".venv" / "bin" / "spotlight").exists()
        else [
            sys.executable,
            "-m",
            "spotlight.cli",
        ]
    )


def quality() -> None:
    print("1. Quality (precision / recall; a fact is right when the note has one of that kind and id in that sentence)")
    header = f"{'corpus':28s} {'reader':14s} " + " ".join(f"{k[:12]:>13s}" for k in KINDS) + f" {'overall':>13s}"
    print(header)
    for path in sorted(CORPORA.glob("corpus_*.yaml")):
        families = load_corpus(path)
        for second_reader in (False, True):
            score = score_corpus(families, second_reader=second_reader)
            cells = " ".join(f"{score.precision(k):.2f} / {score.recall(k):.2f}" for k in KINDS)
            reader = "with 2nd reader" if second_reader else "rules alone"
            print(f"{path.stem:28s} {reader:14s} {cells} {score.precision():.2f} / {score.recall():.2f}")
            if second_reader:
                labelled = sum(score.labelled.values())
                print(
                    f"{'':28s} {'':14s} {labelled} facts labelled; look-alikes offered "
                    f"{score.offered_not_facts}/{score.not_facts}; whose right {score.person_right}/"
                    f"{score.person_known}; his denials marked {score.denied_right}/{score.denied_labelled}"
                )
    print("corpus_2_test is the test set (never tuned to); the development corpora trained the second reader.")


def _export(families: int, seed: int) -> Path:
    folder = ROOT / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    export = folder / f"facts-export-v1-{families}-seed{seed}-{TODAY}.jsonl"
    if not export.exists():
        print(f"Generating {families} synthetic families to {export} ...", flush=True)
        command = [*_spotlight(), "synth", "--families", str(families), "--seed", str(seed), "--today", TODAY]
        subprocess.run([*command, "--out", str(export)], check=True, capture_output=True)  # noqa: S603
    return export


def _time(command: list[str], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # noqa: S603
        best = min(best, time.perf_counter() - start)
    return best


def speed(families: int, seed: int, pin: bool, runs: int) -> None:
    export = _export(families, seed)
    size = export.stat().st_size / 1e6
    print(
        f"\n2. Speed on {families:,} synthetic families ({size:.1f} MB), whole process, best of {runs}, pinned: {pin}"
    )
    review = _time(_pin([*_spotlight(), "review", "--format", "json", str(export)], pin), runs)
    extract = _time(_pin([*_spotlight(), "extract", "--format", "json", str(export)], pin), runs)
    second = _time(_pin([*_spotlight(), "extract", "--second-reader", "--format", "json", str(export)], pin), 1)
    ratio = review / extract
    verdict = "met" if ratio >= TARGET_RATIO else "NOT met"
    print(f"  spotlight review                   {review:7.1f} s  {families / review:8.0f} families/s")
    print(f"  spotlight extract                  {extract:7.1f} s  {families / extract:8.0f} families/s")
    print(f"  spotlight extract --second-reader  {second:7.1f} s  {families / second:8.0f} families/s (no target)")
    print(f"  extract speed / review speed = {ratio:.2f} (target {TARGET_RATIO} or more: {verdict})")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--families", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--quick", action="store_true", help="1,000 families, one run each")
    parser.add_argument("--no-pin", action="store_true")
    args = parser.parse_args()
    quality()
    families = 1_000 if args.quick else args.families
    speed(families, args.seed, not args.no_pin, 1 if args.quick else 2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
