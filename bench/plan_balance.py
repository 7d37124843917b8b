"""How well and how fast the plan-balance rules read plan actions, measured side by side in one run.

    .venv/bin/python bench/plan_balance.py [--actions 100000]

1. The six corpora written by helpers who never saw the rules (tests/plans/): the first five (their
   misses were read when the rules were widened, so they are no longer blind) and the sixth, held out
   (measured once, its misses unread): precision and recall for actions that ask her to
   control him, and for a course for her as the only action about the abuse. Each is read as a pasted
   sentence (no names: an unknown name is a name, never him) and, where a helper who never saw the rules
   wrote down who each named person is (``<corpus>.people.jsonl``), with the family's names, as a plan
   in Spotlight reads it.
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
from spotlight.plans.domain.corpus import Score, read_corpus, read_people, score_corpus  # noqa: E402

CORPORA = (
    ("first corpus (its misses read at the first widening)", ROOT / "tests/plans/plan_actions_blind.jsonl"),
    ("second corpus (its misses read at the second widening)", ROOT / "tests/plans/plan_actions_heldout.jsonl"),
    ("third corpus (its misses read at the third widening)", ROOT / "tests/plans/plan_actions_third.jsonl"),
    ("fourth corpus (its misses read at the fourth widening)", ROOT / "tests/plans/plan_actions_fourth.jsonl"),
    ("fifth corpus (its misses read at the fifth widening)", ROOT / "tests/plans/plan_actions_fifth.jsonl"),
    ("sixth corpus, held out (measured once, misses unread)", ROOT / "tests/plans/plan_actions_sixth.jsonl"),
)


def _print(how: str, control: Score, course: Score) -> None:
    print(
        f"    {how:<17} asks her to control him: precision {control.precision:.3f}  recall {control.recall:.3f}"
        f"  (tp {control.tp}, fp {control.fp}, fn {control.fn}, tn {control.tn})"
    )
    print(f"    {'':<17} a course for her, the only: precision {course.precision:.3f}  recall {course.recall:.3f}")


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
        print(f"  {name}: {len(corpus)} actions")
        _print("as pasted", *score_corpus(corpus, rules))
        people = read_people(path)
        if people:
            _print("with its names", *score_corpus(corpus, rules, people))
    actions = [ActionText(i, str(r["text"]), str(r["owner"])) for i, r in enumerate(rows)]
    plans = [[actions[(start + j) % len(actions)] for j in range(10)] for start in range(0, args.actions, 10)]
    started = time.perf_counter()
    for plan in plans:
        plan_balance(plan, (), rules)
    elapsed = time.perf_counter() - started
    print(f"\n2. Speed: {len(plans) * 10:,} actions in plans of ten")
    per_plan = elapsed / len(plans) * 1000
    print(f"  {elapsed:.1f} s, {len(plans) * 10 / elapsed:,.0f} actions a second, {per_plan:.2f} ms a plan")
    print("  (the corpora's 1,220 actions repeat, so the scanner's cache of sentences it has read is warm)")


if __name__ == "__main__":
    main()
