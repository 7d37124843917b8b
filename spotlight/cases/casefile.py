"""The Spotlight case-file format: JSON Lines, one family per line.

Pure Python (pydantic, no Django), so that the command line can read and check an
export from another case management system without a database. The format is
described for authorities in `docs/case-file-format.md`; this module is its
reference implementation.

Sealed details (the adult survivor's address, phone number and safe contacts) are
never part of this format.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal, TextIO

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from spotlight.cases.vocabulary import (
    AgencyKind,
    ContactType,
    EngagementMethod,
    EngagementOutcome,
    RelationshipKind,
    Role,
)
from spotlight.clock import local_today

FORMAT_NAME = "spotlight-case-file"
FORMAT_VERSION = 1

Identifier = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
OptionalName = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class HouseholdRecord(_Record):
    id: Identifier
    name: Name


class PersonRecord(_Record):
    id: Identifier
    role: Role
    given_name: Name
    family_name: OptionalName = ""
    date_of_birth: dt.date | None = None
    expected_date_of_birth: dt.date | None = None
    household: Identifier | None = None


class RelationshipRecord(_Record):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    from_person: Identifier = Field(alias="from")
    to_person: Identifier = Field(alias="to")
    kind: RelationshipKind


class AgencyRecord(_Record):
    id: Identifier
    name: Name
    kind: AgencyKind
    contact: OptionalName = ""


class NoteRecord(_Record):
    id: Identifier
    date: dt.date
    contact_type: ContactType
    agency: Identifier | None = None
    author: OptionalName = ""
    present: tuple[Identifier, ...] = ()
    text: Annotated[str, StringConstraints(min_length=1, max_length=100_000)]


class ContactAttemptRecord(_Record):
    id: Identifier
    person: Identifier
    date: dt.date
    outcome: EngagementOutcome
    method: EngagementMethod
    author: OptionalName = ""
    note: Annotated[str, StringConstraints(max_length=10_000)] = ""


class FamilyRecord(_Record):
    format: Literal["spotlight-case-file"] = "spotlight-case-file"
    version: Literal[1] = 1
    id: Identifier
    name: Name
    team: Name
    allocated_to: tuple[Identifier, ...] = ()
    households: tuple[HouseholdRecord, ...] = ()
    people: tuple[PersonRecord, ...] = Field(min_length=1)
    relationships: tuple[RelationshipRecord, ...] = ()
    agencies: tuple[AgencyRecord, ...] = ()
    notes: tuple[NoteRecord, ...] = ()
    contact_attempts: tuple[ContactAttemptRecord, ...] = ()


@dataclass(frozen=True)
class CaseFileError:
    """One problem in a case file, named by line and field."""

    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}"
        if self.field:
            where += f", field {self.field}"
        return f"{where}: {self.message}"


class CaseFileInvalid(Exception):
    def __init__(self, errors: list[CaseFileError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


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
    """Checks that pydantic cannot: references inside the family, and dates."""
    errors: list[CaseFileError] = []

    def err(field: str, message: str) -> None:
        errors.append(CaseFileError(line, field, message))

    people = {p.id: p for p in record.people}
    if len(people) != len(record.people):
        seen: set[str] = set()
        for i, p in enumerate(record.people):
            if p.id in seen:
                err(f"people[{i}].id", f'person id "{p.id}" is used twice in this family')
            seen.add(p.id)
    households = {h.id for h in record.households}
    agencies = {a.id for a in record.agencies}

    for i, p in enumerate(record.people):
        if p.date_of_birth and p.date_of_birth > today:
            err(
                f"people[{i}].date_of_birth",
                f"date of birth {p.date_of_birth.isoformat()} is in the future; "
                "for an unborn child use expected_date_of_birth",
            )
        if p.expected_date_of_birth and p.role != Role.CHILD:
            err(f"people[{i}].expected_date_of_birth", "only a child can have an expected date of birth")
        if p.date_of_birth and p.expected_date_of_birth:
            err(f"people[{i}]", "give a date of birth or an expected date of birth, not both")
        if p.household and p.household not in households:
            err(f"people[{i}].household", f'no household with id "{p.household}" in this family')

    for i, r in enumerate(record.relationships):
        for field, ref in (("from", r.from_person), ("to", r.to_person)):
            if ref not in people:
                err(f"relationships[{i}].{field}", f'no person with id "{ref}" in this family')
        if r.from_person == r.to_person:
            err(f"relationships[{i}]", "a relationship needs two different people")

    for i, n in enumerate(record.notes):
        if n.date > today:
            err(f"notes[{i}].date", f"note date {n.date.isoformat()} is in the future")
        if n.agency and n.agency not in agencies:
            err(f"notes[{i}].agency", f'no agency with id "{n.agency}" in this family')
        for j, ref in enumerate(n.present):
            if ref not in people:
                err(f"notes[{i}].present[{j}]", f'no person with id "{ref}" in this family')

    for i, c in enumerate(record.contact_attempts):
        if c.date > today:
            err(f"contact_attempts[{i}].date", f"contact date {c.date.isoformat()} is in the future")
        person = people.get(c.person)
        if person is None:
            err(f"contact_attempts[{i}].person", f'no person with id "{c.person}" in this family')
        elif person.role != Role.PERSON_CAUSING_HARM:
            err(
                f"contact_attempts[{i}].person",
                f'contact attempts record engagement with a person causing harm; "{c.person}" has '
                f"role {person.role.value}",
            )
    return errors


def parse_line(text: str, *, line: int, today: dt.date) -> tuple[FamilyRecord | None, list[CaseFileError]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, [CaseFileError(line, "", f"not valid JSON ({exc.msg} at column {exc.colno})")]
    if not isinstance(data, dict):
        return None, [CaseFileError(line, "", "each line must be one JSON object (a family)")]
    try:
        record = FamilyRecord.model_validate(data)
    except ValidationError as exc:
        return None, [
            CaseFileError(line, _field_path(tuple(e["loc"])), _friendly(e["type"], e["msg"])) for e in exc.errors()
        ]
    return record, check_family(record, line=line, today=today)


def scan_families(
    lines: Iterable[str], *, today: dt.date | None = None
) -> Iterator[tuple[int, FamilyRecord | None, list[CaseFileError]]]:
    """Streams (line number, family or None, problems) for each non-blank line.

    Memory stays flat however long the file is. Family ids must be unique across
    the file; a repeat is reported on the later line.
    """
    today = today or local_today()
    seen_ids: dict[str, int] = {}
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        record, problems = parse_line(raw, line=number, today=today)
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


def iter_valid_families(lines: Iterable[str], *, today: dt.date | None = None) -> Iterator[tuple[int, FamilyRecord]]:
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
