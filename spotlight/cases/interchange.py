"""Import and export of the case-file format (see casefile.py) to and from the database.

Import is all-or-nothing: the whole file is checked inside one transaction, and if
any line is wrong nothing is written and every problem is reported by line and field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TextIO

from django.db import transaction
from django.db.models import QuerySet

from spotlight.access.models import AccessAction, Allocation, Team, User
from spotlight.access.services import access_log_write_many
from spotlight.cases.casefile import (
    AgencyRecord,
    BehaviourEntryRecord,
    CaseFileError,
    CaseFileInvalid,
    ChildHarmRecord,
    ComplicatingFactorRecord,
    ContactAttemptRecord,
    FamilyRecord,
    HouseholdRecord,
    NoteRecord,
    PersonRecord,
    ProgrammeReferralRecord,
    ProtectiveEffortRecord,
    RelationshipRecord,
    dump_family,
    scan_families,
)
from spotlight.cases.models import (
    Agency,
    AgencyInvolvement,
    CaseNote,
    ContactAttempt,
    Family,
    Household,
    Person,
    Relationship,
)
from spotlight.cases.vocabulary import AgencyKind
from spotlight.clock import local_today
from spotlight.pattern.models import BehaviourEntry, ChildHarm, ComplicatingFactor, ProgrammeReferral, ProtectiveEffort

BATCH = 500


# --- export -------------------------------------------------------------------------

#: Fields a behaviour entry has, by the same name, in the database and in the case file.
BEHAVIOUR_ENTRY_FIELDS = (
    "kind",
    "relationship",
    "prior_partner",
    "occurred_on",
    "period",
    "place",
    "presenting_incident",
    "before",
    "during",
    "after",
    "source",
    "description",
)
#: Programme referral fields that are the same in the case file and the database.
REFERRAL_FIELDS = ("programme", "provider", "referred_on", "status", "status_on", "support_for_her", "note")


def family_to_record(family: Family) -> FamilyRecord:
    """The family as one case-file record. Sealed details are never included."""
    households = list(family.households.all().order_by("id"))
    people = list(family.people.all().order_by("id"))
    involvements = list(family.involvements.select_related("agency").order_by("id"))
    hid = {h.pk: h.external_id or f"h{h.pk}" for h in households}
    pid = {p.pk: p.external_id or f"p{p.pk}" for p in people}
    aid = {i.agency_id: i.external_id or f"a{i.agency_id}" for i in involvements}
    notes = list(family.notes.select_related("agency").prefetch_related("present").order_by("occurred_on", "id"))
    for n in notes:  # an agency named on a note but not recorded as involved still travels with the note
        if n.agency_id and n.agency_id not in aid:
            aid[n.agency_id] = f"a{n.agency_id}"
    extra_agencies = [
        AgencyRecord(id=aid[a.pk], name=a.name, kind=AgencyKind(a.kind))
        for a in Agency.objects.filter(pk__in=set(aid) - {i.agency_id for i in involvements}).order_by("id")
    ]
    behaviour_entries, protective_efforts, complicating_factors = _pattern_map_records(family, pid)
    return FamilyRecord(
        id=family.reference,
        name=family.name,
        team=family.team.name,
        allocated_to=tuple(
            family.allocations.filter(ended_on__isnull=True).order_by("id").values_list("worker__username", flat=True)
        ),
        households=tuple(HouseholdRecord(id=hid[h.pk], name=h.name) for h in households),
        people=tuple(
            PersonRecord(
                id=pid[p.pk],
                role=p.role,  # type: ignore[arg-type]  # pydantic coerces the stored value to Role
                given_name=p.given_name,
                family_name=p.family_name,
                date_of_birth=p.date_of_birth,
                expected_date_of_birth=p.expected_date_of_birth,
                household=hid.get(p.household_id) if p.household_id else None,
            )
            for p in people
        ),
        relationships=tuple(
            RelationshipRecord.model_validate(
                {"from": pid[r.from_person_id], "to": pid[r.to_person_id], "kind": r.kind}
            )
            for r in family.relationships.order_by("id")
        ),
        agencies=tuple(
            [
                AgencyRecord(id=aid[i.agency_id], name=i.agency.name, kind=AgencyKind(i.agency.kind), contact=i.contact)
                for i in involvements
            ]
            + extra_agencies
        ),
        notes=tuple(
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
        contact_attempts=tuple(
            ContactAttemptRecord(
                id=c.external_id or f"c{c.pk}",
                person=pid[c.person_id],
                date=c.occurred_on,
                outcome=c.outcome,  # type: ignore[arg-type]
                method=c.method,  # type: ignore[arg-type]
                author=c.author_name,
                note=c.note,
            )
            for c in family.contact_attempts.order_by("occurred_on", "id")
        ),
        behaviour_entries=behaviour_entries,
        protective_efforts=protective_efforts,
        complicating_factors=complicating_factors,
        programme_referrals=tuple(
            ProgrammeReferralRecord(
                id=r.external_id or f"pr{r.pk}",
                person=pid[r.person_id],
                **{name: getattr(r, name) for name in REFERRAL_FIELDS},
            )
            for r in family.programme_referrals.order_by("referred_on", "id")
        ),
    )


def _pattern_map_records(
    family: Family, pid: dict[int, str]
) -> tuple[tuple[BehaviourEntryRecord, ...], tuple[ProtectiveEffortRecord, ...], tuple[ComplicatingFactorRecord, ...]]:
    """The family's pattern map as case-file arrays, in the map's own order (by date, undated last)."""
    entries = family.behaviour_entries.prefetch_related("child_harms")
    efforts = family.protective_efforts.prefetch_related("children")
    factors = family.complicating_factors.order_by("id")
    return (
        tuple(
            BehaviourEntryRecord(
                id=b.external_id or f"b{b.pk}",
                person=pid[b.person_id],
                **{name: getattr(b, name) for name in BEHAVIOUR_ENTRY_FIELDS},
                child_harms=tuple(
                    ChildHarmRecord(child=pid[h.child_id], his_action=h.his_action, impact=h.impact)
                    for h in sorted(b.child_harms.all(), key=lambda h: h.pk)
                ),
            )
            for b in entries
        ),
        tuple(
            ProtectiveEffortRecord(
                id=e.external_id or f"pe{e.pk}",
                survivor=pid[e.survivor_id],
                kind=e.kind,
                occurred_on=e.occurred_on,
                description=e.description,
                source=e.source,
                children=tuple(pid[c.pk] for c in sorted(e.children.all(), key=lambda c: c.pk)),
            )
            for e in efforts
        ),
        tuple(
            ComplicatingFactorRecord(
                id=f.external_id or f"cf{f.pk}",
                person=pid[f.person_id],
                factor=f.factor,
                interaction=f.interaction,
                source=f.source,
            )
            for f in factors
        ),
    )


def export_families(
    families: QuerySet[Family], out: TextIO, *, user: User | None, progress: Callable[[int], None] | None = None
) -> int:
    """Writes every family in `families` (which the caller got through the read gate)."""
    count = 0
    ids: list[int] = []
    for family in families.select_related("team").order_by("id").iterator(chunk_size=200):
        out.write(dump_family(family_to_record(family)))
        out.write("\n")
        ids.append(family.pk)
        count += 1
        if progress:
            progress(1)
        if len(ids) >= BATCH:
            access_log_write_many(user=user, action=AccessAction.EXPORT, what="case-file export", family_ids=ids)
            ids = []
    if ids:
        access_log_write_many(user=user, action=AccessAction.EXPORT, what="case-file export", family_ids=ids)
    return count


# --- import -------------------------------------------------------------------------


@dataclass
class ImportResult:
    families: int = 0
    people: int = 0
    notes: int = 0
    contact_attempts: int = 0
    behaviour_entries: int = 0
    protective_efforts: int = 0
    complicating_factors: int = 0
    programme_referrals: int = 0
    unknown_workers: set[str] = field(default_factory=set)


class _Lookups:
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


def _write_batch(batch: list[FamilyRecord], lookups: _Lookups, result: ImportResult, user: User | None) -> None:
    today = local_today()
    families = Family.objects.bulk_create(
        [Family(reference=r.id, name=r.name, team=lookups.team(r.team), opened_on=today) for r in batch]
    )
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
                    external_id=p.id,
                ),
            )
            for p in rec.people
        ]
    Person.objects.bulk_create([p for _, _, p in people])
    person = {(f.pk, pr.id): p for f, pr, p in people}

    relationships, involvements, notes, attempts, allocations = [], [], [], [], []
    note_people: list[tuple[CaseNote, list[Person]]] = []
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
        for n in rec.notes:
            note = CaseNote(
                family=fam,
                occurred_on=n.date,
                contact_type=n.contact_type.value,
                agency=agency_by_id[n.agency] if n.agency else None,
                author_name=n.author,
                text=n.text,
                external_id=n.id,
            )
            notes.append(note)
            note_people.append((note, [person[(fam.pk, pid)] for pid in n.present]))
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
                result.unknown_workers.add(username)
            else:
                allocations.append(Allocation(family=fam, worker=worker, allocated_on=today))
    Relationship.objects.bulk_create(relationships)
    AgencyInvolvement.objects.bulk_create(involvements)
    CaseNote.objects.bulk_create(notes, batch_size=BATCH)
    Through = CaseNote.present.through
    Through.objects.bulk_create(
        [Through(casenote_id=n.pk, person_id=p.pk) for n, ps in note_people for p in ps], batch_size=2000
    )
    ContactAttempt.objects.bulk_create(attempts, batch_size=BATCH)
    Allocation.objects.bulk_create(allocations)
    _write_pattern_maps(families, batch, person, result, user)
    access_log_write_many(
        user=user, action=AccessAction.IMPORT, what="case-file import", family_ids=[f.pk for f in families]
    )

    result.families += len(batch)
    result.people += len(people)
    result.notes += len(notes)
    result.contact_attempts += len(attempts)


def _write_pattern_maps(
    families: list[Family],
    batch: list[FamilyRecord],
    person: dict[tuple[int, str], Person],
    result: ImportResult,
    user: User | None,
) -> None:
    """The pattern map's rows, checked already (catalogue ids, roles, dates) by `check_family`."""
    entries: list[tuple[BehaviourEntry, BehaviourEntryRecord, Family]] = []
    efforts: list[tuple[ProtectiveEffort, ProtectiveEffortRecord, Family]] = []
    factors: list[ComplicatingFactor] = []
    referrals: list[ProgrammeReferral] = []
    for fam, rec in zip(families, batch, strict=True):
        for b in rec.behaviour_entries:
            entry = BehaviourEntry(
                family=fam,
                person=person[(fam.pk, b.person)],
                **{name: getattr(b, name) for name in BEHAVIOUR_ENTRY_FIELDS},
                external_id=b.id,
                recorded_by=user,
            )
            entries.append((entry, b, fam))
        for e in rec.protective_efforts:
            effort = ProtectiveEffort(
                family=fam,
                survivor=person[(fam.pk, e.survivor)],
                kind=e.kind,
                occurred_on=e.occurred_on,
                description=e.description,
                source=e.source,
                external_id=e.id,
                recorded_by=user,
            )
            efforts.append((effort, e, fam))
        factors += [
            ComplicatingFactor(
                family=fam,
                person=person[(fam.pk, f.person)],
                factor=f.factor,
                interaction=f.interaction,
                source=f.source,
                external_id=f.id,
                recorded_by=user,
            )
            for f in rec.complicating_factors
        ]
        referrals += [
            ProgrammeReferral(
                family=fam,
                person=person[(fam.pk, r.person)],
                **{name: getattr(r, name) for name in REFERRAL_FIELDS},
                external_id=r.id,
                recorded_by=user,
            )
            for r in rec.programme_referrals
        ]
    BehaviourEntry.objects.bulk_create([e for e, _, _ in entries], batch_size=BATCH)
    ChildHarm.objects.bulk_create(
        [
            ChildHarm(
                entry=entry,
                child=person[(fam.pk, h.child)],
                his_action=h.his_action,
                impact=h.impact,
                recorded_by=user,
            )
            for entry, b, fam in entries
            for h in b.child_harms
        ],
        batch_size=BATCH,
    )
    ProtectiveEffort.objects.bulk_create([e for e, _, _ in efforts], batch_size=BATCH)
    Through = ProtectiveEffort.children.through
    Through.objects.bulk_create(
        [
            Through(protectiveeffort_id=effort.pk, person_id=person[(fam.pk, ref)].pk)
            for effort, e, fam in efforts
            for ref in e.children
        ],
        batch_size=2000,
    )
    ComplicatingFactor.objects.bulk_create(factors, batch_size=BATCH)
    ProgrammeReferral.objects.bulk_create(referrals, batch_size=BATCH)
    result.behaviour_entries += len(entries)
    result.programme_referrals += len(referrals)
    result.protective_efforts += len(efforts)
    result.complicating_factors += len(factors)


