"""Outcomes on a case-file export: `spotlight outcomes report` is the cohort report (the matched change from
intake to exit in each measure, for each respondent, and the share where each kind of abuse stopped) for the
whole service and, grouped, for each team or each programme of his referrals, over a range of intakes; as
plain text, or as JSON, CSV and a printable HTML page (spotlight/outcomes/domain/report.py)."""

from __future__ import annotations

import datetime as dt
import enum
import gc
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, BinaryIO

import typer
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from spotlight.cases.domain.casefile import CaseFileError, Identifier, Name, PersonRecord
from spotlight.cli.common import (
    LineRefused,
    _open_input,
    app,
    err,
    every_family_checked,
    may_hold,
    read_in_full,
    say_refused,
    write_all_or_nothing,
)
from spotlight.outcomes.domain.casefile import OutcomeRecordRecord, OutcomesPart, check_outcomes_part
from spotlight.pattern.domain.casefile import ProgrammeReferralRecord

if TYPE_CHECKING:
    from spotlight.outcomes.domain.measures import OutcomeMeasures
    from spotlight.outcomes.domain.report import Family, OutcomesReport

outcomes_app = typer.Typer(
    help="Outcomes on a case-file export: the cohort report of change from intake to exit.", no_args_is_help=True
)
app.add_typer(outcomes_app, name="outcomes")


class By(enum.StrEnum):
    TEAM = "team"
    PROGRAMME = "programme"


