"""`spotlight`: the one command-line entry point (set-up, demo, synthetic data, import, export).

Django management commands stay reachable underneath: `spotlight manage <command>`.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from spotlight.clock import local_today

if TYPE_CHECKING:
    from spotlight.audit.domain.instrument import Instrument
    from spotlight.audit.domain.results import RoundComparison, RoundRating
    from spotlight.casefile.format import FamilyRecord

app = typer.Typer(
    help="Spotlight: keep the spotlight on the person causing harm.", no_args_is_help=True, add_completion=False
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

#: The demo social worker carries about thirty families; the specialist holds fewer.
DEMO_WORKERS = {"North": ["sw.demo", "sw.demo", "idva.demo"], "South": ["sw.south"]}
DEMO_PASSWORD = "spotlight-demo"  # noqa: S105  # synthetic demo accounts only, printed on purpose


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spotlight.settings")
    import django

    django.setup()


def _progress(total: int | None, label: str) -> Progress:
    return Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
        disable=not err.is_terminal,
    )


def _open_input(path: str) -> TextIO:
    if path == "-":
        return sys.stdin
    try:
        return Path(path).open(encoding="utf-8")
    except OSError as exc:
        err.print(f"[red]Cannot read {path}: {exc.strerror}[/red]")
        raise typer.Exit(2) from exc


def _count_lines(path: str) -> int | None:
    if path == "-":
        return None
    with Path(path).open("rb") as fh:
        return sum(1 for line in fh if line.strip())


@app.command()
def synth(
    families: Annotated[int, typer.Option(help="How many families (10 to 100,000).", min=1, max=100_000)] = 40,
    seed: Annotated[int, typer.Option(help="Same seed, same families.")] = 1,
    out_path: Annotated[Path | None, typer.Option("--out", help="Write a case file (JSON Lines) here.")] = None,
    truth: Annotated[
        Path | None, typer.Option(help="Also write what the generator knows of each family's practice quality.")
    ] = None,
    load: Annotated[bool, typer.Option(help="Load the families into Spotlight's database.")] = False,
    today: Annotated[str | None, typer.Option(help="Date to generate relative to (YYYY-MM-DD); default today.")] = None,
    practice: Annotated[
        str | None,
        typer.Option(
            help="Share of families at each practice level, in percent, as level=percent pairs joined by "
            "commas (levels: accountable, mixed, blaming; a level left out gets 0), for example "
            "--practice accountable=70,mixed=25,blaming=5. Default: 35, 40 and 25."
        ),
    ] = None,
) -> None:
    """Make synthetic families and notes of varied practice quality. Never real people."""
    from spotlight.family.synth import DEFAULT_TEAMS, PRACTICE_WEIGHTS, write_synthetic_file

    day = dt.date.fromisoformat(today) if today else local_today()
    weights = PRACTICE_WEIGHTS
    if practice is not None:
        try:
            weights = practice_weights_from_text(practice)
        except ValueError as exc:
            err.print(f"--practice {practice}: {exc}", markup=False, highlight=False)
            raise typer.Exit(2) from exc
    if out_path is None and not load:
        err.print("[red]Say where the families go: --out FILE, --load, or both.[/red]")
        raise typer.Exit(2)
    if out_path is not None:
        truth_fh = truth.open("w", encoding="utf-8") if truth else None
        try:
            with _progress(families, "Writing families") as bar:
                task = bar.add_task("synth", total=families)
                count = write_synthetic_file(
                    out_path,
                    count=families,
                    seed=seed,
                    today=day,
                    truth_out=truth_fh,
                    progress=lambda n: bar.advance(task, n),
                    practice_weights=weights,
                )
        finally:
            if truth_fh:
                truth_fh.close()
        out.print(f"Wrote {count} synthetic families to {out_path}")
    if load:
        _django()
        load_synthetic(
            count=families,
            seed=seed,
            today=day,
            teams=DEFAULT_TEAMS,
            workers=_workers_by_team(),
            practice_weights=weights,
        )


def practice_weights_from_text(text: str) -> tuple[int, ...]:
    """Parses `accountable=70,mixed=25,blaming=5` into weights in PRACTICE_LEVELS order.

    A level left out gets 0. Raises ValueError, in words a user can act on, for an unknown
    level, a level given twice, a number that is not a whole number or is negative, or all zero.
    """
    from spotlight.family.synth import PRACTICE_LEVELS

    levels = ", ".join(PRACTICE_LEVELS)
    given: dict[str, int] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        level, sep, number = (piece.strip() for piece in part.partition("="))
        if not sep:
            raise ValueError(f"write each level as level=percent, for example accountable=70 (not {part.strip()!r})")
        if level not in PRACTICE_LEVELS:
            raise ValueError(f"{level!r} is not a practice level; the levels are {levels}")
        if level in given:
            raise ValueError(f"{level} is given twice")
        try:
            value = int(number)
        except ValueError:
            raise ValueError(f"{level}={number}: the percentage must be a whole number") from None
        if value < 0:
            raise ValueError(f"{level}={number}: a percentage cannot be negative")
        given[level] = value
    if not any(given.values()):
        raise ValueError(f"at least one level needs a percentage above 0 (the levels are {levels})")
    return tuple(given.get(level, 0) for level in PRACTICE_LEVELS)


def load_synthetic(
    *,
    count: int,
    seed: int,
    today: dt.date,
    teams: Sequence[str],
    workers: Mapping[str, Sequence[str]],
    practice_weights: Sequence[int] | None = None,
) -> None:
    """Generates families and imports them through the same all-or-nothing path as a file."""
    from spotlight.casefile.format import dump_family
    from spotlight.family.synth import PRACTICE_WEIGHTS, generate_families

    weights = PRACTICE_WEIGHTS if practice_weights is None else practice_weights

    def lines() -> Iterator[str]:
        for family in generate_families(
            count=count, seed=seed, today=today, teams=teams, workers=workers, practice_weights=weights
        ):
            yield dump_family(family.record)

    _import_lines(lines(), total=count)


def _workers_by_team() -> dict[str, list[str]]:
    from spotlight.access.models import StaffRole, User

    workers: dict[str, list[str]] = {}
    for user in User.objects.filter(staff_role__in=[StaffRole.SOCIAL_WORKER, StaffRole.DA_SPECIALIST]).prefetch_related(
        "teams"
    ):
        for team in user.teams.all():
            workers.setdefault(team.name, []).append(user.username)
    return workers


def _import_lines(lines: Iterator[str] | TextIO, *, total: int | None) -> None:
    from spotlight.casefile.database import import_case_file
    from spotlight.casefile.format import CaseFileInvalid

    try:
        with _progress(total, "Importing families") as bar:
            task = bar.add_task("import", total=total)
            result = import_case_file(lines, progress=lambda n: bar.advance(task, n))
    except CaseFileInvalid as exc:
        plural = "s" if len(exc.errors) != 1 else ""
        err.print(f"[red]Nothing was imported: the file has {len(exc.errors)} problem{plural}.[/red]")
        for problem in exc.errors:
            err.print(f"  {problem}", markup=False, highlight=False)
        raise typer.Exit(2) from exc
    out.print(
        f"Imported {result.families} families: {result.people} people, {result.notes} case notes, "
        f"{result.contact_attempts} contact attempts."
    )
    if result.unknown_workers:
        names = ", ".join(sorted(result.unknown_workers))
        out.print(f"Not allocated (no such user in Spotlight): {names}. Allocate these families in Spotlight.")


@app.command("import")
def import_(path: Annotated[str, typer.Argument(help="Case file (JSON Lines), or - for standard input.")]) -> None:
    """Import a case file, all or nothing: any bad line is reported and nothing is written."""
    _django()
    with _open_input(path) as fh:
        _import_lines(fh, total=_count_lines(path))


@app.command()
def export(
    out_path: Annotated[Path | None, typer.Option("--out", help="Write here instead of standard output.")] = None,
    user: Annotated[str | None, typer.Option(help="Export what this user may read (through the read gate).")] = None,
    everything: Annotated[
        bool, typer.Option("--all", help="Export every family (an operator's migration export).")
    ] = False,
) -> None:
    """Export families as a case file (JSON Lines). Sealed details are never exported."""
    _django()
    from spotlight.access.models import User
    from spotlight.casefile.database import export_families
    from spotlight.cases.gate import families_readable_by
    from spotlight.cases.models import Family

    if (user is None) == (not everything):
        err.print("[red]Say whose view to export: --user USERNAME, or --all for every family.[/red]")
        raise typer.Exit(2)
    reader: User | None = None
    if user is not None:
        reader = User.objects.filter(username=user).first()
        if reader is None:
            err.print(f"[red]No user called {user!r}.[/red]")
            raise typer.Exit(2)
        families = families_readable_by(reader)
    else:
        families = Family.objects.all()
    total = families.count()
    fh = out_path.open("w", encoding="utf-8") if out_path else sys.stdout
    try:
        with _progress(total, "Exporting families") as bar:
            task = bar.add_task("export", total=total)
            count = export_families(families, fh, user=reader, progress=lambda n: bar.advance(task, n))
    finally:
        if out_path:
            fh.close()
    err.print(f"Exported {count} families" + (f" to {out_path}" if out_path else ""))


@app.command("create-administrator")
def create_administrator(
    username: Annotated[str, typer.Argument(help="The new administrator's user name.")],
    first_name: Annotated[str, typer.Option(help="Her first name.")] = "",
    last_name: Annotated[str, typer.Option(help="Her last name.")] = "",
) -> None:
    """An administrator account: manages staff and teams, reads no case content. Spotlight has no
    superusers; this is how the first administrator is made. The password is asked for twice (or read
    from standard input when it is not a terminal)."""
    _django()
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from spotlight.access.models import User
    from spotlight.access.staff import administrator_create

    if User.objects.filter(username=username).exists():
        err.print(f"[red]There is already an account called {username!r}.[/red]")
        raise typer.Exit(2)
    if sys.stdin.isatty():
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\n")
    candidate = User(username=username, first_name=first_name, last_name=last_name)
    try:
        validate_password(password, candidate)
        account = administrator_create(username=username, password=password, first_name=first_name, last_name=last_name)
    except ValidationError as exc:
        for message in exc.messages:
            err.print(f"[red]{message}[/red]", highlight=False)
        raise typer.Exit(2) from exc
    out.print(f"Administrator {account.username} created. Sign in at /sign-in/ to manage staff and teams.")


@app.command("verify-log")
def verify_log() -> None:
    """Proves the access log's hash chain from its first row to its last, or names the first row where
    it breaks (a row removed, the log emptied, a row changed). Exit 0 when intact, 1 when broken."""
    _django()
    from spotlight.access.log import verify_chain

    with err.status("Checking the access log's chain"):
        report = verify_chain()
    if report.intact:
        out.print(f"The access log is intact: {report.rows} rows, each chained to the one before.")
        return
    err.print(
        f"[red]The access log is broken at row {report.broken_at}[/red] ({report.rows} rows checked): {report.reason}.",
        highlight=False,
    )
    raise typer.Exit(1)


@app.command("grant-app-role")
def grant_app_role(
    role: Annotated[str, typer.Argument(help="The PostgreSQL role the application connects as.")],
) -> None:
    """On PostgreSQL, as the database's owner: give the application's role what it needs, with the
    access log only to add to (never UPDATE, DELETE or TRUNCATE). Run it again after every migrate."""
    _django()
    from spotlight.access import database_roles

    try:
        ran = database_roles.grant_app_role(role)
    except (database_roles.NotPostgreSQL, ValueError) as exc:
        err.print(f"[red]{exc}[/red]", highlight=False)
        raise typer.Exit(2) from exc
    for statement in ran:
        out.print(statement + ";", markup=False, highlight=False)


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
    ]


def _ensure_demo_users() -> None:
    """The demo's accounts, one per role. None is a superuser: the administrator manages staff and
    teams and reads no case content, like every administrator."""
    from spotlight.access.models import Team, User
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
    table = Table(title="Demo logins (synthetic data only)")
    for column in ("Username", "Password", "Role", "Can see"):
        table.add_column(column)
    can_see = {
        "social_worker": "families allocated to her and her team",
        "da_specialist": "her team's families, and sealed details",
        "team_manager": "her team's families",
        "auditor": "only the files given to them in an audit round, read-only",
        "administrator": "users and teams, no case content",
    }
    for username, _first, _last, role, teams, _sealed in _demo_accounts():
        label = role.replace("_", " ").replace("da ", "domestic abuse ")
        table.add_row(username, DEMO_PASSWORD, label + (f" ({', '.join(teams)})" if teams else ""), can_see[role])
    out.print(table)


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
        _load_demo_audits(seed)
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


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def manage(ctx: typer.Context) -> None:
    """Run a Django management command, for example `spotlight manage migrate`."""
    _django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["spotlight manage", *ctx.args])


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True, "help_option_names": []},
    add_help_option=False,
)
def review(ctx: typer.Context) -> None:
    """Review notes for wording that blames the adult survivor or hides who did what (see: spotlight review --help)."""
    from spotlight.language.review_cli import main as review_main

    raise typer.Exit(review_main(list(ctx.args)))


audit_app = typer.Typer(
    help="Case-file audits on a case-file export: sample families, suggest ratings with their evidence, "
    "compare two rounds.",
    no_args_is_help=True,
)
app.add_typer(audit_app, name="audit")

AUDIT_COLUMNS = ("family_ref", "team", "domain", "item", "suggested_rating", "reasons", "auditor_rating", "auditor")


def _read_families(path: str, total: int | None, label: str) -> Iterator[FamilyRecord]:
    """Streams valid families with a progress bar on stderr; a bad line exits 2, naming it."""
    from spotlight.casefile.format import CaseFileInvalid, iter_valid_families

    with _open_input(path) as fh, _progress(total, label) as bar:
        task = bar.add_task("read", total=total)
        try:
            for _number, record in iter_valid_families(fh):
                yield record
                bar.advance(task)
        except CaseFileInvalid as exc:
            bar.stop()
            err.print(f"[red]{path} is not a valid case file; stopped at the first bad line.[/red]")
            for problem in exc.errors:
                err.print(f"  {problem}", markup=False, highlight=False)
            raise typer.Exit(2) from exc


def _read_sample(path: Path) -> set[str]:
    """Family references, one per line (as `spotlight audit sample` prints them); # starts a comment."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        err.print(f"[red]Cannot read the sample file {path}: {exc}[/red]")
        raise typer.Exit(2) from exc
    refs = {line.split("#", 1)[0].strip() for line in text.splitlines()}
    refs.discard("")
    if not refs:
        err.print(f"[red]The sample file {path} holds no family references.[/red]")
        raise typer.Exit(2)
    return refs