def import_case_file(
    lines: Iterable[str],
    *,
    user: User | None = None,
    today: dt.date | None = None,
    progress: Callable[[int], None] | None = None,
    max_errors: int = 50,
) -> ImportResult:
    """Imports every family in the file, or none: raises CaseFileInvalid naming each problem."""
    result = ImportResult()
    errors: list[CaseFileError] = []
    with transaction.atomic():
        lookups = _Lookups()
        pending: list[tuple[int, FamilyRecord]] = []

        def flush() -> None:
            refs = {r.id: n for n, r in pending}
            for ref in Family.objects.filter(reference__in=list(refs)).values_list("reference", flat=True):
                errors.append(CaseFileError(refs[ref], "id", f'a family with id "{ref}" is already in Spotlight'))
            if not errors:
                _write_batch([r for _, r in pending], lookups, result, user)
            pending.clear()

        for number, record, problems in _with_progress(scan_families(lines, today=today), progress):
            errors.extend(problems)
            if record is not None and not problems:
                pending.append((number, record))
            if len(pending) >= BATCH:
                flush()
            if len(errors) >= max_errors:
                break
        if pending and len(errors) < max_errors:
            flush()
        if errors:
            transaction.set_rollback(True)
    if errors:
        raise CaseFileInvalid(errors[:max_errors])
    return result


def _with_progress(
    items: Iterator[tuple[int, FamilyRecord | None, list[CaseFileError]]], progress: Callable[[int], None] | None
) -> Iterator[tuple[int, FamilyRecord | None, list[CaseFileError]]]:
    for item in items:
        yield item
        if progress:
            progress(1)
