"""Reading a round file: the ratings of one audit round, as CSV or JSON. Pure, no Django.

A round file is what ``spotlight audit suggest`` writes (CSV columns or JSON keys ``family_ref``,
``team``, ``domain``, ``item``, ``suggested_rating``, ``reasons``), optionally with two more that
an authority's auditors fill in, in a spreadsheet or in Spotlight's own round export:

- ``auditor_rating``: the auditor's rating. When it is given, it is the rating; when it is blank,
  Spotlight's suggestion is used as it is.
- ``auditor``: who rated (a name or initials). Needed to measure agreement between two auditors
  who rated the same family: give one row per auditor.

A rating is a whole number on the instrument's scale; blank or "n/a" means not applicable.
``family_ref`` and ``item`` are required, and at least one of ``suggested_rating`` and
``auditor_rating``. ``team``, ``domain``, ``reasons`` and any other column are optional (a
``domain`` that is given must be the item's domain in the instrument).

:func:`read_round_file` checks everything and raises :class:`RoundFileInvalid` naming the file,
the line (CSV) or entry (JSON), the column and what is wrong, for every problem at once.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import NamedTuple

from spotlight.audit.domain.instrument import Instrument
from spotlight.audit.domain.results import RoundRating

#: Values that mean "not applicable" (compared without case or surrounding spaces), besides blank.
NOT_APPLICABLE = frozenset({"n/a", "na", "not applicable"})
REQUIRED = ("family_ref", "item")
RATING_COLUMNS = ("suggested_rating", "auditor_rating")
#: How many problems are listed before "and N more".
MAX_PROBLEMS = 20


class RoundFileInvalid(ValueError):
    """A round file cannot be used. ``problems`` lists each one; ``str()`` gives them all."""

    def __init__(self, path: str, problems: list[str], more: int = 0) -> None:
        self.path = path
        self.problems = problems
        self.more = more
        total = len(problems) + more
        lines = [f"{path} cannot be used as a round file: {total} problem{'s' if total != 1 else ''}."]
        lines += [f"  {problem}" for problem in problems]
        if more:
            lines.append(f"  ... and {more} more.")
        super().__init__("\n".join(lines))


class _Problems:
    """Collects problems, keeping the first MAX_PROBLEMS and counting the rest."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.kept: list[str] = []
        self.more = 0

    def add(self, where: str, what: str) -> None:
        if len(self.kept) < MAX_PROBLEMS:
            self.kept.append(f"{self.path}, {where}: {what}")
        else:
            self.more += 1

    def __bool__(self) -> bool:
        return bool(self.kept)

    def error(self) -> RoundFileInvalid:
        return RoundFileInvalid(self.path, self.kept, self.more)


class _Row(NamedTuple):
    where: str  # "line 5" or "entry 3 (index 2)"
    cells: dict[str, str]  # the columns Spotlight reads (USED) that the row has, as text without surrounding spaces
    column: Mapping[str, str]  # how to name each column in a message


#: The columns (keys) Spotlight reads; any other is ignored.
USED = ("family_ref", "team", "domain", "item", "auditor", *RATING_COLUMNS)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _rating(text: str, scale: list[int]) -> tuple[int | None, str | None]:
    """(rating, problem): None for blank or not applicable."""
    if text == "" or text.lower() in NOT_APPLICABLE:
        return None, None
    number: float
    try:
        number = float(text)
    except ValueError:
        return None, f"{text!r} is not a rating: use a whole number from {scale[0]} to {scale[-1]}, or n/a"
    if not number.is_integer() or int(number) not in scale:
        return None, f"{text!r} is not on the scale: use {', '.join(map(str, scale))}, or n/a"
    return int(number), None


def _check_rows(rows: Iterable[_Row], instrument: Instrument, problems: _Problems) -> list[RoundRating]:
    domain_of = {item.id: domain.id for domain, item in instrument.items()}
    scale = instrument.values
    seen: dict[tuple[str, str, str], str] = {}
    ratings: list[RoundRating] = []
    read: dict[str, tuple[int | None, str | None]] = {}  # rating text -> (rating, problem), as read before
    for row in rows:
        cells = row.cells
        ok = True
        family = cells.get("family_ref", "")
        item = cells.get("item", "")
        if not family:
            problems.add(f"{row.where}, {row.column['family_ref']}", "the family reference is blank")
            ok = False
        if not item:
            problems.add(f"{row.where}, {row.column['item']}", "the item is blank")
            ok = False
        elif item not in domain_of:
            known = ", ".join(domain_of)
            problems.add(
                f"{row.where}, {row.column['item']}",
                f"{item!r} is not an item of the instrument {instrument.name!r} (its items: {known})",
            )
            ok = False
        else:
            domain = cells.get("domain", "")
            if domain and domain != domain_of[item]:
                problems.add(
                    f"{row.where}, {row.column['domain']}",
                    f"item {item} belongs to the domain {domain_of[item]!r} in the instrument, not {domain!r}",
                )
                ok = False
        values: dict[str, int | None] = {}
        for key in RATING_COLUMNS:
            if key in cells:
                text = cells[key]
                if text not in read:
                    read[text] = _rating(text, scale)
                values[key], problem = read[text]
                if problem:
                    problems.add(f"{row.where}, {row.column[key]}", problem)
                    ok = False
        if not ok:
            continue
        auditor = cells.get("auditor", "")
        key3 = (family, item, auditor)
        if key3 in seen:
            who = f" by auditor {auditor!r}" if auditor else ""
            problems.add(row.where, f"family {family}, item {item}{who} is rated twice (first at {seen[key3]})")
            continue
        seen[key3] = row.where
        suggested = values.get("suggested_rating")
        if cells.get("auditor_rating", ""):
            # The auditor gave a rating (or n/a) of their own: compare it with the suggestion.
            rating, separate_suggestion = values["auditor_rating"], suggested
        else:
            rating, separate_suggestion = suggested, None
        ratings.append(RoundRating(family, cells.get("team", ""), item, rating, separate_suggestion, auditor))
    return ratings