@audit_app.command("suggest")
def audit_suggest(
    path: Annotated[str, typer.Argument(help="Case-file export (JSON Lines), or - for standard input.")],
    out_json: Annotated[Path | None, typer.Option("--out-json", help="Write the suggestions as JSON here.")] = None,
    out_csv: Annotated[Path | None, typer.Option("--out-csv", help="Write the suggestions as CSV here.")] = None,
    sample: Annotated[
        Path | None,
        typer.Option("--sample", help="Only these families: a file of references, one per line (audit sample)."),
    ] = None,
) -> None:
    """Suggested ratings for every family and item of the audit instrument, with the evidence behind each.

    One row per family and item: family_ref, team, domain, item, suggested_rating, reasons, and
    empty auditor_rating and auditor columns for the auditors to fill in (a round file for
    `spotlight audit compare`). With neither --out-json nor --out-csv, the CSV goes to standard
    output. Files are written in full or not at all: a bad line in the export, or a reference in
    --sample that the export does not hold, leaves them untouched and exits 2.
    """
    import csv
    import json

    targets = [p for p in (out_json, out_csv) if p is not None]
    temps = {p: p.with_name(p.name + ".part") for p in targets}
    json_fh = temps[out_json].open("w", encoding="utf-8", newline="\n") if out_json else None
    csv_fh: TextIO | None = temps[out_csv].open("w", encoding="utf-8", newline="") if out_csv else None
    if not targets:
        csv_fh = sys.stdout
    writer = csv.writer(csv_fh, lineterminator="\n") if csv_fh else None
    if writer:
        writer.writerow(AUDIT_COLUMNS)
    if json_fh:
        json_fh.write("[")
    rows = 0
    families: set[str] = set()
    try:
        for row in _suggestion_rows(path, sample):
            families.add(str(row["family_ref"]))
            if writer:
                writer.writerow(
                    (*(row[k] for k in AUDIT_COLUMNS[:5]), " ".join(row["reasons"]), "", "")  # type: ignore[arg-type]
                )
            if json_fh:
                json_fh.write(("," if rows else "") + "\n" + json.dumps(row, ensure_ascii=False))
            rows += 1
        if json_fh:
            json_fh.write("\n]\n")
    except BaseException:
        _close_files((json_fh, csv_fh))
        for temp in temps.values():
            temp.unlink(missing_ok=True)
        raise
    _close_files((json_fh, csv_fh))
    for final, temp in temps.items():
        temp.replace(final)
    where = " to " + ", ".join(str(p) for p in targets) if targets else ""
    err.print(f"Suggested {rows} ratings for {len(families)} families{where}.")


