"""The demo: its accounts (one per role), synthetic families, audit rounds, and serving it."""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from spotlight.clock import local_today

if TYPE_CHECKING:
    pass

from spotlight.cli.common import _django, app, err, out
from spotlight.cli.data import load_synthetic

#: The demo social worker carries about thirty families; the specialist holds fewer.
DEMO_WORKERS = {"North": ["sw.demo", "sw.demo", "idva.demo"], "South": ["sw.south"]}
DEMO_PASSWORD = "spotlight-demo"  # noqa: S105  # synthetic demo accounts only, printed on purpose


@app.command("demo-code")
def demo_code(
    username: Annotated[str, typer.Argument(help="A demo account (see the logins `make demo` prints).")],
) -> None:
    """The code a demo account's authenticator app would show now, for trying the demo without a phone.
    Refuses any account whose password is not the demo's printed one: never for real staff."""
    _django()
    from spotlight.access.models import User
    from spotlight.access.second_factor import confirmed_authenticator, current_code

    user = User.objects.filter(username=username).first()
    device = confirmed_authenticator(user) if user is not None else None
    if user is None or device is None or not user.check_password(DEMO_PASSWORD):
        err.print(f"[red]{username!r} is not one of the demo's accounts.[/red]", highlight=False)
        raise typer.Exit(2)
    out.print(current_code(device))


def _demo_accounts() -> list[tuple[str, str, str, str, list[str], bool]]:
    """username, first name, last name, role, teams, may see sealed details."""
    return [
        ("sw.demo", "Amira", "Haddad", "social_worker", ["North"], False),
        ("idva.demo", "Bethan", "Price", "da_specialist", ["North"], True),
        ("manager.demo", "Chloe", "Okafor", "team_manager", ["North"], False),
        ("auditor.demo", "Dana", "Whitfield", "auditor", [], False),
        ("auditor.two", "Imogen", "Clarke", "auditor", [], False),
        ("admin.demo", "Eleri", "Morgan", "administrator", [], False),
        ("sw.south", "Fiona", "Mensah", "social_worker", ["South"], False),
        ("police.demo", "Gwen", "Ellis", "agency_representative", [], False),
    ]


def _ensure_demo_users() -> None:
    """The demo's accounts, one per role. None is a superuser: the administrator manages staff and
    teams and reads no case content, like every administrator."""
    from spotlight.access.models import Team, User
    from spotlight.access.second_factor import authenticator_for_demo
    from spotlight.access.staff import staff_access_apply, staff_access_of

    for username, first, last, role, teams, may_see_sealed in _demo_accounts():
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "staff_role": role}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            before = staff_access_of(user)
            user.teams.set([Team.objects.get_or_create(name=t)[0] for t in teams])
            staff_access_apply(by=None, account=user, before=before, sealed=may_see_sealed)
        authenticator_for_demo(user)


def _seal_demo_details(seed: int) -> None:
    """Synthetic sealed details (invented addresses), so the permission to see them can be tried."""
    from faker import Faker

    from spotlight.access.models import SealedDetail
    from spotlight.cases.models import Person

    fake = Faker("en_GB")
    fake.seed_instance(seed)
    SealedDetail.objects.bulk_create(
        [
            SealedDetail(
                person=person,
                address=fake.address(),
                phone=fake.phone_number(),
                safe_contacts=f"Her {fake.random_element(['sister', 'friend', 'mother', 'aunt'])}, "
                f"{fake.first_name_female()}, on {fake.phone_number()}; only after 6 pm",
            )
            for person in Person.objects.filter(role="adult_survivor").order_by("id")
        ]
    )


def _load_demo_plans(seed: int) -> None:
    """Plan statuses for the children and a few tasks for each worker, so some visits are overdue."""
    from spotlight.family.demo_plans import load_demo_plans, load_demo_tasks

    with err.status("Giving the demo's children plan statuses"):
        load_demo_plans(today=local_today(), seed=seed)
        load_demo_tasks(today=local_today(), seed=seed)


def _load_demo_referrals(seed: int) -> None:
    """A fortnight of referrals at North's and South's front doors, half about families already held."""
    from spotlight.access.models import User
    from spotlight.family.demo_referrals import load_demo_referrals

    screeners = {"North": User.objects.get(username="sw.demo"), "South": User.objects.get(username="sw.south")}
    with err.status("Recording the demo's referrals at the front door"):
        load_demo_referrals(screeners=screeners, today=local_today(), seed=seed)


def _load_demo_marac(seed: int) -> None:
    """Plans on some families, a Marac held last month and one coming up with a police representative."""
    from spotlight.access.models import User
    from spotlight.family.demo_marac import load_demo_marac

    with err.status("Writing the demo's plans and Marac meetings"):
        load_demo_marac(
            coordinator=User.objects.get(username="idva.demo"),
            representative=User.objects.get(username="police.demo"),
            today=local_today(),
            seed=seed,
        )


