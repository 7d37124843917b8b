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
from collections.abc import Callable, Iterable, Iterator
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
from spotlight.pattern.catalogue import Catalogue, default_catalogue

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


CatalogueId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=10_000)]
RequiredText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10_000)]


class ChildHarmRecord(_Record):
    """For one of his behaviours and one child: what he did that harmed this child, and the impact."""

    child: Identifier
    his_action: RequiredText
    impact: RequiredText


class BehaviourEntryRecord(_Record):
    """One of his behaviours on the pattern map (kind and source are ids from the pattern catalogue)."""

    id: Identifier
    person: Identifier
    kind: CatalogueId
    relationship: Literal["current", "prior"] = "current"
    prior_partner: OptionalName = ""
    occurred_on: dt.date | None = None
    period: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)] = ""
    place: OptionalName = ""
    presenting_incident: bool = False
    before: LongText = ""
    during: LongText = ""
    after: LongText = ""
    source: CatalogueId
    description: LongText = ""
    child_harms: tuple[ChildHarmRecord, ...] = ()


class ProtectiveEffortRecord(_Record):
    """One of her protective efforts and the children it protected."""

    id: Identifier
    survivor: Identifier
    kind: CatalogueId
    occurred_on: dt.date | None = None
    description: RequiredText
    source: CatalogueId
    children: tuple[Identifier, ...] = ()


class ComplicatingFactorRecord(_Record):
    """A factor and how it interacts with his pattern (never its cause)."""

    id: Identifier
    person: Identifier
    factor: CatalogueId
    interaction: RequiredText
    source: CatalogueId


class ProgrammeReferralRecord(_Record):
    """A referral of a person causing harm to a programme (an id from the pattern catalogue)."""

    id: Identifier
    person: Identifier
    programme: CatalogueId
    provider: OptionalName = ""
    referred_on: dt.date
    status: Literal["referred", "assessed", "started", "completed", "declined", "not_accepted", "stopped"] = "referred"
    status_on: dt.date | None = None
    support_for_her: bool = False
    note: LongText = ""


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
    behaviour_entries: tuple[BehaviourEntryRecord, ...] = ()
    protective_efforts: tuple[ProtectiveEffortRecord, ...] = ()
    complicating_factors: tuple[ComplicatingFactorRecord, ...] = ()
    programme_referrals: tuple[ProgrammeReferralRecord, ...] = ()


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

    if (
        record.behaviour_entries
        or record.protective_efforts
        or record.complicating_factors
        or record.programme_referrals
    ):
        _check_pattern_map(record, people, err, today)
    return errors


@dataclass(frozen=True)
class _CatalogueIds:
    catalogue: Catalogue  # held so that its id() is not reused while cached
    behaviours: frozenset[str]
    sources: frozenset[str]
    efforts: frozenset[str]
    factors: frozenset[str]
    programmes: frozenset[str]


_catalogue_ids_cache: dict[int, _CatalogueIds] = {}


def _catalogue_ids() -> _CatalogueIds:
    catalogue = default_catalogue()
    found = _catalogue_ids_cache.get(id(catalogue))
    if found is None or found.catalogue is not catalogue:
        _catalogue_ids_cache.clear()
        found = _CatalogueIds(
            catalogue=catalogue,
            behaviours=frozenset(k.id for g in catalogue.behaviours for k in g.kinds),
            sources=frozenset(s.id for s in catalogue.sources),
            efforts=frozenset(k.id for g in catalogue.protective_efforts for k in g.kinds),
            factors=frozenset(f.id for f in catalogue.complicating_factors),
            programmes=frozenset(p.id for p in catalogue.programmes),
        )
        _catalogue_ids_cache[id(catalogue)] = found
    return found


_ROLE_WORDS = {
    Role.PERSON_CAUSING_HARM: "a person causing harm",
    Role.ADULT_SURVIVOR: "an adult survivor",
    Role.CHILD: "a child",
}


