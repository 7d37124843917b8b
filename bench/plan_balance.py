"""How well and how fast the plan-balance rules read plan actions, measured side by side in one run.

    .venv/bin/python bench/plan_balance.py [--actions 100000]

1. The four corpora written by helpers who never saw the rules (tests/plans/): the first three (their
   misses were read when the rules were widened, so they are no longer blind) and the fourth, held out
   (measured once, its misses unread): precision and recall for actions that ask her to
   control him, and for a course for her as the only action about the abuse.
2. Speed: the balance of plans of ten actions each, drawn from both corpora, N actions in all: actions a
   second, and the time for one plan of ten (as the plan's page reads it).

The script reports; it always exits 0.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from spotlight.plans.domain.balance import ActionText, default_plan_rules, plan_balance  # noqa: E402
from spotlight.plans.domain.corpus import read_corpus, score_corpus  # noqa: E402

CORPORA = (
    ("first corpus (its misses read at the first widening)", ROOT / "tests/plans/plan_actions_blind.jsonl"),
    ("second corpus (its misses read at the second widening)", ROOT / "tests/plans/plan_actions_heldout.jsonl"),
    ("third corpus (its misses read at the third widening)", ROOT / "tests/plans/plan_actions_third.jsonl"),
    ("fourth corpus, held out (measured once, misses unread)", ROOT / "tests/plans/plan_actions_fourth.jsonl"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actions", type=int, default=100_000)
    args = parser.parse_args()
    rules = default_plan_rules()
    rows = []
    print("1. Corpora written by helpers who never saw the rules")
    for name, path in CORPORA:
        corpus = read_corpus(path)
        rows += corpus
        control, course = score_corpus(corpus, rules)
        print(f"  {name}: {len(corpus)} actions")
        print(
            f"    asks her to control him      precision {control.precision:.3f}  recall {control.recall:.3f}"
            f"  (tp {control.tp}, fp {control.fp}, fn {control.fn}, tn {control.tn})"
        )
        print(f"    a course for her, the only    precision {course.precision:.3f}  recall {course.recall:.3f}")
    actions = [ActionText(i, str(r["text"]), str(r["owner"])) for i, r in enumerate(rows)]
    plans = [[actions[(start + j) % len(actions)] for j in range(10)] for start in range(0, args.actions, 10)]
    started = time.perf_counter()
    for plan in plans:
        plan_balance(plan, (), rules)
    elapsed = time.perf_counter() - started
    print(f"\n2. Speed: {len(plans) * 10:,} actions in plans of ten")
    per_plan = elapsed / len(plans) * 1000
    print(f"  {elapsed:.1f} s, {len(plans) * 10 / elapsed:,.0f} actions a second, {per_plan:.2f} ms a plan")
    print("  (the corpora's 820 actions repeat, so the scanner's cache of sentences it has read is warm)")


if __name__ == "__main__":
    main()