def _load_demo_audits(seed: int) -> None:
    """Two rated audit rounds, before and after training, and one waiting for auditor.demo."""
    from spotlight.access.models import User
    from spotlight.family.demo_audits import load_demo_audits

    today = local_today()
    auditors = [User.objects.get(username="auditor.demo"), User.objects.get(username="auditor.two")]
    with err.status("Setting up the demo's case-file audits"):
        load_demo_audits(
            lead=User.objects.get(username="idva.demo"),
            auditors=auditors,
            before=(today - dt.timedelta(days=330), today - dt.timedelta(days=120)),
            after=(today - dt.timedelta(days=90), today),
            seed=seed,
        )


def _print_logins() -> None:
    from spotlight.access.models import User
    from spotlight.access.second_factor import confirmed_authenticator, key_text

    table = Table(title="Demo logins (synthetic data only)")
    for column in ("Username", "Password", "Authenticator key", "Role", "Can see"):
        table.add_column(column, no_wrap=column in ("Username", "Password"))
    can_see = {
        "social_worker": "families allocated to her and her team",
        "da_specialist": "her team's families, and sealed details",
        "team_manager": "her team's families",
        "auditor": "only the files given to them in an audit round, read-only",
        "administrator": "users and teams, no case content",
        "agency_representative": "the cases on her Marac meetings' agendas, until each is closed",
    }
    for username, _first, _last, role, teams, _sealed in _demo_accounts():
        label = role.replace("_", " ").replace("da ", "domestic abuse ")
        device = confirmed_authenticator(User.objects.get(username=username))
        key = key_text(device) if device else "(added at first sign-in)"
        table.add_row(username, DEMO_PASSWORD, key, label + (f" ({', '.join(teams)})" if teams else ""), can_see[role])
    out.print(table)
    out.print(
        "Every account signs in with a second step: add its authenticator key to an authenticator app, "
        "or run `.venv/bin/spotlight demo-code USERNAME` for the code a demo account's app would show now."
    )


@app.command()
def demo(
    port: Annotated[int, typer.Option(envvar="PORT", help="Port to serve on (127.0.0.1).")] = 8000,
    families: Annotated[int, typer.Option(help="Synthetic families to load on first run.")] = 90,
    seed: Annotated[int, typer.Option(help="Seed for the synthetic families.")] = 2026,
    serve: Annotated[bool, typer.Option(help="Serve after setting up.")] = True,
) -> None:
    """Set up a demo: migrate, load synthetic families, create one login per role, serve."""
    _django()
    from django.core.management import call_command

    from spotlight.cases.models import Family

    call_command("migrate", interactive=False, verbosity=0)
    _ensure_demo_users()
    if not Family.objects.exists():
        from spotlight.family.demo_audits import AFTER_TRAINING_PRACTICE, spread_opening_dates

        today = local_today()
        load_synthetic(count=families, seed=seed, today=today, teams=("North", "South"), workers=DEMO_WORKERS)
        spread_opening_dates(
            list(Family.objects.all()), today - dt.timedelta(days=330), today - dt.timedelta(days=120), seed
        )
        after_training = max(10, families * 2 // 3)
        load_synthetic(
            count=after_training,
            seed=seed + 1,
            today=today,
            teams=("North", "South"),
            workers=DEMO_WORKERS,
            practice_weights=AFTER_TRAINING_PRACTICE,
        )
        spread_opening_dates(
            list(Family.objects.filter(reference__startswith=f"SYN-{seed + 1}-")),
            today - dt.timedelta(days=90),
            today,
            seed + 1,
        )
        _seal_demo_details(seed)
        _load_demo_plans(seed)
        _load_demo_audits(seed)
        _load_demo_referrals(seed)
        _load_demo_marac(seed)
    _print_logins()
    if serve:
        from spotlight.reviews.tasks import archive_reviews_requeue_interrupted

        if resumed := archive_reviews_requeue_interrupted():
            out.print(f"Carrying on with {resumed} archive language review(s) stopped when the demo last stopped.")
        worker = start_task_worker()
        out.print(f"Spotlight is running on http://127.0.0.1:{port}/ (Ctrl+C stops it)")
        out.print(f"A background worker (process {worker.pid}) runs archive language reviews beside it.")
        try:
            _exit_cleanly_on(signal.SIGTERM, getattr(signal, "SIGHUP", signal.SIGTERM))
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
        finally:
            stop_task_worker(worker)


def _exit_cleanly_on(*signals: signal.Signals) -> None:
    """Turns these signals into SystemExit, so `finally` blocks run (and the demo's worker stops with it)."""

    def leave(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    for sig in signals:
        signal.signal(sig, leave)


def start_task_worker(env: Mapping[str, str] | None = None) -> subprocess.Popen[bytes]:
    """Starts the database task worker (`spotlight manage db_worker`) as a child process.

    It inherits this process's settings (DJANGO_SETTINGS_MODULE, DATABASE_URL, SPOTLIGHT_VAR_DIR)
    unless `env` says otherwise. Its log lines name tasks, never what they read.
    """
    command = [sys.executable, "-m", "spotlight.cli", "manage", "db_worker", "--no-reload", "--interval", "1"]
    return subprocess.Popen(command, env=dict(env) if env is not None else None)  # noqa: S603  # our own command


def stop_task_worker(worker: subprocess.Popen[bytes], *, timeout: float = 10) -> None:
    """Asks the worker to stop after its current task; kills it if it has not stopped within `timeout`."""
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
