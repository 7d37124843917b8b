"""How long signing in takes with both steps, measured side by side in one run.

    .venv/bin/python bench/sign_in.py [--people 20]

In a fresh SQLite database (a temporary SPOTLIGHT_VAR_DIR), with Spotlight's own password hashing
(Argon2), makes N accounts with an authenticator app each, then for each one times, through Django's
test client (the whole request, middleware and all): the password step (POST /sign-in/), the second
step (POST /sign-in/code/ with the app's current code), and the first page after (the caseload).
Prints the median and the slowest of each, and the second step as a share of the whole.
The script reports; it always exits 0.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=20)
    args = parser.parse_args()

    os.environ["SPOTLIGHT_VAR_DIR"] = tempfile.mkdtemp(prefix="spotlight-bench-")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spotlight.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from spotlight.access.models import StaffRole, Team, User
    from spotlight.access.second_factor import authenticator_for_demo, current_code

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    team = Team.objects.create(name="North")
    password = "the orange kettle sings"
    people = []
    for i in range(args.people):
        user = User.objects.create_user(username=f"worker{i}", password=password, staff_role=StaffRole.SOCIAL_WORKER)
        user.teams.set([team])
        people.append((user, authenticator_for_demo(user)))
    print(f"Password hashing: {settings.PASSWORD_HASHERS[0].rsplit('.', 1)[-1]}; {args.people} people")

    steps: dict[str, list[float]] = {"password": [], "second factor": [], "first page": []}
    for user, device in people:
        client = Client()
        start = time.perf_counter()
        first = client.post("/sign-in/", {"username": user.username, "password": password})
        steps["password"].append(time.perf_counter() - start)
        assert first.status_code == 302, first.status_code
        start = time.perf_counter()
        second = client.post("/sign-in/code/", {"code": current_code(device), "next": "/"})
        steps["second factor"].append(time.perf_counter() - start)
        assert second.status_code == 302 and second["Location"] == "/", second.status_code
        start = time.perf_counter()
        page = client.get("/")
        steps["first page"].append(time.perf_counter() - start)
        assert page.status_code == 200, page.status_code
    for name, times in steps.items():
        print(f"  {name:14} median {statistics.median(times) * 1000:7.1f} ms, slowest {max(times) * 1000:7.1f} ms")
    password_step, second_step = statistics.median(steps["password"]), statistics.median(steps["second factor"])
    whole = password_step + second_step
    print(
        f"Signing in with both steps: {whole * 1000:.1f} ms at the median; the second step is "
        f"{second_step / whole * 100:.0f}% of it (ratio to the password step {second_step / password_step:.2f}x)"
    )


if __name__ == "__main__":
    main()
