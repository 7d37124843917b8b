"""What the access log's hash chain costs a page view, measured side by side in one run.

    .venv/bin/python bench/access_log_chain.py [--rows 3000] [--views 200]

In a fresh SQLite database (a temporary SPOTLIGHT_VAR_DIR), with 40 synthetic families loaded:
1. writes the same access-log rows two ways, alternating: chained (`access_log_write`: read the last
   digest, hash, insert, in one short transaction) and plain (an insert without the chain, as before
   the chain existed), and prints the median and 95th percentile of each and the difference;
2. times whole family-page views (each writes one chained row) for scale;
3. times `verify_chain` over every row written.
The script reports; it always exits 0. Pass DATABASE_URL to measure PostgreSQL instead.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _quantiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=3000)
    parser.add_argument("--views", type=int, default=200)
    args = parser.parse_args()

    os.environ["SPOTLIGHT_VAR_DIR"] = tempfile.mkdtemp(prefix="spotlight-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spotlight.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from spotlight.access.log import access_log_write, verify_chain
    from spotlight.access.models import AccessAction, AccessLogEntry, StaffRole, Team, User
    from spotlight.cases.models import Family
    from spotlight.cli import load_synthetic
    from spotlight.clock import local_today

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    team = Team.objects.create(name="North")
    worker = User.objects.create_user(username="bench.worker", password="bench-password-1")
    worker.staff_role = StaffRole.SOCIAL_WORKER
    worker.save()
    worker.teams.set([team])
    load_synthetic(count=40, seed=2026, today=local_today(), teams=("North",), workers={})

    chained: list[float] = []
    plain: list[float] = []
    for i in range(args.rows):
        start = time.perf_counter()
        access_log_write(user=worker, action=AccessAction.VIEW, family_id=i % 40 + 1, what="family page")
        chained.append(time.perf_counter() - start)
        start = time.perf_counter()
        AccessLogEntry.objects.bulk_create(
            [AccessLogEntry(at=timezone.now(), user=worker, username="bench.worker", action="view", what="x")]
        )
        plain.append(time.perf_counter() - start)
    c50, c95 = _quantiles(chained)
    p50, p95 = _quantiles(plain)
    print(f"Access-log row, {args.rows} each, alternating ({settings.DATABASES['default']['ENGINE'].split('.')[-1]}):")
    print(f"  chained: median {c50 * 1000:.3f} ms, p95 {c95 * 1000:.3f} ms")
    print(f"  plain:   median {p50 * 1000:.3f} ms, p95 {p95 * 1000:.3f} ms")
    print(f"  the chain adds {(c50 - p50) * 1000:.3f} ms a row at the median (ratio {c50 / p50:.2f}x)")

    client = Client()
    client.force_login(worker)
    family = Family.objects.order_by("id").first()
    assert family is not None
    views = []
    for _ in range(args.views):
        start = time.perf_counter()
        client.get(f"/families/{family.pk}/")
        views.append(time.perf_counter() - start)
    v50, v95 = _quantiles(views)
    print(f"Family page view (one chained row each), {args.views} views:")
    print(f"  median {v50 * 1000:.1f} ms, p95 {v95 * 1000:.1f} ms")
    print(f"  so the chain is {(c50 - p50) / v50 * 100:.1f}% of a page view at the median")

    total = AccessLogEntry.objects.count()
    start = time.perf_counter()
    report = verify_chain()
    took = time.perf_counter() - start
    print(
        f"verify_chain over {total} rows: {took:.2f} s ({report.rows} chained rows checked; the plain rows break it:"
        f" {'intact' if report.intact else 'broken at row ' + str(report.broken_at)})"
    )


if __name__ == "__main__":
    main()
