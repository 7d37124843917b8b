""" "Find a family" at the size of a large authority: the old substring search and the indexed one, side by side.

    .venv/bin/python bench/search_at_scale.py [--families 20000] [--seed 1] [--rounds 5]
    scripts/with-postgres.sh .venv/bin/python bench/search_at_scale.py [--families 100000]

Loads N synthetic families (default 20,000; `--families 100000` for a large authority's 100,000
families and about 400,000 people) through the case-file import into the configured database:
PostgreSQL when DATABASE_URL is set, else SQLite in a temporary SPOTLIGHT_VAR_DIR. A database that
already holds N or more families is searched as it is. Then, as a team manager of every team (the
widest need-to-know any account has, so the read gate lets every family through), and then as a
social worker of one team, it runs a fixed list of queries `--rounds` times each, old and new
alternating:

- old: the substring search the page used before (`icontains` on the reference, the family's name
  and every person's names, for every word; up to 100 families, then their people and workers),
  copied here as it was so the comparison outlives it;
- new: `spotlight.cases.search.search_families`, the first page of 25 (the page and the total in one
  query, then the people, the workers and which people matched).

It prints, per query (as the manager), the families each finds and the median time of each; then,
for each of the two, the p50 and p95 of every timing of each search, and their ratio; then which
indexes each plan uses (EXPLAIN, on PostgreSQL or SQLite). Timings are server time in this process
(the database's work and Django's), not the page's drawing. The script reports; it exits 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TODAY = dt.date(2026, 3, 1)  # fixed, so runs are comparable
TEAMS = ("North", "South", "East", "West", "Central")

#: Queries that do not depend on the data: spelling, partial names, several words.
FIXED_QUERIES = ("Smith", "Browne", "Jon", "Mohammed", "Rei", "mia reid", "Jonathan Taylor", "Zoe Scott")


def _quantiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.95) - 1)]


def _old_search(families: Any, query: str) -> list[Any]:
    """The search as it was before the indexed one: substrings of every field, every word, 100 families."""
    from django.db.models import Q

    from spotlight.cases.models import Person
    from spotlight.cases.selectors import allocation_holders

    result = families
    for word in query.split()[:6]:
        matches = Person.objects.filter(Q(given_name__icontains=word) | Q(family_name__icontains=word)).values(
            "family_id"
        )
        result = result.filter(Q(reference__icontains=word) | Q(name__icontains=word) | Q(id__in=matches))
    found = list(result.order_by("name", "reference").select_related("team")[:100])
    ids = [f.pk for f in found]
    people: dict[int, list[Any]] = defaultdict(list)
    for person in Person.objects.filter(family_id__in=ids).order_by("id"):
        people[person.family_id].append(person)
    allocation_holders(ids)
    return found


def _old_queryset(families: Any, query: str) -> Any:
    from django.db.models import Q

    from spotlight.cases.models import Person

    result = families
    for word in query.split()[:6]:
        matches = Person.objects.filter(Q(given_name__icontains=word) | Q(family_name__icontains=word)).values(
            "family_id"
        )
        result = result.filter(Q(reference__icontains=word) | Q(name__icontains=word) | Q(id__in=matches))
    return result.order_by("name", "reference")[:100]


def _load(families: int, seed: int) -> float:
    from spotlight.cases.models import Family
    from spotlight.cli import load_synthetic

    have = Family.objects.count()
    if have >= families:
        print(f"The database already holds {have:,} families: searching those.")
        return 0.0
    print(f"Loading {families:,} synthetic families (seed {seed}) through the case-file import...", flush=True)
    start = time.perf_counter()
    load_synthetic(count=families, seed=seed, today=TODAY, teams=TEAMS, workers={})
    return time.perf_counter() - start


def _data_queries() -> list[str]:
    """Queries taken from the data, the same for the same seed: a common and a rare surname, the
    start of one, a date of birth as typed on a form, and a reference in lower case."""
    from spotlight.cases.models import Family, Person

    surnames = Counter(Person.objects.exclude(family_name="").values_list("family_name", flat=True).iterator())
    common = surnames.most_common(1)[0][0]
    rare = min(surnames.items(), key=lambda kv: (kv[1], kv[0]))[0]
    person = Person.objects.filter(date_of_birth__isnull=False).order_by("id")[len(surnames) % 997]
    born = person.date_of_birth
    assert born is not None
    family = Family.objects.order_by("id")[len(surnames) % 1013]
    return [common, rare, common[:3], f"{born.day}/{born.month}/{born.year}", family.reference.lower()]


def _timed(call: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


_INDEX = re.compile(
    r"(?:Index(?: Only)? Scan(?: Backward)?|Bitmap Index Scan) (?:using |on )?(\w+)|USING (?:COVERING )?INDEX (\w+)"
)
_SCAN = re.compile(r"Seq Scan on (\w+)|SCAN (\w+)(?! USING)")


def _plan_summary(plan: str) -> str:
    indexes = sorted({a or b for a, b in _INDEX.findall(plan)})
    scans = sorted({a or b for a, b in _SCAN.findall(plan) if (a or b) not in ("CONSTANT", "SUBQUERY")})
    parts = []
    if indexes:
        parts.append("indexes: " + ", ".join(indexes))
    if scans:
        parts.append("whole-table scans: " + ", ".join(scans))  # U0, V0, W0...: inside the read gate's subquery
    return "; ".join(parts) or "(no table read)"


def _measure(
    readable: Any, queries: list[str], rounds: int
) -> tuple[list[tuple[str, str, int, int, float, float]], list[float], list[float]]:
    """Each query `rounds` times by each search, alternating: per query (text, kind, found by each,
    median of each), and every timing of each."""
    from spotlight.cases import search

    old_times: list[float] = []
    new_times: list[float] = []
    rows = []
    for text in queries:
        asked = search.read_query(text, today=TODAY)
        mine_old: list[float] = []
        mine_new: list[float] = []
        found_old = found_new = 0

        def run_old(text: str = text) -> list[Any]:
            return _old_search(readable, text)

        def run_new(asked: search.SearchQuery = asked) -> search.SearchPage:
            return search.search_families(readable, asked)

        _timed(run_old)  # each once before timing: the first call pays for caches
        _timed(run_new)
        for _ in range(rounds):
            took, old = _timed(run_old)
            mine_old.append(took)
            took, new = _timed(run_new)
            mine_new.append(took)
            found_old, found_new = len(old), new.total
        old_times += mine_old
        new_times += mine_new
        rows.append(
            (text, asked.kind.value, found_old, found_new, statistics.median(mine_old), statistics.median(mine_new))
        )
    return rows, old_times, new_times


def _summary(who: str, old_times: list[float], new_times: list[float]) -> None:
    o50, o95 = _quantiles(old_times)
    n50, n95 = _quantiles(new_times)
    print(f"  as a {who}:")
    print(f"    old substring search: p50 {o50 * 1000:8.1f} ms   p95 {o95 * 1000:8.1f} ms")
    print(f"    new indexed search:   p50 {n50 * 1000:8.1f} ms   p95 {n95 * 1000:8.1f} ms")
    print(f"    old / new:            p50 {o50 / n50:8.1f}x     p95 {o95 / n95:8.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=5, help="times each query is run by each search")
    parser.add_argument(
        "--plans", action="store_true", help="print the whole EXPLAIN of each query, not only its indexes"
    )
    args = parser.parse_args()

    if not os.environ.get("SPOTLIGHT_VAR_DIR"):
        os.environ["SPOTLIGHT_VAR_DIR"] = tempfile.mkdtemp(prefix="spotlight-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spotlight.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from spotlight.access.models import StaffRole, Team, User
    from spotlight.cases import search
    from spotlight.cases.gate import families_readable_by
    from spotlight.cases.models import Family, NameKey, Person

    vendor = connection.vendor
    call_command("migrate", verbosity=0)
    loaded = _load(args.families, args.seed)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as a database in use has
    manager, _ = User.objects.get_or_create(username="bench.manager", defaults={"staff_role": StaffRole.TEAM_MANAGER})
    manager.teams.set(Team.objects.all())
    readable = families_readable_by(manager)

    print(
        f"{vendor}: {Family.objects.count():,} families, {Person.objects.count():,} people, "
        f"{NameKey.objects.count():,} name keys" + (f"; loaded in {loaded:.0f} s" if loaded else "")
    )
    queries = list(dict.fromkeys([*FIXED_QUERIES, *_data_queries()]))
    rows, old_times, new_times = _measure(readable, queries, args.rounds)
    print()
    print(
        f"Per query, as a manager of every team (median of {args.rounds} runs; old finds at most 100, new counts all):"
    )
    print(
        f"  {'query':<22} {'read as':<10} {'old finds':>9} {'new finds':>9} {'old ms':>9} {'new ms':>9} {'old/new':>8}"
    )
    for text, kind, n_old, n_new, t_old, t_new in rows:
        print(
            f"  {text:<22} {kind:<10} {n_old:>9,} {n_new:>9,} {t_old * 1000:>9.1f} {t_new * 1000:>9.1f}"
            f" {t_old / t_new:>7.1f}x"
        )
    print()
    total = Family.objects.count()
    print(f"Server time per search, every query {args.rounds} times ({vendor}, {total:,} families):")
    _summary(f"manager of every team ({readable.count():,} families readable)", old_times, new_times)
    team = Team.objects.order_by("name").first()
    assert team is not None
    worker, _ = User.objects.get_or_create(username="bench.worker", defaults={"staff_role": StaffRole.SOCIAL_WORKER})
    worker.teams.set([team])
    theirs = families_readable_by(worker)
    _, old_times, new_times = _measure(theirs, queries, args.rounds)
    _summary(f"social worker of one team ({theirs.count():,} families readable)", old_times, new_times)

    print()
    print("What each plan reads (EXPLAIN):")
    for text in queries:
        asked = search.read_query(text, today=TODAY)
        new_plan = search.matching_family_ids(readable, asked)[:25].explain()
        old_plan = _old_queryset(readable, text).explain()
        print(f"  {text}:")
        print(f"    new: {_plan_summary(new_plan)}")
        print(f"    old: {_plan_summary(old_plan)}")
        if args.plans:
            print("    new plan:\n      " + new_plan.replace("\n", "\n      "))


if __name__ == "__main__":
    main()
