"""Synthetic families, import and export of case files."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from spotlight.clock import local_today

if TYPE_CHECKING:
    pass

from spotlight.cli.common import _count_lines, _django, _open_input, _progress, app, err, out


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
    without_map: Annotated[
        bool,
        typer.Option(
            "--without-map",
            help="Write each family as another case system would export it: notes and contact records, no pattern map.",
        ),
    ] = False,
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
                    notes_only=without_map,
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


def _import_lines(lines: Iterable[str | bytes], *, total: int | None) -> None:
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
    from spotlight.access import policy
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
        if not policy.may_export(reader):
            err.print(
                f"[red]{user} is {reader.get_staff_role_display().lower()}: "
                "that role cannot take case files away.[/red]"
            )
            raise typer.Exit(2)
        families = families_readable_by(reader)
    else:
        families = Family.objects.visible()
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