def _close_files(files: Iterable[TextIO | None]) -> None:
    for fh in files:
        if fh is not None and fh is not sys.stdout:
            fh.close()


def _suggestion_rows(path: str, sample: Path | None) -> Iterator[dict[str, object]]:
    """One row per family (or sampled family) and item, in the round-file format's columns; exits 2
    when the sample names a family the export does not hold."""
    from spotlight.audit.domain.evidence import evidence_from_record
    from spotlight.audit.domain.instrument import default_instrument
    from spotlight.audit.domain.suggest import suggest_all

    instrument = default_instrument()
    domain_of = {item.id: domain.id for domain, item in instrument.items()}
    wanted = _read_sample(sample) if sample is not None else None
    found: set[str] = set()
    for record in _read_families(path, _count_lines(path), "Suggesting ratings"):
        if wanted is not None:
            if record.id not in wanted:
                continue
            found.add(record.id)
        for item_id, s in suggest_all(instrument, evidence_from_record(record)).items():
            yield {
                "family_ref": record.id,
                "team": record.team,
                "domain": domain_of[item_id],
                "item": item_id,
                "suggested_rating": s.rating,
                "reasons": list(s.reasons),
                "auditor_rating": None,
                "auditor": "",
            }
    if wanted is not None and (missing := sorted(wanted - found)):
        shown = ", ".join(missing[:20]) + (f" and {len(missing) - 20} more" if len(missing) > 20 else "")
        err.print(f"[red]{sample} names families the export does not hold: {shown}. Nothing was written.[/red]")
        raise typer.Exit(2)


