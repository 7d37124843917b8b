"""The case record's part of the case file, to and from the database: the family, its people,
relationships, agencies, notes and attempts to engage him. `spotlight.casefile.database` calls these
for every family, with each other app's part."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from spotlight.access.models import Allocation, Team, User
from spotlight.cases.domain.casefile import (
    AgencyRecord,
    CaseRecordPart,
    ContactAttemptRecord,
    HouseholdRecord,
    NoteRecord,
    PersonRecord,
    RelationshipRecord,
)
from spotlight.cases.models import (
    Agency,
    AgencyInvolvement,
    CaseNote,
    ContactAttempt,
    Family,
    Household,
    ImportRun,
    Person,
    Relationship,
)
from spotlight.vocabulary import AgencyKind

BATCH = 500

#: The people of a batch of imported families: (family id, person id in the file) -> person.
PeopleByRef = dict[tuple[int, str], Person]


def person_refs(family: Family) -> dict[int, str]:
    """Each person's id in the case file: the id it came with, else one made from the database's."""
    return {pk: ext or f"p{pk}" for pk, ext in family.people.order_by("id").values_list("id", "external_id")}


def export_case_part(family: Family, pid: dict[int, str]) -> dict[str, Any]:
    """The case record's fields of the family's line. Sealed details are never included."""
    households = list(family.households.all().order_by("id"))
    involvements = list(family.involvements.filter(struck_out_at=None).select_related("agency").order_by("id"))
    hid = {h.pk: h.external_id or f"h{h.pk}" for h in households}
    aid = {i.agency_id: i.external_id or f"a{i.agency_id}" for i in involvements}
    notes = list(
        family.notes.filter(struck_out_at=None)
        .select_related("agency")
        .prefetch_related("present")
        .order_by("occurred_on", "id")
    )
    for n in notes:  # an agency named on a note but not recorded as involved still travels with the note
        if n.agency_id and n.agency_id not in aid:
            aid[n.agency_id] = f"a{n.agency_id}"
    extra_agencies = [
        AgencyRecord(id=aid[a.pk], name=a.name, kind=AgencyKind(a.kind))
        for a in Agency.objects.filter(pk__in=set(aid) - {i.agency_id for i in involvements}).order_by("id")
    ]
    return {
        "id": family.reference,
        "name": family.name,
        "team": family.team.name,
        "allocated_to": tuple(
            family.allocations.filter(ended_on__isnull=True).order_by("id").values_list("worker__username", flat=True)
        ),
        "households": tuple(HouseholdRecord(id=hid[h.pk], name=h.name) for h in households),
        "people": tuple(
            PersonRecord(
                id=pid[p.pk],
                role=p.role,  # type: ignore[arg-type]  # pydantic coerces the stored value to Role
                given_name=p.given_name,
                family_name=p.family_name,
                date_of_birth=p.date_of_birth,
                expected_date_of_birth=p.expected_date_of_birth,
                household=hid.get(p.household_id) if p.household_id else None,
                pronouns=p.pronouns or None,  # type: ignore[arg-type]  # pydantic coerces the stored value
            )
            for p in family.people.all().order_by("id")
        ),
        "relationships": tuple(
            RelationshipRecord.model_validate(
                {"from": pid[r.from_person_id], "to": pid[r.to_person_id], "kind": r.kind}
            )
            for r in family.relationships.filter(struck_out_at=None).order_by("id")
        ),
        "agencies": tuple(
            [
                AgencyRecord(id=aid[i.agency_id], name=i.agency.name, kind=AgencyKind(i.agency.kind), contact=i.contact)
                for i in involvements
            ]
            + extra_agencies
        ),
        "notes": tuple(
            NoteRecord(
                id=n.external_id or f"n{n.pk}",
                date=n.occurred_on,
                contact_type=n.contact_type,  # type: ignore[arg-type]
                agency=aid.get(n.agency_id) if n.agency_id else None,
                author=n.author_name,
                present=tuple(pid[p.pk] for p in sorted(n.present.all(), key=lambda p: p.pk)),
                text=n.text,
            )
            for n in notes
        ),
        "contact_attempts": tuple(
            ContactAttemptRecord(
                id=c.external_id or f"c{c.pk}",
                person=pid[c.person_id],
                date=c.occurred_on,
                outcome=c.outcome,  # type: ignore[arg-type]
                method=c.method,  # type: ignore[arg-type]
                author=c.author_name,
                note=c.note,
            )
            for c in family.contact_attempts.filter(struck_out_at=None).order_by("occurred_on", "id")
        ),
    }


class Lookups:
    """Teams, agencies and staff, found or made once per import."""

    def __init__(self) -> None:
        self.teams: dict[str, Team] = {t.name: t for t in Team.objects.all()}
        self.agencies: dict[str, Agency] = {a.name: a for a in Agency.objects.all()}
        self.users: dict[str, User] = {}

    def team(self, name: str) -> Team:
        if name not in self.teams:
            self.teams[name] = Team.objects.create(name=name)
        return self.teams[name]

    def agency(self, record: AgencyRecord) -> Agency:
        if record.name not in self.agencies:
            self.agencies[record.name] = Agency.objects.create(name=record.name, kind=record.kind.value)
        return self.agencies[record.name]

    def user(self, username: str) -> User | None:
        if username not in self.users:
            found = User.objects.filter(username=username).first()
            if found is None:
                return None
            self.users[username] = found
        return self.users[username]


@dataclass
class CasePartWritten:
    families: list[Family]
    people: PeopleByRef
    counts: Counter[str]
    unknown_workers: set[str]


def _write_people(families: list[Family], batch: list[CaseRecordPart]) -> PeopleByRef:
    households: list[tuple[Family, HouseholdRecord, Household]] = []
    for fam, rec in zip(families, batch, strict=True):
        households += [(fam, h, Household(family=fam, name=h.name, external_id=h.id)) for h in rec.households]
    Household.objects.bulk_create([h for _, _, h in households])
    hh = {(f.pk, hr.id): h for f, hr, h in households}
    people: list[tuple[Family, PersonRecord, Person]] = []
    for fam, rec in zip(families, batch, strict=True):
        people += [
            (
                fam,
                p,
                Person(
                    family=fam,
                    role=p.role.value,
                    given_name=p.given_name,
                    family_name=p.family_name,
                    date_of_birth=p.date_of_birth,
                    expected_date_of_birth=p.expected_date_of_birth,
                    household=hh.get((fam.pk, p.household)) if p.household else None,
                    pronouns=p.pronouns.value if p.pronouns else "",
                    external_id=p.id,
                ),
            )
            for p in rec.people
        ]
    Person.objects.bulk_create([p for _, _, p in people])
    return {(f.pk, pr.id): p for f, pr, p in people}


def _notes(
    fam: Family, rec: CaseRecordPart, agency_by_id: dict[str, Agency], person: PeopleByRef
) -> list[tuple[CaseNote, list[Person]]]:
    return [
        (
            CaseNote(
                family=fam,
                occurred_on=n.date,
                contact_type=n.contact_type.value,
                agency=agency_by_id[n.agency] if n.agency else None,
                author_name=n.author,
                text=n.text,
                external_id=n.id,
            ),
            [person[(fam.pk, pid)] for pid in n.present],
        )
        for n in rec.notes
    ]


def write_case_part(
    batch: list[CaseRecordPart], lookups: Lookups, *, today: dt.date, import_run: ImportRun
) -> CasePartWritten:
    """Writes the families of a checked batch and their case records, out of sight until the import
    finishes; the other parts follow."""
    families = Family.objects.bulk_create(
        [
            Family(reference=r.id, name=r.name, team=lookups.team(r.team), opened_on=today, import_run=import_run)
            for r in batch
        ]
    )
    person = _write_people(families, batch)
    relationships, involvements, attempts, allocations = [], [], [], []
    notes: list[tuple[CaseNote, list[Person]]] = []
    unknown: set[str] = set()
    for fam, rec in zip(families, batch, strict=True):
        relationships += [
            Relationship(
                family=fam,
                from_person=person[(fam.pk, r.from_person)],
                to_person=person[(fam.pk, r.to_person)],
                kind=r.kind.value,
            )
            for r in rec.relationships
        ]
        agency_by_id = {a.id: lookups.agency(a) for a in rec.agencies}
        involvements += [
            AgencyInvolvement(family=fam, agency=agency_by_id[a.id], contact=a.contact, external_id=a.id)
            for a in rec.agencies
        ]
        notes += _notes(fam, rec, agency_by_id, person)
        attempts += [
            ContactAttempt(
                family=fam,
                person=person[(fam.pk, c.person)],
                occurred_on=c.date,
                outcome=c.outcome.value,
                method=c.method.value,
                author_name=c.author,
                note=c.note,
                external_id=c.id,
            )
            for c in rec.contact_attempts
        ]
        for username in rec.allocated_to:
            worker = lookups.user(username)
            if worker is None:
                unknown.add(username)
            else:
                allocations.append(Allocation(family=fam, worker=worker, allocated_on=today))
    Relationship.objects.bulk_create(relationships)
    AgencyInvolvement.objects.bulk_create(involvements)
    CaseNote.objects.bulk_create([n for n, _ in notes], batch_size=BATCH)
    Through = CaseNote.present.through
    Through.objects.bulk_create(
        [Through(casenote_id=n.pk, person_id=p.pk) for n, ps in notes for p in ps], batch_size=2000
    )
    ContactAttempt.objects.bulk_create(attempts, batch_size=BATCH)
    Allocation.objects.bulk_create(allocations)
    counts = Counter(people=len(person), notes=len(notes), contact_attempts=len(attempts))
    return CasePartWritten(families=families, people=person, counts=counts, unknown_workers=unknown)
