"""How long `spotlight audit compare` takes on two large rounds, step by step and as a whole process.

    .venv/bin/python bench/audit_compare.py [--families 10000] [--seed 2026]

1. Writes two round files (CSV, the columns `spotlight audit suggest` writes plus auditor_rating
   and auditor) of N families and every item of the default instrument, with seeded random
   ratings: the second round a little better on every item, and 5% of its families rated twice
   by a second auditor. (Random ratings, not suggestions from synthetic families: suggesting is
   measured by bench/audit_suggest.py; this measures reading and comparing.)
2. Times, in this process: reading both files, comparing them, the agreement figures, the
   terminal table, the CSV, and the HTML report with and without its four charts.
3. Times the whole command, start-up included, writing JSON, CSV and HTML.

The script reports; it always exits 0.
"""

from __future__ import annotations

import argparse
import csv
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from spotlight.audit.domain.instrument import default_instrument  # noqa: E402
from spotlight.audit.domain.report import comparison_csv, comparison_html, comparison_table  # noqa: E402
from spotlight.audit.domain.results import auditor_agreement, compare_round_ratings, suggestion_agreement  # noqa: E402
from spotlight.audit.domain.roundfile import read_round_file  # noqa: E402

COLUMNS = ("family_ref", "team", "domain", "item", "suggested_rating", "reasons", "auditor_rating", "auditor")


def _write_round(path: Path, families: int, seed: int, shift: float, double_rated: float) -> int:
    rng = random.Random(seed)
    instrument = default_instrument()
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(COLUMNS)
        for n in range(families):
            ref, team = f"R{seed}-{n:06d}", rng.choice(("North", "South", "East"))
            second = rng.random() < double_rated
            for domain, item in instrument.items():
                suggested = min(4, max(1, round(rng.gauss(2.4 + shift, 1.0))))
                own = suggested if rng.random() < 0.8 else rng.randint(1, 4)
                writer.writerow((ref, team, domain.id, item.id, suggested, "", own, "AB"))
                rows += 1
                if second:
                    other = own if rng.random() < 0.7 else min(4, max(1, own + rng.choice((-1, 1))))
                    writer.writerow((ref, team, domain.id, item.id, suggested, "", other, "CD"))
                    rows += 1
    return rows


def _time(label: str, action: Callable[[], Any], results: list[tuple[str, float]]) -> Any:
    start = time.perf_counter()
    value = action()
    results.append((label, time.perf_counter() - start))
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--families", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    instrument = default_instrument()
    with tempfile.TemporaryDirectory(prefix="spotlight-bench-compare-") as folder:
        a, b = Path(folder) / "round-a.csv", Path(folder) / "round-b.csv"
        rows_a = _write_round(a, args.families, args.seed, 0.0, 0.0)
        rows_b = _write_round(b, args.families, args.seed + 1, 0.15, 0.05)
        print(f"Two rounds of {args.families:,} families: {rows_a:,} and {rows_b:,} rating rows.")

        steps: list[tuple[str, float]] = []
        before = _time("read round A (CSV)", lambda: read_round_file(a, instrument), steps)
        after = _time("read round B (CSV)", lambda: read_round_file(b, instrument), steps)
        comparison = _time(
            "compare (items, domains, Holm)", lambda: compare_round_ratings(instrument, before, after), steps
        )
        _time(
            "suggestion and auditor agreement, round B",
            lambda: (
                suggestion_agreement(instrument, after),
                auditor_agreement(instrument, after),
            ),
            steps,
        )
        _time("terminal table rows", lambda: comparison_table(comparison), steps)
        _time("CSV", lambda: comparison_csv(comparison), steps)
        _time(
            "HTML without charts",
            lambda: comparison_html(comparison, instrument, before_name="A", after_name="B", charts=False),
            steps,
        )
        _time(
            "HTML with 4 charts (first vl-convert use)",
            lambda: comparison_html(comparison, instrument, before_name="A", after_name="B"),
            steps,
        )
        _time(
            "HTML with 4 charts (again)",
            lambda: comparison_html(comparison, instrument, before_name="A", after_name="B"),
            steps,
        )

        width = max(len(label) for label, _ in steps)
        for label, seconds in steps:
            print(f"  {label:<{width}}  {seconds:7.3f} s")
        verdicts = [change.verdict for change in comparison.items]
        print(f"  items improved: {verdicts.count('improved')} of {len(verdicts)}")

        command = [
            sys.executable, "-m", "spotlight.cli", "audit", "compare", str(a), str(b),
            "--json", str(Path(folder) / "r.json"), "--html", str(Path(folder) / "r.html"),
            "--csv", str(Path(folder) / "r.csv"),
        ]  # fmt: skip
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603  # our own command
        whole = time.perf_counter() - start
        status = "ok" if done.returncode == 0 else f"exit {done.returncode}: {done.stderr.strip()[:300]}"
        print(f"Whole command (start-up, read, compare, agreement, JSON, CSV, HTML): {whole:.2f} s ({status})")


if __name__ == "__main__":
    main()