class _ForOutcomes(BaseModel):
    """The fields of a family's line that the report reads; the others are passed over."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: Identifier
    team: Name
    people: tuple[PersonRecord, ...] = Field(min_length=1)
    programme_referrals: tuple[ProgrammeReferralRecord, ...] = ()
    outcomes: tuple[OutcomeRecordRecord, ...] = ()


def read_for_outcomes(raw: bytes, *, first_line: bool, today: dt.date) -> _ForOutcomes | None:
    """The parts of one line the report reads, each checked as the case-file format checks it, with the
    outcomes part's own checks; None where they cannot be read or fail a check (the caller reads the line
    in full to name each problem). The other fields are not read: --check reads every line in full."""
    import json

    try:
        found = _ForOutcomes.model_validate(json.loads(raw.decode("utf-8-sig" if first_line else "utf-8")))
    except (ValueError, ValidationError, RecursionError):  # not UTF-8, not JSON, not a family
        return None
    problems: list[str] = []
    check_outcomes_part(
        OutcomesPart.model_construct(outcomes=found.outcomes),
        people={p.id: p for p in found.people},
        err=lambda field, message: problems.append(field),
        today=today,
    )
    return None if problems else found


def _families_with_outcomes(fh: BinaryIO, counts: dict[str, int], today: dt.date) -> Iterator[Family]:
    """Each family that may hold outcome records, read for the parts the report needs; a line that cannot be
    read so is read in full, for its problems. A family id used twice is refused on the later line."""
    seen: dict[str, int] = {}
    for number, raw in enumerate(fh, start=1):
        counts["lines"] += 1
        if not may_hold(raw, "outcomes"):
            continue
        found: Family | None = read_for_outcomes(raw, first_line=number == 1, today=today)
        if found is None:
            found = read_in_full(raw, number, today)
        if found.id in seen:
            message = f'family id "{found.id}" is already used on line {seen[found.id]}'
            raise LineRefused(number, [CaseFileError(number, "id", message)])
        seen[found.id] = number
        yield found


def _day(value: str | None, option: str, default: dt.date | None) -> dt.date | None:
    if value is None:
        return default
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        err.print(f"{option} {value}: not a day; write it as YYYY-MM-DD, for example 2026-03-31.", markup=False)
        raise typer.Exit(2) from None


def _measures() -> OutcomeMeasures:
    from spotlight.datafiles import DataFileInvalid
    from spotlight.outcomes.domain.measures import default_measures

    try:
        return default_measures()
    except DataFileInvalid as exc:
        err.print(str(exc), markup=False, highlight=False)
        raise typer.Exit(2) from exc


def _programme_words() -> dict[str, str]:
    from spotlight.datafiles import DataFileInvalid
    from spotlight.pattern.domain.catalogue import default_catalogue

    try:
        return {p.id: p.label for p in default_catalogue().programmes}
    except DataFileInvalid as exc:
        err.print(str(exc), markup=False, highlight=False)
        raise typer.Exit(2) from exc


@outcomes_app.command("report")
def outcomes_report(
    path: Annotated[str, typer.Argument(help="Case-file export (JSON Lines), or - for standard input.")],
    start: Annotated[
        str | None,
        typer.Option("--from", help="Families with an intake on or after this day (YYYY-MM-DD); default: any."),
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="...and on or before this day (YYYY-MM-DD); default today.")
    ] = None,
    by: Annotated[
        By | None,
        typer.Option(
            "--by",
            help="Also a report for each team, or for each programme of his first programme referral on the map "
            "(families with none: 'No programme referral').",
        ),
    ] = None,
    out_html: Annotated[Path | None, typer.Option("--html", help="Write a printable HTML report here.")] = None,
    out_json: Annotated[Path | None, typer.Option("--json", help="Write the report as JSON here.")] = None,
    out_csv: Annotated[
        Path | None, typer.Option("--csv", help="Write a row per measure and respondent, then per kind of abuse.")
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Check every family in full, as `spotlight import` does (slower).")
    ] = False,
) -> None:
    """The cohort report of outcomes on an export: for the families with an intake in the range, the matched
    change from intake to exit in each measure, for each respondent (the adult survivor, each child, the
    worker, him), with its paired test and 95% interval, the families not ended counted beside each, and
    the share where each kind of abuse stopped; for the whole service and, with --by, for each group.

    Without --html, --json or --csv, prints the report in plain words; with them, writes those files, all of
    them or none. The export is read a line at a time (memory grows by a few bytes a matched answer, never
    with the notes). For speed, a family with no outcome records is passed over unread, and of the rest only
    the parts the report reads are read and checked (its id, team, people, his programme referrals and its
    outcomes); --check reads and checks every family in full. A line that cannot be read, or a bad date,
    stops the command naming it, exit status 2, and no file is written.
    """
    from spotlight.clock import local_today

    today = local_today()
    first, last = _day(start, "--from", None), _day(end, "--to", today)
    assert last is not None  # noqa: S101  # it has a default
    if first is not None and first > last:
        err.print(f"--from {first.isoformat()} is after --to {last.isoformat()}: nothing is in between.", markup=False)
        raise typer.Exit(2)
    measures = _measures()
    programmes = _programme_words() if by == By.PROGRAMME else {}
    gc.freeze()  # the modules loaded so far are never garbage: the collector need not look at them again
    counts = {"lines": 0, "families": 0}
    report = _tally(path, measures, first, last, by.value if by else "", programmes, check, today, counts)
    contents = _files(report, out_html, out_json, out_csv, today)
    if not contents:
        from spotlight.outcomes.domain.report import report_text

        sys.stdout.write(report_text(report))
    else:
        try:
            write_all_or_nothing(contents)
        except OSError as exc:
            where = str(exc.filename).removesuffix(".part")
            err.print(f"Nothing was written: {where}: {exc.strerror}", markup=False, highlight=False)
            raise typer.Exit(2) from exc
    wrote = f"; wrote {', '.join(str(p) for p in contents)}" if contents else ""
    err.print(
        f"{report.service.families:,} families with an intake in the range ({counts['families']:,} with outcome "
        f"records, of {counts['lines']:,} lines){wrote}.",
        markup=False,
        highlight=False,
    )


def _tally(
    path: str,
    measures: OutcomeMeasures,
    first: dt.date | None,
    last: dt.date,
    by: str,
    programmes: dict[str, str],
    check: bool,
    today: dt.date,
    counts: dict[str, int],
) -> OutcomesReport:
    """Reads the export a family at a time into the whole service's tally and its group's."""
    from dataclasses import replace

    from spotlight.outcomes.domain.cohort import CohortTally
    from spotlight.outcomes.domain.report import OutcomesReport, family_group, records_from_family

    service = CohortTally(measures, start=first or dt.date.min, end=last)
    groups: dict[str, CohortTally] = {}
    with _open_input(path) as fh:
        try:
            read = every_family_checked if check else _families_with_outcomes
            for family in read(fh, counts, today):
                if not family.outcomes:
                    continue
                counts["families"] += 1
                group = family_group(family, by, programmes)
                records = records_from_family(family, group)
                service.add(records)
                if by:
                    tally = groups.setdefault(group, CohortTally(measures, start=service.start, end=last))
                    tally.add(records)
        except LineRefused as refused:
            say_refused(path, refused, "No report was made and no file was written.")
            raise typer.Exit(2) from None

    since = first or service.first_intake or last
    reports = [replace(t.report(group=g), start=since) for g, t in groups.items() if t.families]
    return OutcomesReport.of(replace(service.report(), start=since), reports, by, measures)


def _files(
    report: OutcomesReport, out_html: Path | None, out_json: Path | None, out_csv: Path | None, today: dt.date
) -> dict[Path, str]:
    import json

    from spotlight.outcomes.domain.report import report_csv, report_html, report_json

    contents: dict[Path, str] = {}
    if out_json is not None:
        contents[out_json] = json.dumps(report_json(report), ensure_ascii=False, indent=2) + "\n"
    if out_csv is not None:
        contents[out_csv] = report_csv(report)
    if out_html is not None:
        contents[out_html] = report_html(report, made_on=today)
    return contents