def _missing_columns(columns: Iterable[str], where: str, problems: _Problems) -> bool:
    present = set(columns)
    missing = [c for c in REQUIRED if c not in present]
    if not any(c in present for c in RATING_COLUMNS):
        missing.append(" or ".join(RATING_COLUMNS))
    for column in missing:
        problems.add(where, f"the column {column} is missing")
    return bool(missing)


def _csv_rows(text: str, problems: _Problems) -> Iterator[_Row]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [name.strip() for name in next(reader, [])]
    except csv.Error as exc:
        problems.add("line 1", f"not valid CSV ({exc})")
        return
    if not header:
        problems.add("line 1", "the file is empty: the first line must name the columns")
        return
    if _missing_columns(header, "line 1 (the header)", problems):
        return
    twice = sorted({name for name in header if name in USED and header.count(name) > 1})
    for name in twice:
        problems.add("line 1 (the header)", f"the column {name} appears more than once")
    if twice:
        return
    columns = {name: f"column {i + 1} ({name})" for i, name in enumerate(header)}
    used = [(name, i) for i, name in enumerate(header) if name in USED]
    width = len(header)
    start = reader.line_num + 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.add(f"line {start}", f"not valid CSV ({exc})")
            return
        where = f"line {start}"
        start = reader.line_num + 1
        if not any(record):
            continue  # a blank line, as spreadsheets often leave at the end
        if len(record) > width and any(cell.strip() for cell in record[width:]):
            problems.add(where, f"{len(record)} cells but the header names {width} columns")
            continue
        if len(record) < width:  # a short row: its missing cells are blank
            record = record + [""] * (width - len(record))
        yield _Row(where, {name: record[i].strip() for name, i in used}, columns)


def _json_rows(text: str, problems: _Problems) -> Iterator[_Row]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.add(f"line {exc.lineno}, column {exc.colno}", f"not valid JSON ({exc.msg})")
        return
    if not isinstance(data, list):
        problems.add("the top level", "a round file in JSON is a list of ratings, [ {...}, ... ]")
        return
    for index, entry in enumerate(data):
        where = f"entry {index + 1} (index {index})"
        if not isinstance(entry, dict):
            problems.add(where, "each entry must be an object with keys such as family_ref, item, suggested_rating")
            continue
        if _missing_columns(entry, where, problems):
            continue
        bad = [key for key in (*REQUIRED, *RATING_COLUMNS, "team", "domain", "auditor") if _not_scalar(entry.get(key))]
        for key in bad:
            problems.add(f"{where}, key {key}", f"must be a number or text, not {type(entry[key]).__name__}")
        if bad:
            continue
        yield _Row(where, {key: _cell_text(entry[key]) for key in USED if key in entry}, JSON_KEYS)


JSON_KEYS = {key: f"key {key}" for key in USED}


def _not_scalar(value: object) -> bool:
    return value is not None and (isinstance(value, (dict, list, bool)) or not isinstance(value, (str, int, float)))


def _is_json(path: Path, text: str) -> bool:
    suffix = path.suffix.lower()
    if suffix == ".json":
        return True
    if suffix == ".csv":
        return False
    return text.lstrip().startswith(("[", "{"))


def parse_round_text(text: str, instrument: Instrument, *, name: str, json_format: bool) -> list[RoundRating]:
    """The ratings in a round file's text; ``name`` is how messages name the file."""
    problems = _Problems(name)
    rows = _json_rows(text, problems) if json_format else _csv_rows(text, problems)
    ratings = _check_rows(rows, instrument, problems)
    if not problems and not ratings:
        problems.add("the whole file", "there are no ratings in it")
    if problems:
        raise problems.error()
    return ratings


def read_round_file(path: str | Path, instrument: Instrument) -> list[RoundRating]:
    """The ratings in a round file (``.json`` is JSON, ``.csv`` is CSV, otherwise judged by content).

    Raises :class:`RoundFileInvalid` naming every problem (up to :data:`MAX_PROBLEMS`, then how
    many more), each with the file, the line or entry, and the column or key.
    """
    file = Path(path)
    name = str(path)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise RoundFileInvalid(name, [f"{name}: cannot be read ({exc.strerror or exc})"]) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise RoundFileInvalid(
            name,
            [f"{name}, line {line}: not UTF-8 text (from a spreadsheet, save it as \u201cCSV UTF-8\u201d)"],
        ) from exc
    return parse_round_text(text, instrument, name=name, json_format=_is_json(file, text))