@audit_app.command("sample")
def audit_sample(
    path: Annotated[str, typer.Argument(help="Case-file export (JSON Lines), or - for standard input.")],
    size: Annotated[int, typer.Option(help="How many families to sample.", min=1)],
    seed: Annotated[int, typer.Option(help="Same seed and export, same sample.")],
    by_team: Annotated[bool, typer.Option("--by-team", help="Stratify by team, in proportion to team size.")] = False,
) -> None:
    """A reproducible random sample of families for an audit round: one family reference per line."""
    from collections import Counter

    from spotlight.audit.domain.sampling import sample_families

    population = [(r.id, r.team) for r in _read_families(path, _count_lines(path), "Reading families")]
    chosen = sample_families(population, size=size, seed=seed, by_team=by_team)
    for ref, _team in chosen:
        out.print(ref, markup=False, highlight=False)
    summary = f"Sampled {len(chosen)} of {len(population)} families (seed {seed})"
    if len(chosen) < size:
        summary += f"; the export has fewer than {size}, so every family is in the sample"
    if by_team:
        counts = Counter(team for _ref, team in chosen)
        summary += "; by team: " + ", ".join(f"{team} {n}" for team, n in sorted(counts.items()))
    err.print(summary + ".", markup=False, highlight=False)


def _write_all_or_nothing(contents: Mapping[Path, str]) -> None:
    """Writes each file through a .part file beside it, and renames them only when all are written."""
    temps = {path: path.with_name(path.name + ".part") for path in contents}
    try:
        for path, text in contents.items():
            with temps[path].open("w", encoding="utf-8", newline="") as fh:
                fh.write(text)
    except BaseException:
        for temp in temps.values():
            temp.unlink(missing_ok=True)
        raise
    for path, temp in temps.items():
        temp.replace(path)


