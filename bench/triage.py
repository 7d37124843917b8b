"""How well and how fast the front door's domestic abuse screen works, measured side by side in one run.

    .venv/bin/python bench/triage.py [--referrals 100000] [--seed 2026] [--no-pin]

1. The four corpora written by helpers who never saw the rules (tests/frontdoor/): referrals_blind,
   referrals_heldout and referrals_third, whose misses were read when the rules were widened, and
   referrals_fourth, held out and measured once: precision and recall at each pathway, and how often
   the exact pathway is right.
2. Synthetic referrals with known truth (spotlight/family/synth/referrals.py): the same figures, and how
   many referrals whose words say plainly that he hits her or that she is afraid of him were missed (the
   issue's requirement: none). The generator decides both the words and the truth, so these figures can
   only confirm the screen reads what it was written to read; the blind corpus is the real test.
3. Speed: `spotlight triage --format json` on N/10 and N synthetic referrals, side by side, each a whole
   process pinned to one CPU: wall time, referrals a second, peak memory, and the ratios.

The script reports; it always exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from spotlight.family.synth.referrals import referrals  # noqa: E402
from spotlight.frontdoor.domain.screen import screen_text  # noqa: E402

ORDER = ("none", "possible", "present", "high_risk")
FOUND = {
    "any domestic abuse (possible or more)": ("possible", "present", "high_risk"),
    "present or high risk": ("present", "high_risk"),
    "high risk": ("high_risk",),
}


def figures(pairs: Counter[tuple[str, str]], title: str) -> None:
    total = sum(pairs.values())
    print(f"\n{title}: {total:,} referrals")
    print(f"  {'truth / screen':16s} " + " ".join(f"{p:>10s}" for p in ORDER))
    for truth in ORDER:
        print(f"  {truth:16s} " + " ".join(f"{pairs[(truth, s)]:10d}" for s in ORDER))
    for name, found in FOUND.items():
        tp = sum(n for (t, s), n in pairs.items() if t in found and s in found)
        fp = sum(n for (t, s), n in pairs.items() if t not in found and s in found)
        fn = sum(n for (t, s), n in pairs.items() if t in found and s not in found)
        precision = tp / (tp + fp) if tp + fp else float("nan")
        recall = tp / (tp + fn) if tp + fn else float("nan")
        print(f"  {name:40s} precision {precision:.3f}  recall {recall:.3f}")
    print(f"  exact pathway right: {sum(pairs[(p, p)] for p in ORDER) / total:.3f}")


def blind() -> None:
    for name, title in (
        ("referrals_blind.jsonl", "1. The first corpus (its misses read at the first widening)"),
        ("referrals_heldout.jsonl", "1b. The second corpus (its misses read at the second widening)"),
        ("referrals_third.jsonl", "1c. The third corpus (its misses read at the third widening)"),
        ("referrals_fourth.jsonl", "1d. The fourth corpus, held out (measured once, misses unread)"),
    ):
        rows = [json.loads(line) for line in (ROOT / "tests/frontdoor" / name).read_text().splitlines()]
        figures(Counter((r["pathway"], screen_text(r["text"]).pathway) for r in rows), title)


def synthetic(count: int, seed: int) -> Path:
    folder = ROOT / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"referrals-{count}-seed{seed}.jsonl"
    pairs: Counter[tuple[str, str]] = Counter()
    missed = plain = 0
    sample = min(count, 20_000)
    with path.open("w", encoding="utf-8") as out:
        for n, r in enumerate(referrals(count, seed)):
            out.write(json.dumps({"id": r.id, "text": r.text, "presenting_concern": r.presenting_concern}) + "\n")
            if n < sample:
                found = screen_text(r.text).pathway
                pairs[(r.pathway, found)] += 1
                plain += r.plain
                missed += r.plain and found not in ("present", "high_risk")
    figures(pairs, f"2. Synthetic referrals with known truth (the first {sample:,})")
    print(f"  plain words that he hits her or that she is afraid of him: {plain:,}, missed {missed}")
    return path


def _run(path: Path, pin: bool) -> tuple[float, float]:
    """(seconds, peak memory in MB) of one whole ``spotlight triage --format json`` process."""
    spotlight = [str(ROOT / ".venv" / "bin" / "spotlight")]
    command = ["taskset", "-c", "0", *spotlight] if pin and shutil.which("taskset") else spotlight
    start = time.perf_counter()
    child = subprocess.Popen(  # noqa: S603
        [*command, "triage", str(path), "--format", "json"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, _, usage = os.wait4(child.pid, 0)  # this child's own peak, not the largest of every child so far
    child.returncode = 0
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def speed(small: Path, path: Path, count: int, pin: bool) -> None:
    """A tenth of the referrals and all of them, side by side: the results are written as they come, so
    memory should not grow with the file."""
    print(f"\n3. Speed: spotlight triage --format json, pinned: {pin}")
    (few_s, few_mb), (all_s, all_mb) = _run(small, pin), _run(path, pin)
    print(
        f"  {count // 10:,} referrals: {few_s:.1f} s, {count // 10 / few_s:,.0f} a second, peak memory {few_mb:.0f} MB"
    )
    print(f"  {count:,} referrals: {all_s:.1f} s, {count / all_s:,.0f} a second, peak memory {all_mb:.0f} MB")
    print(f"  ten times the referrals: {all_s / few_s:.1f} times the time, {all_mb / few_mb:.2f} times the memory")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--referrals", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--no-pin", action="store_true")
    args = parser.parse_args()
    blind()
    path = synthetic(args.referrals, args.seed)
    small = path.with_name(f"referrals-{args.referrals // 10}-first.jsonl")
    with path.open(encoding="utf-8") as whole, small.open("w", encoding="utf-8") as part:
        part.writelines(line for _, line in zip(range(args.referrals // 10), whole, strict=False))
    speed(small, path, args.referrals, not args.no_pin)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
