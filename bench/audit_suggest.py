"""How fast `spotlight audit suggest` is on a large export, and how well it agrees with the truth.

    .venv/bin/python bench/audit_suggest.py [--families 10000] [--seed 2026] [--no-pin]

1. Generates (or reuses, from var/bench/) a synthetic case-file export of N families and the
   generator's truth for each (`spotlight synth --out ... --truth ...`, fixed --today), and the
   same families exported as another case system would (`--without-map`: notes only).
2. Times `spotlight audit suggest EXPORT --out-json ... --out-csv ...` as a whole process,
   start-up included, pinned to one CPU (target: under a minute for 10,000 families).
3. Reads the JSON back and prints, per item with a known answer, the quadratic weighted kappa
   between the suggestion and the truth rating (see spotlight/family/synth/audit_truth.py), for the
   full files and for the notes-only export side by side (issue 13: within 0.1 of each other).

The script reports; it always exits 0, even when the target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synthetic_export import pinned as _pin  # noqa: E402
from bench.synthetic_export import spotlight as _spotlight  # noqa: E402
from bench.synthetic_export import synthetic_export  # noqa: E402
from spotlight.audit.domain.statistics import weighted_kappa  # noqa: E402
from spotlight.family.synth import FamilyTruth  # noqa: E402
from spotlight.family.synth.audit_truth import TRUTH_RATINGS  # noqa: E402

TODAY = "2026-11-01"
TARGET_SECONDS = 60.0
NOTES_ONLY_GAP = 0.1


def _export(families: int, seed: int, without_map: bool = False) -> tuple[Path, Path]:
    return synthetic_export("audit-export-v2", families, seed, TODAY, *(["--without-map"] if without_map else []))


def _suggest(export: Path, pin: bool) -> tuple[float, list[dict[str, object]]]:
    with tempfile.TemporaryDirectory() as tmp:
        out_json, out_csv = Path(tmp) / "s.json", Path(tmp) / "s.csv"
        command = _pin(
            [*_spotlight(), "audit", "suggest", str(export), "--out-json", str(out_json), "--out-csv", str(out_csv)],
            pin,
        )
        start = time.perf_counter()
        subprocess.run(command, check=True, cwd=ROOT, env={**os.environ, "COLUMNS": "120"})  # noqa: S603
        seconds = time.perf_counter() - start
        return seconds, json.loads(out_json.read_text(encoding="utf-8"))


def _truths(path: Path) -> dict[str, FamilyTruth]:
    truths: dict[str, FamilyTruth] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        family = data.pop("family")
        data["blaming_note_ids"] = tuple(data["blaming_note_ids"])
        data["father_absent_note_ids"] = tuple(data["father_absent_note_ids"])
        truths[family] = FamilyTruth(**data)
    return truths


def _kappas(rows: list[dict[str, object]], truths: dict[str, FamilyTruth]) -> dict[str, float | None]:
    suggested = {(r["family_ref"], r["item"]): r["suggested_rating"] for r in rows}
    refs = sorted(truths)
    found: dict[str, float | None] = {}
    for item, rating in TRUTH_RATINGS.items():
        truth = [rating(truths[f]) for f in refs]
        found[item] = weighted_kappa(truth, [suggested[(f, item)] for f in refs], [1, 2, 3, 4]).kappa
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--families", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--no-pin", action="store_true", help="Do not pin the command to one CPU.")
    args = parser.parse_args()

    export, truth_path = _export(args.families, args.seed)
    notes_only, _ = _export(args.families, args.seed, without_map=True)
    seconds, rows = _suggest(export, not args.no_pin)
    notes_seconds, notes_rows = _suggest(notes_only, not args.no_pin)
    verdict = "meets" if seconds < TARGET_SECONDS else "MISSES"
    print(
        f"\nspotlight audit suggest on {args.families} families: {seconds:.1f} s "
        f"({verdict} the {TARGET_SECONDS:.0f} s target); the same families without their maps: {notes_seconds:.1f} s"
    )
    print(f"  {args.families / seconds:,.0f} families/s, {len(rows):,} suggested ratings")

    truths = _truths(truth_path)
    full, without = _kappas(rows, truths), _kappas(notes_rows, truths)
    print("\nAgreement with the generator's truth (quadratic weighted kappa), full files and notes only:")
    print(f"  {'item':<26} {'full':>7} {'notes only':>11} {'gap':>6}  (issue 13 target: gap 0.1 or less)")
    for item in TRUTH_RATINGS:
        a, b = full[item], without[item]
        if a is None or b is None:
            print(f"  {item:<26} {'n/a':>7} {'n/a':>11}")
            continue
        flag = "" if abs(a - b) <= NOTES_ONLY_GAP else "  OVER"
        print(f"  {item:<26} {a:7.3f} {b:11.3f} {abs(a - b):6.3f}{flag}")


if __name__ == "__main__":
    main()