@audit_app.command("compare")
def audit_compare(
    round_a: Annotated[Path, typer.Argument(help="The first (earlier) round: a round file, CSV or JSON.")],
    round_b: Annotated[Path, typer.Argument(help="The second (later) round: a round file, CSV or JSON.")],
    name_a: Annotated[str | None, typer.Option("--name-a", help="Name of the first round in the report.")] = None,
    name_b: Annotated[str | None, typer.Option("--name-b", help="Name of the second round in the report.")] = None,
    out_json: Annotated[Path | None, typer.Option("--json", help="Write the full results as JSON here.")] = None,
    out_html: Annotated[Path | None, typer.Option("--html", help="Write a printable HTML report here.")] = None,
    out_csv: Annotated[
        Path | None, typer.Option("--csv", help="Write one row per domain and item as CSV here.")
    ] = None,
    confidence: Annotated[
        float,
        typer.Option(
            help="Confidence level for the intervals; 1 - confidence is the threshold for p.", min=0.5, max=0.999
        ),
    ] = 0.95,
) -> None:
    """Compare two audit rounds item by item and domain by domain: did practice change?

    A round file is what `spotlight audit suggest` writes, with optional auditor_rating and
    auditor columns filled in by the auditors (the auditor's rating is used where given, else the
    suggestion). Prints a table; --json, --html and --csv write files, all of them or none. A
    round file with mistakes exits 2 and names every one.
    """
    from spotlight.audit.domain.instrument import default_instrument
    from spotlight.audit.domain.results import compare_round_ratings

    instrument = default_instrument()
    before, after = _read_rounds(round_a, round_b, instrument)
    if name_a is None or name_b is None:
        stems = (round_a.stem, round_b.stem) if round_a.stem != round_b.stem else (str(round_a), str(round_b))
        name_a = name_a if name_a is not None else stems[0]
        name_b = name_b if name_b is not None else stems[1]
    comparison = compare_round_ratings(instrument, before, after, confidence=confidence)
    _print_comparison(comparison, name_a, name_b, confidence)
    contents = _comparison_files(
        comparison, instrument, (name_a, before, round_a), (name_b, after, round_b), out_json, out_csv, out_html
    )
    if contents:
        try:
            _write_all_or_nothing(contents)
        except OSError as exc:
            where = str(exc.filename).removesuffix(".part")
            err.print(f"Nothing was written: {where}: {exc.strerror}", markup=False, highlight=False)
            raise typer.Exit(2) from exc
        err.print("Wrote " + ", ".join(str(p) for p in contents) + ".", markup=False, highlight=False)


