"""How long setting up an audit round takes in Spotlight, per file, at two sizes side by side.

    .venv/bin/python bench/audit_round.py [--families 400] [--sizes 30,300]

Loads N synthetic families into a fresh SQLite database (a temporary SPOTLIGHT_VAR_DIR), then
times `audit_round_create` (sampling through the read gate, counting each file's evidence from
the database, suggesting a rating per question, creating grants and ratings) for each round
size, and prints seconds, milliseconds per file and the ratio between the sizes. Setting up a
round runs in the web request, so this is what a manager waits for after "Draw the sample".
The script reports; it always exits 0.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=400)
    parser.add_argument("--sizes", default="30,300")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    os.environ["SPOTLIGHT_VAR_DIR"] = tempfile.mkdtemp(prefix="spotlight-bench-")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spotlight.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from spotlight.access.models import StaffRole, Team, User
    from spotlight.audit import services
    from spotlight.cli import load_synthetic
    from spotlight.clock import local_today

    call_command("migrate", verbosity=0)
    team = Team.objects.create(name="North")
    lead = User.objects.create_user(username="lead", staff_role=StaffRole.DA_SPECIALIST)
    lead.teams.set([team])
    auditors = [User.objects.create_user(username=f"auditor{i}", staff_role=StaffRole.AUDITOR) for i in range(3)]
    start = time.perf_counter()
    load_synthetic(count=args.families, seed=2026, today=local_today(), teams=("North",), workers={})
    print(f"Loaded {args.families} synthetic families in {time.perf_counter() - start:.1f} s")

    per_file: dict[int, float] = {}
    for size in sizes:
        request = services.RoundRequest(
            name=f"Bench round of {size}", sample_size=size, seed=size, by_team=False, auditors=auditors
        )
        start = time.perf_counter()
        audit_round = services.audit_round_create(user=lead, request=request)
        seconds = time.perf_counter() - start
        files = audit_round.assignments.count()
        per_file[size] = seconds / files * 1000
        print(f"Round of {files:4d} files: {seconds:6.2f} s, {per_file[size]:5.1f} ms per file")
    if len(sizes) == 2:
        small, large = sizes
        print(f"Per-file time, {large} files against {small}: {per_file[large] / per_file[small]:.2f}x (flat is 1.0)")


if __name__ == "__main__":
    main()
