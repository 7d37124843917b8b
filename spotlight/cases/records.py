"""The case record's kinds of record a worker can correct: what each holds (keyed as on its form)
and how a correction is checked and saved (by the same checks as a new record)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from spotlight.access.models import SealedDetail
from spotlight.cases import services
from spotlight.cases.gate import WritableFamily
from spotlight.cases.models import AgencyInvolvement, CaseNote, ContactAttempt, Family, Person, Relationship
from spotlight.cases.versions import RecordKind
from spotlight.vocabulary import AgencyKind, Role


def _by_author(record: CaseNote | ContactAttempt) -> tuple[dt.datetime | None, str]:
    return record.created_at, record.author_name


def _person_write(target: WritableFamily, person: Person, data: dict[str, Any]) -> None:
    services.person_fill(
        person,
        role=Role(data["role"]),
        given_name=data["given_name"],
        family_name=data["family_name"],
        date_of_birth=data["date_of_birth"],
        expected_date_of_birth=data["expected_date_of_birth"],
        pronouns=data.get("pronouns", ""),
    )
    person.save()


PERSON: RecordKind[Person] = RecordKind(
    key="person",
    label="person",
    records=lambda family: Person.objects.filter(family=family),
    read=lambda p: {
        "role": p.role,
        "given_name": p.given_name,
        "family_name": p.family_name,
        "pronouns": p.pronouns,
        "date_of_birth": p.date_of_birth,
        "expected_date_of_birth": p.expected_date_of_birth,
    },
    write=_person_write,
)


def _relationship_write(target: WritableFamily, relationship: Relationship, data: dict[str, Any]) -> None:
    services.relationship_fill(
        target,
        relationship,
        from_person_id=data["from_person"],
        to_person_id=data["to_person"],
        kind=data["kind"],
    )
    relationship.save()


RELATIONSHIP: RecordKind[Relationship] = RecordKind(
    key="relationship",
    label="relationship",
    records=lambda family: Relationship.objects.filter(family=family),
    read=lambda r: {"from_person": r.from_person_id, "kind": r.kind, "to_person": r.to_person_id},
    write=_relationship_write,
)


def _involvement_write(target: WritableFamily, involvement: AgencyInvolvement, data: dict[str, Any]) -> None:
    services.agency_involvement_fill(
        target, involvement, agency_name=data["agency_name"], kind=AgencyKind(data["kind"]), contact=data["contact"]
    )
    involvement.save()


AGENCY_INVOLVEMENT: RecordKind[AgencyInvolvement] = RecordKind(
    key="agency",
    label="agency involvement",
    records=lambda family: AgencyInvolvement.objects.filter(family=family).select_related("agency"),
    read=lambda i: {"agency_name": i.agency.name, "kind": i.agency.kind, "contact": i.contact},
    write=_involvement_write,
)


def _note_write(target: WritableFamily, note: CaseNote, data: dict[str, Any]) -> None:
    agency = data.get("agency")
    present = services.case_note_fill(
        target,
        note,
        occurred_on=data["occurred_on"],
        contact_type=data["contact_type"],
        text=data["text"],
        present_ids=data.get("present") or (),
        agency_id=agency.pk if agency is not None else None,
    )
    note.save()
    note.present.set(present)


CASE_NOTE: RecordKind[CaseNote] = RecordKind(
    key="case-note",
    label="case note",
    records=lambda family: CaseNote.objects.filter(family=family),
    read=lambda n: {
        "occurred_on": n.occurred_on,
        "contact_type": n.contact_type,
        "agency": n.agency_id,
        "present": sorted(p.pk for p in n.present.all()),
        "text": n.text,
    },
    write=_note_write,
    first_made=_by_author,
)


def _attempt_write(target: WritableFamily, attempt: ContactAttempt, data: dict[str, Any]) -> None:
    services.contact_attempt_fill(
        target,
        attempt,
        person_id=data["person"],
        occurred_on=data["occurred_on"],
        outcome=data["outcome"],
        method=data["method"],
        note=data["note"],
    )
    attempt.save()


CONTACT_ATTEMPT: RecordKind[ContactAttempt] = RecordKind(
    key="contact-attempt",
    label="contact attempt",
    records=lambda family: ContactAttempt.objects.filter(family=family),
    read=lambda a: {
        "person": a.person_id,
        "occurred_on": a.occurred_on,
        "method": a.method,
        "outcome": a.outcome,
        "note": a.note,
    },
    write=_attempt_write,
    first_made=_by_author,
)


def _sealed_write(target: WritableFamily, detail: SealedDetail, data: dict[str, Any]) -> None:
    services.sealed_detail_fill(
        target, detail, address=data["address"], phone=data["phone"], safe_contacts=data["safe_contacts"]
    )
    detail.save()


def _sealed_records(family: Family) -> QuerySet[SealedDetail]:
    return SealedDetail.objects.filter(person__family=family)


SEALED_DETAIL: RecordKind[SealedDetail] = RecordKind(
    key="sealed-details",
    label="sealed details",
    records=_sealed_records,
    read=lambda d: {"address": d.address, "phone": d.phone, "safe_contacts": d.safe_contacts},
    write=_sealed_write,
    sealed=True,
    strikeable=False,
)