def _check_pattern_map(
    record: FamilyRecord,
    people: dict[str, PersonRecord],
    err: Callable[[str, str], None],
    today: dt.date,
) -> None:
    """The pattern map's arrays: people of the right role, ids from the catalogue, dates."""
    ids = _catalogue_ids()

    def person_with_role(field: str, ref: str, role: Role | None) -> None:
        person = people.get(ref)
        if person is None:
            err(field, f'no person with id "{ref}" in this family')
        elif role is not None and person.role != role:
            err(field, f'"{ref}" must be {_ROLE_WORDS[role]}; their role is {person.role.value}')

    def in_catalogue(field: str, value: str, known: frozenset[str], what: str) -> None:
        if value not in known:
            err(field, f'"{value}" is not {what} in the pattern catalogue')

    def not_future(field: str, day: dt.date | None) -> None:
        if day is not None and day > today:
            err(field, f"date {day.isoformat()} is in the future")

    def unique_ids(name: str, ids: list[str]) -> None:
        seen: set[str] = set()
        for i, item_id in enumerate(ids):
            if item_id in seen:
                err(f"{name}[{i}].id", f'id "{item_id}" is used twice in {name} in this family')
            seen.add(item_id)

    unique_ids("behaviour_entries", [x.id for x in record.behaviour_entries])
    for i, b in enumerate(record.behaviour_entries):
        at = f"behaviour_entries[{i}]"
        person_with_role(f"{at}.person", b.person, Role.PERSON_CAUSING_HARM)
        in_catalogue(f"{at}.kind", b.kind, ids.behaviours, "a kind of behaviour")
        in_catalogue(f"{at}.source", b.source, ids.sources, "a source")
        not_future(f"{at}.occurred_on", b.occurred_on)
        if b.occurred_on is None and not b.period:
            err(f"{at}.occurred_on", "give the date (occurred_on) or the period (for example 2019 to 2021)")
        if b.prior_partner and b.relationship != "prior":
            err(f"{at}.prior_partner", "an earlier partner is recorded only for relationship prior")
        if b.kind == "other_behaviour" and not b.description:
            err(f"{at}.description", "describe the behaviour: the kind is other_behaviour")
        harmed: set[str] = set()
        for j, h in enumerate(b.child_harms):
            person_with_role(f"{at}.child_harms[{j}].child", h.child, Role.CHILD)
            if h.child in harmed:
                err(f"{at}.child_harms[{j}].child", f'the harm to "{h.child}" from this behaviour is already given')
            harmed.add(h.child)

    unique_ids("protective_efforts", [x.id for x in record.protective_efforts])
    for i, e in enumerate(record.protective_efforts):
        at = f"protective_efforts[{i}]"
        person_with_role(f"{at}.survivor", e.survivor, Role.ADULT_SURVIVOR)
        in_catalogue(f"{at}.kind", e.kind, ids.efforts, "a kind of protective effort")
        in_catalogue(f"{at}.source", e.source, ids.sources, "a source")
        not_future(f"{at}.occurred_on", e.occurred_on)
        for j, ref in enumerate(e.children):
            person_with_role(f"{at}.children[{j}]", ref, Role.CHILD)
        if len(set(e.children)) != len(e.children):
            err(f"{at}.children", "a child is listed twice")

    unique_ids("complicating_factors", [x.id for x in record.complicating_factors])
    for i, f in enumerate(record.complicating_factors):
        at = f"complicating_factors[{i}]"
        person_with_role(f"{at}.person", f.person, None)
        in_catalogue(f"{at}.factor", f.factor, ids.factors, "a complicating factor")
        in_catalogue(f"{at}.source", f.source, ids.sources, "a source")

    unique_ids("programme_referrals", [x.id for x in record.programme_referrals])
    for i, r in enumerate(record.programme_referrals):
        at = f"programme_referrals[{i}]"
        person_with_role(f"{at}.person", r.person, Role.PERSON_CAUSING_HARM)
        in_catalogue(f"{at}.programme", r.programme, ids.programmes, "a programme")
        not_future(f"{at}.referred_on", r.referred_on)
        not_future(f"{at}.status_on", r.status_on)
        if r.status_on is not None and r.status_on < r.referred_on:
            err(f"{at}.status_on", "the date of the status must be on or after referred_on")


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
