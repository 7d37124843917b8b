"""The case record's part of the case-file format: the family, its people, relationships, agencies,
case notes and attempts to engage him. Pure Python (pydantic, no Django).

The whole format is composed in `spotlight.casefile.format` from each app's part; this module also
holds what every part shares (the record base, id and text types, `Report`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from spotlight.vocabulary import (
    AgencyKind,
    ContactType,
    EngagementMethod,
    EngagementOutcome,
    Pronouns,
    RelationshipKind,
    Role,
)

#: Characters no name or id holds: control characters, and the invisible ones that can make a name
#: look like another (zero-width spaces, byte-order marks, right-to-left and other direction overrides).
_HIDDEN_IN_NAMES = re.compile("[\x00-\x1f\x7f\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
#: Characters no text holds: control characters other than tabs and line ends, and direction overrides.
_HIDDEN_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def _refuse(pattern: re.Pattern[str]) -> Callable[[str], str]:
    def check(value: str) -> str:
        found = pattern.search(value)
        if found:
            raise ValueError(
                f"holds a hidden or control character (U+{ord(found.group()):04X}) at position {found.start() + 1}"
            )
        return value

    return check


PlainName = AfterValidator(_refuse(_HIDDEN_IN_NAMES))
PlainText = AfterValidator(_refuse(_HIDDEN_IN_TEXT))
Identifier = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64), PlainName]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), PlainName]
OptionalName = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200), PlainName]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=10_000), PlainText]
RequiredText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10_000), PlainText]

#: Names one problem: the field (a path such as ``notes[2].date``) and a message.
Report = Callable[[str, str], None]


class Record(BaseModel):
    """A record of the case-file format: unknown fields are mistakes, and nothing changes once read."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class HouseholdRecord(Record):
    id: Identifier
    name: Name


class PersonRecord(Record):
    id: Identifier
    role: Role
    given_name: Name
    family_name: OptionalName = ""
    date_of_birth: dt.date | None = None
    expected_date_of_birth: dt.date | None = None
    household: Identifier | None = None
    pronouns: Pronouns | None = None  # as recorded; none when not recorded


class RelationshipRecord(Record):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    from_person: Identifier = Field(alias="from")
    to_person: Identifier = Field(alias="to")
    kind: RelationshipKind


class AgencyRecord(Record):
    id: Identifier
    name: Name
    kind: AgencyKind
    contact: OptionalName = ""


class NoteRecord(Record):
    id: Identifier
    date: dt.date
    contact_type: ContactType
    agency: Identifier | None = None
    author: OptionalName = ""
    present: tuple[Identifier, ...] = ()
    text: Annotated[str, StringConstraints(min_length=1, max_length=100_000), PlainText]


class ContactAttemptRecord(Record):
    id: Identifier
    person: Identifier
    date: dt.date
    outcome: EngagementOutcome
    method: EngagementMethod
    author: OptionalName = ""
    note: Annotated[str, StringConstraints(max_length=10_000), PlainText] = ""


class CaseRecordPart(Record):
    """The fields of a family line that the case record owns (the format's header among them)."""

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


_ROLE_WORDS = {
    Role.PERSON_CAUSING_HARM: "a person causing harm",
    Role.ADULT_SURVIVOR: "an adult survivor",
    Role.CHILD: "a child",
    Role.OTHER_ADULT: "another adult",
}


def check_person(
    err: Report, people: Mapping[str, PersonRecord], field: str, ref: str, role: Role | None = None
) -> None:
    """Reports a reference to nobody in the family, or to someone of the wrong role."""
    person = people.get(ref)
    if person is None:
        err(field, f'no person with id "{ref}" in this family')
    elif role is not None and person.role != role:
        err(field, f'"{ref}" must be {_ROLE_WORDS[role]}; their role is {person.role.value}')


def check_unique_ids(err: Report, name: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for i, item_id in enumerate(ids):
        if item_id in seen:
            err(f"{name}[{i}].id", f'id "{item_id}" is used twice in {name} in this family')
        seen.add(item_id)


def check_case_part(record: CaseRecordPart, *, err: Report, today: dt.date) -> None:
    """Checks that pydantic cannot: ids used once, references inside the family, and dates."""
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
