"""Risk on a case-file export: `spotlight risk marac` lists every adult survivor who meets a Marac
referral criterion, with the criteria and their reasons (spotlight/risk/domain/marac_list.py)."""

from __future__ import annotations

import datetime as dt
import enum
import gc
import sys
from abc import ABC, abstractmethod
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, BinaryIO, TextIO

import typer

from spotlight.cli.common import (
    LineRefused,
    _open_input,
    app,
    err,
    every_family_checked,
    may_hold,
    read_in_full,
    say_refused,
)
from spotlight.clock import long_date

if TYPE_CHECKING:
    from spotlight.cases.domain.casefile import CaseRecordPart
    from spotlight.pattern.domain.casefile import PatternMapPart
    from spotlight.risk.domain.casefile import RiskPart
    from spotlight.risk.domain.marac_list import Listed

    Parts = tuple[CaseRecordPart, PatternMapPart, RiskPart]

risk_app = typer.Typer(help="Risk on a case-file export: who meets a Marac referral criterion.", no_args_is_help=True)
app.add_typer(risk_app, name="risk")

CSV_COLUMNS = (
    "family",
    "family_name",
    "survivor",
    "survivor_name",
    "identification",
    "identified_on",
    "yes",
    "level",
    "criterion",
    "why",
)


class Format(enum.StrEnum):
    TEXT = "text"
    JSON = "json"
    CSV = "csv"


def may_hold_an_identification(line: bytes) -> bool:
    """False only for a blank line, or one that surely holds no risk identification (see `may_hold`)."""
    return may_hold(line, "risk_identifications")


def _every_family(fh: BinaryIO, counts: dict[str, int]) -> Iterator[Parts]:
    """--check: every line read and checked in full, as `spotlight import` reads a file."""
    for record in every_family_checked(fh, counts):
        yield record, record, record


def _families_with_identifications(fh: BinaryIO, counts: dict[str, int]) -> Iterator[Parts]:
    """Each family that may hold a risk identification, read for the parts the list needs (see
    `marac_read`); a line that cannot be read so is read in full, for its problems."""
    from spotlight.cli.marac_read import read_for_marac
    from spotlight.clock import local_today

    today = local_today()
    for number, raw in enumerate(fh, start=1):
        counts["lines"] += 1
        if not may_hold_an_identification(raw):
            continue
        parts = read_for_marac(raw, first_line=number == 1, today=today)
        if parts is None:
            record = read_in_full(raw, number, today)
            parts = record, record, record
        yield parts


@risk_app.command("marac")
def risk_marac(
    path: Annotated[str, typer.Argument(help="Case-file export (JSON Lines), or - for standard input.")],
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="List as of this day (YYYY-MM-DD), on her latest identification by then; default today."
        ),
    ] = None,
    output: Annotated[
        Format, typer.Option("--format", help="text, json (one array) or csv (a row a criterion met).")
    ] = Format.TEXT,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Check every family in full, as `spotlight import` does, and read every note "
            "(slower; the same answers).",
        ),
    ] = False,
    second_reader: Annotated[
        bool,
        typer.Option(
            "--second-reader", help="Also read notes with the statistical second reader, as the risk pages do."
        ),
    ] = False,
) -> None:
    """Every adult survivor whose latest risk identification on or before the day meets a Marac referral
    criterion (visible high risk, professional judgement, potential escalation, repeat), with the criteria
    met and why, in plain words; escalation and repeat list the incidents they count (the day, what, and
    where the record holds it: the pattern map or the note of a day).

    For speed, a family with no risk identification is passed over unread; of the rest, only the parts the
    list needs are read and checked (its people, his behaviour on the map, its notes, her identifications),
    and only the sentences of notes that can change a criterion are read for facts. --check reads and checks
    every family in full and reads every note, for the same answers. A line that cannot be read stops the
    command with the line and the problem, exit status 2 (what was listed before it has been written).
    """
    from spotlight.clock import local_today
    from spotlight.datafiles import DataFileInvalid
    from spotlight.risk.domain.checklist import default_checklist
    from spotlight.risk.domain.marac_list import listed, listed_quickly, read_every_incident

    try:
        day = dt.date.fromisoformat(as_of) if as_of is not None else local_today()
    except ValueError:
        err.print(f"--as-of {as_of}: not a day; write it as YYYY-MM-DD, for example 2026-03-31.", markup=False)
        raise typer.Exit(2) from None
    try:
        checklist = default_checklist()
    except DataFileInvalid as exc:
        err.print(str(exc), markup=False, highlight=False)
        raise typer.Exit(2) from exc
    read = read_every_incident(second_reader=second_reader)
    find = listed if check else listed_quickly
    gc.freeze()  # the modules loaded so far are never garbage: the collector need not look at them again
    counts = {"lines": 0, "families": 0, "listed": 0}
    with _open_input(path) as fh:
        writer = _writer(output, sys.stdout)
        try:
            for case, pattern, risk in (_every_family if check else _families_with_identifications)(fh, counts):
                counts["families"] += 1
                for found in find(case, pattern, risk, as_of=day, checklist=checklist, read=read):
                    counts["listed"] += 1
                    writer.send(found)
        except LineRefused as refused:
            say_refused(path, refused)
            raise typer.Exit(2) from None
        writer.close()
    listed_n, read_n = counts["listed"], counts["families"]
    read_how = "read and checked in full" if check else "with a risk identification read"
    err.print(
        f"{listed_n} survivor{'s' if listed_n != 1 else ''} meet{'' if listed_n != 1 else 's'} a Marac criterion "
        f"as of {day.day} {day:%B %Y} ({read_n} of {counts['lines']} lines {read_how}).",
        markup=False,
        highlight=False,
    )


