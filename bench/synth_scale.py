"""How fast the synthetic generator writes families, and whether its memory stays flat.

    .venv/bin/python bench/synth_scale.py [--families N] [--seed S] [--no-compare]

Writes N families (default 100,000) to a temporary file with `write_synthetic_file`
and prints families, seconds, families per second, output size and peak RSS. Then
runs 10,000 and 100,000 families side by side, each in a fresh subprocess so that
each peak RSS belongs to one size only, and prints how much the peak grew: with
streaming output the 100,000 run should use about the same memory as the
10,000 run, not ten times as much.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TODAY = dt.date(2026, 3, 1)  # fixed, so runs are comparable
COMPARE_SIZES = (10_000, 100_000)


def _peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 1e6


def measure(families: int, seed: int) -> dict[str, float]:
    """One run in this process: returns its figures."""
    from spotlight.family.synth import generate_families, write_synthetic_file

    # Warm up (imports, Faker name pools) so the baseline is what any run costs.
    next(generate_families(count=1, seed=seed, today=TODAY))
    baseline = _peak_rss_mb()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "families.jsonl"
        start = time.perf_counter()
        written = write_synthetic_file(path, count=families, seed=seed, today=TODAY)
        seconds = time.perf_counter() - start
        size = path.stat().st_size
    peak = _peak_rss_mb()
    return {
        "families": written,
        "seconds": seconds,
        "families_per_second": written / seconds if seconds else 0.0,
        "output_mb": size / 1e6,
        "baseline_rss_mb": baseline,
        "peak_rss_mb": peak,
        "growth_mb": peak - baseline,
    }


def measure_in_subprocess(families: int, seed: int) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, __file__, "--child", "--families", str(families), "--seed", str(seed)],
        check=True,
        capture_output=True,
        text=True,
    )
    figures: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


def show(figures: dict[str, float]) -> None:
    print(f"  families:       {int(figures['families']):,}")
    print(f"  seconds:        {figures['seconds']:.1f}")
    print(f"  families/s:     {figures['families_per_second']:,.0f}")
    print(f"  output MB:      {figures['output_mb']:,.1f}")
    print(f"  peak RSS MB:    {figures['peak_rss_mb']:.1f} (baseline {figures['baseline_rss_mb']:.1f} after imports)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--families", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-compare", action="store_true", help="skip the 10,000 vs 100,000 comparison")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        print(json.dumps(measure(args.families, args.seed)))
        return

    print(f"Writing {args.families:,} synthetic families (seed {args.seed}, today {TODAY.isoformat()})")
    runs: dict[int, dict[str, float]] = {args.families: measure_in_subprocess(args.families, args.seed)}
    show(runs[args.families])
    if args.no_compare:
        return

    print()
    print("Memory with size (each in a fresh process):")
    for size in COMPARE_SIZES:
        if size not in runs:
            runs[size] = measure_in_subprocess(size, args.seed)
    small, large = (runs[s] for s in COMPARE_SIZES)
    print(
        f"  {'families':>10} {'seconds':>9} {'families/s':>11} {'output MB':>10} {'peak RSS MB':>12} {'growth MB':>10}"
    )
    for size in COMPARE_SIZES:
        f = runs[size]
        print(
            f"  {size:>10,} {f['seconds']:>9.1f} {f['families_per_second']:>11,.0f} {f['output_mb']:>10.1f} "
            f"{f['peak_rss_mb']:>12.1f} {f['growth_mb']:>10.1f}"
        )
    growth_ratio = large["growth_mb"] / small["growth_mb"] if small["growth_mb"] > 0 else float("nan")
    print(f"  peak RSS ratio (100k / 10k):      {large['peak_rss_mb'] / small['peak_rss_mb']:.2f}x")
    print(f"  peak growth ratio (100k / 10k):   {growth_ratio:.2f}x  (10x families; about 1x means memory is flat)")
    print(f"  output ratio (100k / 10k):        {large['output_mb'] / small['output_mb']:.2f}x")


if __name__ == "__main__":
    main()
