"""How fast `spotlight outcomes report` is on a large export, with how much memory, and how well the cohort
report recovers the generator's known effects, measured side by side in one run.

    .venv/bin/python bench/outcomes_report.py [--families 100000] [--small 10000] [--cohort 1000]
                                              [--seed 2026] [--no-pin]

1. Generates (or reuses, from var/bench/) a synthetic case-file export of N families and the generator's
   truth (`spotlight synth --out ... --truth ...`, fixed --today; the name carries a fingerprint of the
   generator, so an export made before outcomes existed is never reused); the small export is its first
   lines (family n is the same whatever the count).
2. Times `spotlight outcomes report EXPORT --json F` as a whole process, start-up included, pinned to one CPU
   (taskset -c 0), on the small export and the large one: wall time, families a second and the peak memory
   of the process (ru_maxrss of the child), and their ratios (memory should not grow with the file). Also
   the large export grouped by programme with all three files (--by programme --html --json --csv), and
   the small one with --check (every family read and checked in full): the ratio of the two speeds, and
   whether their answers are the same.
3. Recovery of the truth: the large export's families cut into cohorts of --cohort families (family n in
   cohort n mod K), each cohort's report made with the same functions the command uses, and for each
   measure and respondent: how often the 95% interval covers the cohort's true mean change (the mean of
   its matched families' true effects, from the truth file; about 95% is right), how often the change is
   found unlikely to be chance (power), and the whole export's change against its truth. Then the same
   where the true change is 0 (his awareness, in families with no programme referral): how often it is
   reported as could be chance (about 95% is right). And the share where each kind of abuse stopped
   against the families' true chance of stopping.

The script reports; it always exits 0.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synthetic_export import first_lines, synthetic_export, timed  # noqa: E402
from bench.synthetic_export import spotlight as _spotlight  # noqa: E402

if TYPE_CHECKING:
    from spotlight.outcomes.domain.report import Family

# Spotlight is imported only after the timed runs (see `main`): a child process's peak memory counts what
# it shares with this one when it starts, so this one stays small until they are done.

TODAY = "2026-11-01"


def _run(export: Path, pin: bool, *more: str) -> tuple[float, int, dict[str, Any]]:
    """(wall seconds, peak memory in MB, the report's JSON)."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "report.json"
        command = [*_spotlight(), "outcomes", "report", str(export), "--to", TODAY, "--json", str(out), *more]
        seconds, mb, _ = timed(command, pin)
        return seconds, mb, json.loads(out.read_text(encoding="utf-8"))


def _run_all_files(export: Path, pin: bool) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as folder:
        files = [f"--{kind}={Path(folder) / f'report.{kind}'}" for kind in ("html", "json", "csv")]
        command = [*_spotlight(), "outcomes", "report", str(export), "--to", TODAY, "--by", "programme", *files]
        seconds, mb, _ = timed(command, pin)
        return seconds, mb


def speed(export: Path, small: Path, families: int, small_families: int, pin: bool) -> dict[str, Any]:
    print(f"\n1. spotlight outcomes report, whole process, pinned to one CPU: {pin}")
    small_s, small_mb, small_out = _run(small, pin)
    large_s, large_mb, large_out = _run(export, pin)
    all_s, all_mb = _run_all_files(export, pin)
    check_s, check_mb, check_out = _run(small, pin, "--check")
    for label, n, seconds, mb in (
        (f"{small_families:,} families, --json", small_families, small_s, small_mb),
        (f"{families:,} families, --json", families, large_s, large_mb),
        (f"{families:,}, --by programme, 3 files", families, all_s, all_mb),
        (f"{small_families:,} families, --check", small_families, check_s, check_mb),
    ):
        print(f"  {label:40s} {seconds:7.1f} s  {n / seconds:8,.0f} families/s  peak {mb:5d} MB")
    print(
        f"  time x{large_s / small_s:.1f} and memory x{large_mb / small_mb:.2f} for x{families / small_families:.0f} "
        "the families"
    )
    same = "the same" if small_out == check_out else "NOT the same"
    print(f"  passing over what the report does not read is {check_s / small_s:.1f} times as fast; answers {same}")
    service = large_out["reports"][0]
    print(
        f"  {service['families']:,} families with an intake of {families:,}: {service['ended']:,} ended, "
        f"{service['not_ended']:,} not ended"
    )
    return large_out


def _families(export: Path, truth: Path) -> Iterator[tuple[int, Family, dict[str, Any]]]:
    """(family number, the family as the command reads it, its truth) for each family with outcomes."""
    import datetime as dt

    from spotlight.cli.common import may_hold
    from spotlight.cli.outcomes import read_for_outcomes

    today = dt.date.fromisoformat(TODAY)
    with export.open("rb") as lines, truth.open("rb") as truths:
        for number, (raw, known) in enumerate(zip(lines, truths, strict=True)):
            if not may_hold(raw, "outcomes"):
                continue
            family = read_for_outcomes(raw, first_line=number == 0, today=today)
            if family is None:
                raise SystemExit(f"line {number + 1} of {export} cannot be read")
            yield number, family, json.loads(known)


def _matched(family: Family) -> Iterator[tuple[str, str]]:
    """(respondent, measure) of each matched pair: intake and exit both answered (as the report pairs them)."""
    by = {(o.respondent, o.person, o.occasion): o for o in family.outcomes}
    for (respondent, person, occasion), first in by.items():
        last = by.get((respondent, person, "exit"))
        if occasion == "intake" and last is not None:
            yield from ((respondent, m) for m in first.scores if m in last.scores)


class _Cohorts:
    """K cohorts' tallies and the sums of their true effects, per (measure, respondent)."""

    def __init__(self, k: int) -> None:
        import datetime as dt

        from spotlight.outcomes.domain.cohort import CohortTally
        from spotlight.outcomes.domain.measures import default_measures

        end = dt.date.fromisoformat(TODAY)
        self.tallies = [CohortTally(default_measures(), start=dt.date.min, end=end) for _ in range(k)]
        self.truth: list[dict[tuple[str, str], list[float]]] = [defaultdict(lambda: [0.0, 0.0]) for _ in range(k)]

    def add(self, n: int, family: Family, known: dict[str, Any]) -> None:
        from spotlight.outcomes.domain.report import records_from_family

        k = n % len(self.tallies)
        self.tallies[k].add(records_from_family(family))
        for respondent, measure in _matched(family):
            sums = self.truth[k][measure, respondent]
            sums[0] += known["outcome_effects"][respondent][measure]
            sums[1] += 1

    def rows(self) -> Iterator[tuple[str, str, list[tuple[float | None, float, bool | None, bool]]]]:
        """(measure, respondent, per cohort: (change, true change, unlikely to be chance, interval covers))."""
        from spotlight.outcomes.domain.cohort import covers

        reports = [t.report() for t in self.tallies]
        for i, change in enumerate(reports[0].changes):
            per = []
            for k, report in enumerate(reports):
                c = report.changes[i]
                total, count = self.truth[k][c.measure, c.respondent]
                if count:
                    truth = total / count
                    per.append((c.change, truth, c.significant, covers(c, truth)))
            yield change.measure, change.respondent, per


def recovery(export: Path, truth: Path, service: dict[str, Any], cohort: int, families: int) -> None:
    from spotlight.outcomes.domain.report import NO_PROGRAMME, family_group

    k = max(1, families // cohort)
    print(f"\n2. Recovery of the generator's truth: {k} cohorts of about {families // k:,} families each")
    everyone, without = _Cohorts(k), _Cohorts(k)
    whole: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    stopped: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for n, family, known in _families(export, truth):
        everyone.add(n, family, known)
        if family_group(family, "programme") == NO_PROGRAMME:
            without.add(n, family, known)
        for respondent, measure in _matched(family):
            sums = whole[measure, respondent]
            sums[0] += known["outcome_effects"][respondent][measure]
            sums[1] += 1
        _abuse_truth(family, known, stopped)
    _print_coverage(everyone, whole, service)
    print("\n  Where the true change is 0 (his awareness, families with no programme referral):")
    for measure, respondent, per in without.rows():
        if measure != "his_awareness" or not per:
            continue
        assert all(t == 0 for _, t, _, _ in per)  # noqa: S101  # the generator's design
        chance = sum(s is False for _, _, s, _ in per) / len(per)
        print(f"    {respondent:20s} reported as could be chance in {chance:6.1%} of {len(per)} cohorts (95% is right)")
    print("\n  The share where each kind of abuse stopped, against the families' true chance of stopping:")
    for s in service["abuse_stopped"]:
        expected, count = stopped[s["kind"]]
        print(
            f"    {s['label']:36s} {s['share']:6.3f}  expected {expected / count:6.3f}  ({s['happening_at_intake']:,})"
        )


def _abuse_truth(family: Family, known: dict[str, Any], stopped: dict[str, list[float]]) -> None:
    """Adds the family's chance of stopping for each kind counted (yes at intake, yes or no at exit)."""
    survivor = {o.occasion: o for o in family.outcomes if o.respondent == "survivor"}
    if "intake" not in survivor or "exit" not in survivor:
        return
    for kind, answer in survivor["intake"].abuse.items():
        if answer == "yes" and survivor["exit"].abuse.get(kind) in ("yes", "no"):
            stopped[kind][0] += known["abuse_stop_chance"]
            stopped[kind][1] += 1


def _print_coverage(cohorts: _Cohorts, whole: dict[tuple[str, str], list[float]], service: dict[str, Any]) -> None:
    print(
        f"  {'measure':26s} {'respondent':20s} {'covered':>8s} {'found':>6s} {'mean |err|':>10s}"
        f"   whole export: {'change':>7s} {'truth':>7s} {'interval':>17s}"
    )
    changes = {(c["measure"], c["respondent"]): c for c in service["changes"]}
    for measure, respondent, per in cohorts.rows():
        if not per:
            continue
        covered = sum(c for *_, c in per) / len(per)
        found = sum(s is True for _, _, s, _ in per) / len(per)
        error = sum(abs((c or 0.0) - t) for c, t, _, _ in per) / len(per)
        c = changes[measure, respondent]
        total, count = whole[measure, respondent]
        interval = f"{c['ci_low']:+.3f} to {c['ci_high']:+.3f}"
        print(
            f"  {measure:26s} {respondent:20s} {covered:8.1%} {found:6.0%} {error:10.3f}"
            f"                 {c['change']:+7.3f} {total / count:+7.3f} {interval:>17s}"
        )
    print("  covered: share of cohorts whose 95% interval covers their true mean change (about 95% is right);")
    print("  found: share of cohorts where the change is unlikely to be chance; whole export: one report of all.")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--families", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000, help="the small export, for the ratios")
    parser.add_argument("--cohort", type=int, default=1_000, help="families in each cohort for the coverage")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--no-pin", action="store_true")
    args = parser.parse_args()
    export, truth = synthetic_export("outcomes-export", args.families, args.seed, TODAY)
    small = first_lines(export, args.small)
    print(f"Export: {export.name}, {export.stat().st_size / 1e6:,.0f} MB; small: its first {args.small:,} families")
    report = speed(export, small, args.families, args.small, not args.no_pin)
    recovery(export, truth, report["reports"][0], args.cohort, args.families)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
