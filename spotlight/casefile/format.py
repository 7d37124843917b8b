"""The Spotlight case-file format: JSON Lines, one family per line.

Pure Python (pydantic, no Django), so that the command line can read and check an export from
another case management system without a database. Each app owns its part of a family's line (its
fields, their records and the checks pydantic cannot make); this module puts the parts together
into one format, described for authorities in `docs/case-file-format.md`, and reads and writes it.
To add an app's part: write its `...Part` model and check beside its code, add the model to
`FamilyRecord`'s bases and the check to `PART_CHECKS`.

Sealed details (the adult survivor's address, phone number and safe contacts) are never part of
this format.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TextIO

from pydantic import ValidationError

from spotlight.cases.domain.casefile import (
    CaseFileError,
    CaseFileInvalid,
    CaseRecordPart,
    PersonRecord,
    Report,
    check_case_part,
)
from spotlight.clock import local_today
from spotlight.outcomes.domain.casefile import OutcomesPart, check_outcomes_part
from spotlight.pattern.domain.casefile import PatternMapPart, check_pattern_map_part
from spotlight.plans.domain.casefile import PlansPart, check_plans_part
from spotlight.risk.domain.casefile import RiskPart, check_risk_part
from spotlight.sharing.domain.casefile import SharingPart, check_sharing_part

__all__ = [
    "CaseFileError",
    "CaseFileInvalid",
    "FamilyRecord",
    "check_family",
    "dump_family",
    "iter_valid_families",
    "open_text",
    "parse_line",
    "scan_families",
    "write_families",
]


class FamilyRecord(SharingPart, PlansPart, OutcomesPart, RiskPart, PatternMapPart, CaseRecordPart):
    """One family: the case record's fields first, then each app's part, in the order of the bases
    from the last to the first."""


#: Each part's checks, run in turn on every family (after pydantic has checked the fields).
PartCheck = Callable[[FamilyRecord, dict[str, PersonRecord], Report, dt.date], None]
PART_CHECKS: tuple[PartCheck, ...] = (
    lambda record, people, err, today: check_case_part(record, err=err, today=today),
    lambda record, people, err, today: check_pattern_map_part(record, people=people, err=err, today=today),
    lambda record, people, err, today: check_risk_part(record, people=people, err=err, today=today),
    lambda record, people, err, today: check_outcomes_part(record, people=people, err=err, today=today),
    lambda record, people, err, today: check_plans_part(record, people=people, err=err, today=today),
    lambda record, people, err, today: check_sharing_part(record, err=err, today=today),
)


def _field_path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += ("." if path else "") + part
    return path


def _friendly(error_type: str, message: str) -> str:
    if error_type == "missing":
        return "is required but missing"
    if error_type == "extra_forbidden":
        return "is not a field of the case-file format"
    if error_type == "enum":
        return message.replace("Input should be", "must be one of:")
    return message[0].lower() + message[1:] if message else message


def check_family(record: FamilyRecord, *, line: int, today: dt.date) -> list[CaseFileError]:
    """Checks that pydantic cannot, part by part: references inside the family, catalogue ids, dates."""
    errors: list[CaseFileError] = []

    def err(field: str, message: str) -> None:
        errors.append(CaseFileError(line, field, message))

    people = {p.id: p for p in record.people}
    for check in PART_CHECKS:
        check(record, people, err, today)
    return errors


class _RepeatedKey(ValueError):
    pass


def _refuse_repeated_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """JSON allows a key twice (the last would win silently): the case-file format does not."""
    found: dict[str, object] = {}
    for key, value in pairs:
        if key in found:
            raise _RepeatedKey(f'the key "{key}" is given twice in one object')
        found[key] = value
    return found


def parse_line(text: str, *, line: int, today: dt.date) -> tuple[FamilyRecord | None, list[CaseFileError]]:
    try:
        data = json.loads(text, object_pairs_hook=_refuse_repeated_keys)
    except json.JSONDecodeError as exc:
        return None, [CaseFileError(line, "", f"not valid JSON ({exc.msg} at column {exc.colno})")]
    except _RepeatedKey as exc:
        return None, [CaseFileError(line, "", str(exc))]
    except RecursionError:
        return None, [CaseFileError(line, "", "the JSON is nested too deeply to be a family")]
    if not isinstance(data, dict):
        return None, [CaseFileError(line, "", "each line must be one JSON object (a family)")]
    try:
        record = FamilyRecord.model_validate(data)
    except ValidationError as exc:
        return None, [
            CaseFileError(line, _field_path(tuple(e["loc"])), _friendly(e["type"], e["msg"])) for e in exc.errors()
        ]
    return record, check_family(record, line=line, today=today)


def _decoded(raw: str | bytes, number: int) -> str | CaseFileError:
    """A line as text: bytes are read as UTF-8 (a byte-order mark on the first line is allowed)."""
    if isinstance(raw, str):
        return raw.removeprefix("\ufeff") if number == 1 else raw
    try:
        return raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        return CaseFileError(
            number, "", f"not valid UTF-8 (at byte {exc.start + 1} of the line): save the file as UTF-8"
        )


def scan_families(
    lines: Iterable[str | bytes], *, today: dt.date | None = None
) -> Iterator[tuple[int, FamilyRecord | None, list[CaseFileError]]]:
    """Streams (line number, family or None, problems) for each non-blank line, from text or from
    bytes (read as UTF-8, line by line, so a bad byte is named by its line).

    Memory stays flat however long the file is. Family ids must be unique across
    the file; a repeat is reported on the later line.
    """
    today = today or local_today()
    seen_ids: dict[str, int] = {}
    for number, raw in enumerate(lines, start=1):
        text = _decoded(raw, number)
        if isinstance(text, CaseFileError):
            yield number, None, [text]
            continue
        if not text.strip():
            continue
        record, problems = parse_line(text, line=number, today=today)
        if record is not None:
            if record.id in seen_ids:
                problems.append(
                    CaseFileError(
                        number, "id", f'family id "{record.id}" is already used on line {seen_ids[record.id]}'
                    )
                )
            else:
                seen_ids[record.id] = number
        yield number, record, problems


def iter_valid_families(
    lines: Iterable[str | bytes], *, today: dt.date | None = None
) -> Iterator[tuple[int, FamilyRecord]]:
    """Streams families, raising CaseFileInvalid at the first bad line.

    For readers that do not write (language review, audit suggestions).
    """
    for number, record, problems in scan_families(lines, today=today):
        if problems:
            raise CaseFileInvalid(problems)
        if record is not None:
            yield number, record


def dump_family(record: FamilyRecord) -> str:
    """One line of the case-file format, without a trailing newline."""
    return json.dumps(
        record.model_dump(mode="json", by_alias=True, exclude_defaults=False),
        ensure_ascii=False,
        separators=(",", ":"),
    )


def write_families(records: Iterable[FamilyRecord], out: TextIO) -> int:
    count = 0
    for record in records:
        out.write(dump_family(record))
        out.write("\n")
        count += 1
    return count


def open_text(path: Path) -> TextIO:
    return path.open("r", encoding="utf-8")