def _read_rounds(round_a: Path, round_b: Path, instrument: Instrument) -> tuple[list[RoundRating], list[RoundRating]]:
    """Both round files, or exit 2 naming every mistake in either."""
    from spotlight.audit.domain.roundfile import RoundFileInvalid, read_round_file

    rounds: list[list[RoundRating]] = []
    failed = False
    for path in (round_a, round_b):
        try:
            rounds.append(read_round_file(path, instrument))
        except RoundFileInvalid as exc:
            failed = True
            err.print(str(exc), markup=False, highlight=False)
    if failed:
        err.print("Nothing was compared and no file was written.", markup=False, highlight=False)
        raise typer.Exit(2)
    return rounds[0], rounds[1]


def _print_comparison(comparison: RoundComparison, name_a: str, name_b: str, confidence: float) -> None:
    from rich.text import Text

    from spotlight.audit.domain.report import TABLE_HEADINGS, comparison_table

    table = Table(title=Text(f"{name_a} compared with {name_b}"), title_justify="left")
    for heading in TABLE_HEADINGS:
        if heading == "Item":
            table.add_column(heading, min_width=28, ratio=1)
        else:
            table.add_column(heading, justify="left" if heading == "Verdict" else "right", no_wrap=True)
    for row in comparison_table(comparison):
        style = "bold" if row.level == "domain" else None
        table.add_row(*(Text(cell) for cell in row[1:]), style=style)
    out.print(table)
    for sentence in comparison.summary(name_a, name_b):
        out.print(sentence, markup=False, highlight=False)
    out.print(
        f"Change is after minus before, with its {confidence * 100:g}% interval; p is the Mann-Whitney test; "
        "adjusted p allows for testing many items at once (Holm). The verdict rests on the adjusted p.",
        markup=False,
        highlight=False,
    )


