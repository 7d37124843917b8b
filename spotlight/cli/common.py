"""What every command shares: the Typer app, the consoles, Django set-up, progress bars, input files."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

if TYPE_CHECKING:
    import datetime as dt

    from spotlight.casefile.format import FamilyRecord
    from spotlight.cases.domain.casefile import CaseFileError

app = typer.Typer(
    help="Spotlight: keep the spotlight on the person causing harm.", no_args_is_help=True, add_completion=False
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


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


def _open_input(path: str) -> BinaryIO:
    """The file (or standard input) as bytes: the case-file reader decodes each line itself, so text
    that is not UTF-8 is named by its line rather than ending the command with a traceback."""
    if path == "-":
        return sys.stdin.buffer
    try:
        return Path(path).open("rb")
    except OSError as exc:
        err.print(f"[red]Cannot read {path}: {exc.strerror}[/red]")
        raise typer.Exit(2) from exc


def _count_lines(path: str) -> int | None:
    if path == "-":
        return None
    with Path(path).open("rb") as fh:
        return sum(1 for line in fh if line.strip())


def may_hold(line: bytes, key: str) -> bool:
    """False only for a blank line, or one that surely holds no record under the family's field ``key``: a
    whole JSON object (so a line cut short is read, and refused) whose key is missing, or given once with an
    empty list (as Spotlight writes it). A key spelt with escapes (\\u) might hide one, so such a line is read."""
    whole = line.strip()
    if not whole:
        return False
    if not (whole.startswith(b"{") and whole.endswith(b"}")) or b"\\u" in line:
        return True
    quoted = b'"' + key.encode() + b'"'
    found = line.count(quoted)
    return bool(found) and not (found == 1 and quoted + b":[]" in line)


def write_all_or_nothing(contents: Mapping[Path, str]) -> None:
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


class LineRefused(Exception):
    """A line of a case file that cannot be read: its number and every problem found on it."""

    def __init__(self, line: int, problems: list[CaseFileError]) -> None:
        super().__init__(line)
        self.line, self.problems = line, problems


def every_family_checked(fh: BinaryIO, counts: dict[str, int], today: dt.date | None = None) -> Iterator[FamilyRecord]:
    """Every line read and checked in full, as `spotlight import` reads a file (each line counted in
    ``counts["lines"]``); the first line with a problem raises LineRefused."""
    from spotlight.casefile.format import scan_families

    def counted() -> Iterator[bytes]:
        for raw in fh:
            counts["lines"] += 1
            yield raw

    for number, record, problems in scan_families(counted(), today=today):
        if problems or record is None:
            raise LineRefused(number, problems)
        yield record


def read_in_full(raw: bytes, number: int, today: dt.date) -> FamilyRecord:
    """Line ``number`` read and checked in full (for a line a quick reading could not read), or LineRefused
    naming each of its problems."""
    from spotlight.casefile.format import parse_line
    from spotlight.cases.domain.casefile import CaseFileError

    try:
        text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        message = f"not valid UTF-8 (at byte {exc.start + 1} of the line): save the file as UTF-8"
        raise LineRefused(number, [CaseFileError(number, "", message)]) from exc
    record, problems = parse_line(text, line=number, today=today)
    if problems or record is None:
        raise LineRefused(number, problems)
    return record


def say_refused(path: str, refused: LineRefused, *also: str) -> None:
    """Names the line refused and each of its problems on standard error."""
    err.print(f"{path} is not a valid case file; stopped at line {refused.line}.", markup=False)
    for problem in refused.problems:
        err.print(f"  {problem}", markup=False, highlight=False)
    for line in also:
        err.print(line, markup=False, highlight=False)
