"""`spotlight`: the one command-line entry point (set-up, demo, synthetic data, import, export).

Django management commands stay reachable underneath: `spotlight manage <command>`.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from spotlight.clock import local_today

if TYPE_CHECKING:
    from spotlight.cases.casefile import FamilyRecord

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
) -> None:
    """Make synthetic families and notes of varied practice quality. Never real people."""
    from spotlight.cases.synth import DEFAULT_TEAMS, write_synthetic_file

    day = dt.date.fromisoformat(today) if today else local_today()
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
                )
        finally:
            if truth_fh:
                truth_fh.close()
        out.print(f"Wrote {count} synthetic families to {out_path}")
    if load:
        _django()
        load_synthetic(count=families, seed=seed, today=day, teams=DEFAULT_TEAMS, workers=_workers_by_team())


def load_synthetic(
    *, count: int, seed: int, today: dt.date, teams: Sequence[str], workers: Mapping[str, Sequence[str]]
) -> None:
    """Generates families and imports them through the same all-or-nothing path as a file."""
    from spotlight.cases.casefile import dump_family
    from spotlight.cases.synth import generate_families

    def lines() -> Iterator[str]:
        for family in generate_families(count=count, seed=seed, today=today, teams=teams, workers=workers):
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
    from spotlight.cases.casefile import CaseFileInvalid
    from spotlight.cases.interchange import import_case_file

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
    from spotlight.access.selectors import families_readable_by
    from spotlight.cases.interchange import export_families
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


def _demo_accounts() -> list[tuple[str, str, str, str, list[str], bool]]:
    """username, first name, last name, role, teams, may see sealed details."""
    return [
        ("sw.demo", "Amira", "Haddad", "social_worker", ["North"], False),
        ("idva.demo", "Bethan", "Price", "da_specialist", ["North"], True),
        ("manager.demo", "Chloe", "Okafor", "team_manager", ["North"], False),
        ("auditor.demo", "Dana", "Whitfield", "auditor", [], False),
        ("admin.demo", "Eleri", "Morgan", "administrator", [], False),
        ("sw.south", "Fiona", "Mensah", "social_worker", ["South"], False),
    ]


def _ensure_demo_users() -> None:
    from django.contrib.auth.models import Permission

    from spotlight.access.models import StaffRole, Team, User

    sealed = Permission.objects.get(codename="view_sealed_details", content_type__app_label="access")
    for username, first, last, role, teams, may_see_sealed in _demo_accounts():
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "staff_role": role}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.is_staff = role == StaffRole.ADMINISTRATOR
            user.is_superuser = role == StaffRole.ADMINISTRATOR
            user.save()
            user.teams.set([Team.objects.get_or_create(name=t)[0] for t in teams])
            if may_see_sealed:
                user.user_permissions.add(sealed)


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


def _grant_demo_audit_sample() -> None:
    from spotlight.access.models import AuditGrant, User
    from spotlight.cases.models import Family

    auditor = User.objects.get(username="auditor.demo")
    if not AuditGrant.objects.filter(auditor=auditor).exists():
        for family in Family.objects.order_by("reference")[:: max(1, Family.objects.count() // 8)][:8]:
            AuditGrant.objects.create(auditor=auditor, family=family, sample="Demo sample")


def _print_logins() -> None:
    table = Table(title="Demo logins (synthetic data only)")
    for column in ("Username", "Password", "Role", "Can see"):
        table.add_column(column)
    can_see = {
        "social_worker": "families allocated to her and her team",
        "da_specialist": "her team's families, and sealed details",
        "team_manager": "her team's families",
        "auditor": "only the families in her audit sample, read-only",
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
        load_synthetic(count=families, seed=seed, today=local_today(), teams=("North", "South"), workers=DEMO_WORKERS)
        _seal_demo_details(seed)
    _grant_demo_audit_sample()
    _print_logins()
    if serve:
        from spotlight.reviews.services import archive_reviews_requeue_interrupted

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
    help="Case-file audits on a case-file export: sample families, suggest ratings with their evidence.",
    no_args_is_help=True,
)
app.add_typer(audit_app, name="audit")

AUDIT_COLUMNS = ("family_ref", "team", "domain", "item", "suggested_rating", "reasons")


def _read_families(path: str, total: int | None, label: str) -> Iterator[FamilyRecord]:
    """Streams valid families with a progress bar on stderr; a bad line exits 2, naming it."""
    from spotlight.cases.casefile import CaseFileInvalid, iter_valid_families

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


@audit_app.command("suggest")
def audit_suggest(
    path: Annotated[str, typer.Argument(help="Case-file export (JSON Lines), or - for standard input.")],
    out_json: Annotated[Path | None, typer.Option("--out-json", help="Write the suggestions as JSON here.")] = None,
    out_csv: Annotated[Path | None, typer.Option("--out-csv", help="Write the suggestions as CSV here.")] = None,
) -> None:
    """Suggested ratings for every family and item of the audit instrument, with the evidence behind each.

    One row per family and item: family_ref, team, domain, item, suggested_rating, reasons. With
    neither --out-json nor --out-csv, the CSV goes to standard output. Files are written in full
    or not at all: a bad line in the export leaves them untouched and exits 2.
    """
    import csv
    import json

    from spotlight.audit.evidence import evidence_from_record
    from spotlight.audit.instrument import default_instrument
    from spotlight.audit.suggest import suggest_all

    instrument = default_instrument()
    domain_of = {item.id: domain.id for domain, item in instrument.items()}
    targets = [p for p in (out_json, out_csv) if p is not None]
    temps = {p: p.with_name(p.name + ".part") for p in targets}
    json_fh: TextIO | None
    csv_fh: TextIO | None
    json_fh = temps[out_json].open("w", encoding="utf-8", newline="\n") if out_json else None
    csv_fh = temps[out_csv].open("w", encoding="utf-8", newline="") if out_csv else None
    if not targets:
        csv_fh = sys.stdout
    writer = csv.writer(csv_fh, lineterminator="\n") if csv_fh else None
    if writer:
        writer.writerow(AUDIT_COLUMNS)
    if json_fh:
        json_fh.write("[")
    families = rows = 0
    try:
        for record in _read_families(path, _count_lines(path), "Suggesting ratings"):
            evidence = evidence_from_record(record)
            families += 1
            for item_id, s in suggest_all(instrument, evidence).items():
                if writer:
                    writer.writerow(
                        (record.id, record.team, domain_of[item_id], item_id, s.rating, " ".join(s.reasons))
                    )
                if json_fh:
                    row = {
                        "family_ref": record.id,
                        "team": record.team,
                        "domain": domain_of[item_id],
                        "item": item_id,
                        "suggested_rating": s.rating,
                        "reasons": list(s.reasons),
                    }
                    json_fh.write(("," if rows else "") + "\n" + json.dumps(row, ensure_ascii=False))
                rows += 1
        if json_fh:
            json_fh.write("\n]\n")
    except BaseException:
        for fh in (json_fh, csv_fh):
            if fh is not None and fh is not sys.stdout:
                fh.close()
        for temp in temps.values():
            temp.unlink(missing_ok=True)
        raise
    for fh in (json_fh, csv_fh):
        if fh is not None and fh is not sys.stdout:
            fh.close()
    for final, temp in temps.items():
        temp.replace(final)
    where = " to " + ", ".join(str(p) for p in targets) if targets else ""
    err.print(f"Suggested {rows} ratings for {families} families{where}.")


@audit_app.command("sample")
def audit_sample(
    path: Annotated[str, typer.Argument(help="Case-file export (JSON Lines), or - for standard input.")],
    size: Annotated[int, typer.Option(help="How many families to sample.", min=1)],
    seed: Annotated[int, typer.Option(help="Same seed and export, same sample.")],
    by_team: Annotated[bool, typer.Option("--by-team", help="Stratify by team, in proportion to team size.")] = False,
) -> None:
    """A reproducible random sample of families for an audit round: one family reference per line."""
    from collections import Counter

    from spotlight.audit.sampling import sample_families

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


def main() -> None:
    app()


if __name__ == "__main__":
    main()