def _comparison_files(
    comparison: RoundComparison,
    instrument: Instrument,
    first: tuple[str, list[RoundRating], Path],
    second: tuple[str, list[RoundRating], Path],
    out_json: Path | None,
    out_csv: Path | None,
    out_html: Path | None,
) -> dict[Path, str]:
    """The text of each file asked for (JSON, CSV, HTML report), with the agreement of each round."""
    import json

    from spotlight.audit.domain.report import comparison_csv, comparison_html
    from spotlight.audit.domain.results import auditor_agreement, suggestion_agreement

    agreements = []
    agreement_data: dict[str, dict[str, object]] = {}
    for key, (name, ratings, _path) in (("before", first), ("after", second)):
        by_suggestion = suggestion_agreement(instrument, ratings)
        by_auditors = auditor_agreement(instrument, ratings)
        agreement_data[key] = {"suggestion": by_suggestion.to_dict(), "auditors": by_auditors.to_dict()}
        agreements += [(name, a) for a in (by_suggestion, by_auditors) if a.overall.n]
    (name_a, _, round_a), (name_b, _, round_b) = first, second
    contents: dict[Path, str] = {}
    if out_json is not None:
        data = {
            "before_name": name_a,
            "after_name": name_b,
            "files": {"before": str(round_a), "after": str(round_b)},
            **comparison.to_dict(),
            "summary": comparison.summary(name_a, name_b),
            "agreement": agreement_data,
        }
        contents[out_json] = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if out_csv is not None:
        contents[out_csv] = comparison_csv(comparison)
    if out_html is not None:
        contents[out_html] = comparison_html(
            comparison, instrument, before_name=name_a, after_name=name_b, agreements=agreements
        )
    return contents


def main() -> None:
    app()


if __name__ == "__main__":
    main()