def _writer(output: Format, out: TextIO) -> _Writer:
    writers: dict[Format, type[_Writer]] = {Format.TEXT: _Text, Format.JSON: _Json, Format.CSV: _Csv}
    return writers[output](out)


class _Writer(ABC):
    """Writes the survivors listed, one format each."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.written = 0

    @abstractmethod
    def send(self, found: Listed) -> None:
        """Writes one survivor listed."""

    def close(self) -> None:  # noqa: B027  # most formats need nothing at the end
        """Ends the output (the JSON array's close)."""


class _Text(_Writer):
    def send(self, found: Listed) -> None:
        result = found.result
        lines = [
            f"{found.family} {found.family_name}: {found.survivor_name} ({found.survivor}), risk identification "
            f"{found.identification} of {long_date(found.identified_on)}: {result.yes} yes, {result.level}"
        ]
        for criterion in result.criteria_met:
            lines.append(f"  {criterion.label}: {criterion.why}")
            lines += [f"    {long_date(i.on)}: {i.what} ({i.where})" for i in criterion.incidents]
        self.out.write("\n".join(lines) + "\n\n")
        self.written += 1


class _Json(_Writer):
    def send(self, found: Listed) -> None:
        import json

        self.out.write(("," if self.written else "[") + "\n" + json.dumps(as_json(found), ensure_ascii=False))
        self.written += 1

    def close(self) -> None:
        self.out.write("\n]\n" if self.written else "[]\n")


class _Csv(_Writer):
    def __init__(self, out: TextIO) -> None:
        import csv

        super().__init__(out)
        self.csv = csv.writer(out, lineterminator="\n")
        self.csv.writerow(CSV_COLUMNS)

    def send(self, found: Listed) -> None:
        head = (
            found.family,
            found.family_name,
            found.survivor,
            found.survivor_name,
            found.identification,
            found.identified_on.isoformat(),
            found.result.yes,
            found.result.level,
        )
        self.csv.writerows((*head, c.id, c.why) for c in found.result.criteria_met)
        self.written += 1


def as_json(found: Listed) -> dict[str, object]:
    """One survivor as the JSON output holds her: who, which identification, and each criterion met."""
    return {
        "family": found.family,
        "family_name": found.family_name,
        "survivor": found.survivor,
        "survivor_name": found.survivor_name,
        "identification": found.identification,
        "identified_on": found.identified_on.isoformat(),
        "yes": found.result.yes,
        "level": found.result.level,
        "criteria": [
            {
                "id": c.id,
                "label": c.label,
                "why": c.why,
                "incidents": [
                    {"on": i.on.isoformat(), "what": i.what, "where": i.where, "ref": i.ref} for i in c.incidents
                ],
            }
            for c in found.result.criteria_met
        ],
    }
