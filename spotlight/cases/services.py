"""Writes to the case record. Views, the command line and tasks call these; nothing else writes
case records.

Every write to an existing family takes a `WritableFamily`, which only the write gate
(`spotlight.cases.gate.family_for_write`) hands out, so a caller cannot skip the gate. People,
agencies and notes are named by id and looked up inside the family: an id from another family is
refused as a mistake in that field. Each write is validated, saved atomically and logged (what kind
of thing and its id, never its words).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from spotlight.access import policy
from spotlight.access.log import access_log_write
from spotlight.access.models import AccessAction, Allocation, Restriction, SealedDetail, Team, User
from spotlight.cases.gate import WritableFamily
from spotlight.cases.models import (
    Agency,
    AgencyInvolvement,
    CaseNote,
    ContactAttempt,
    Family,
    Person,
    Relationship,
)
from spotlight.clock import local_today
from spotlight.vocabulary import AgencyKind, Role

_ROLE_WORDS = {
    Role.PERSON_CAUSING_HARM: "a person causing harm",
    Role.ADULT_SURVIVOR: "an adult survivor",
    Role.CHILD: "a child",
    Role.OTHER_ADULT: "another adult",
}


def person_in_family(family: Family, person_id: int, *, field: str, role: Role | None = None) -> Person:
    """The family's person with this id (and role), or a ValidationError on `field` saying what is wrong."""
    person = Person.objects.filter(family=family, pk=person_id).first()
    if person is None:
        raise ValidationError({field: "Choose someone from this family."})
    if role is not None and person.role != role:
        raise ValidationError({field: f"{person.full_name} is not recorded as {_ROLE_WORDS[role]} in this family."})
    return person


def _next_reference() -> str:
    last = (
        Family.objects.filter(reference__startswith="SPL-")
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.split("-")[1]) + 1 if last and last.split("-")[1].isdigit() else 1
    return f"SPL-{number:06d}"


@transaction.atomic
def family_create(*, user: User, name: str, team: Team, reference: str = "") -> Family:
    """Opens a family record in one of her teams; a caseworker's new family is allocated to her."""
    if not policy.may_change_record(user):
        raise PermissionDenied("Your role cannot open new family records.")
    if not user.teams.filter(pk=team.pk).exists():
        raise ValidationError({"team": "Choose one of your own teams."})
    family = Family(name=name.strip(), team=team, reference=reference.strip() or _next_reference())
    family.full_clean()
    family.save()
    if policy.allocated_on_creation(user):
        Allocation.objects.create(family=family, worker=user, allocated_on=local_today())
    access_log_write(user=user, action=AccessAction.CREATE, family_id=family.pk, what="family record")
    return family


def person_fill(
    person: Person,
    *,
    role: Role,
    given_name: str,
    family_name: str = "",
    date_of_birth: dt.date | None = None,
    expected_date_of_birth: dt.date | None = None,
    pronouns: str = "",
) -> Person:
    """Checks and sets what a worker records of a person (on a new one, or in a correction)."""
    person.role = role.value
    person.pronouns = pronouns
    person.given_name = given_name.strip()
    person.family_name = family_name.strip()
    person.date_of_birth = date_of_birth
    person.expected_date_of_birth = expected_date_of_birth
    person.full_clean()
    return person


@transaction.atomic
def person_create(
    *,
    target: WritableFamily,
    role: Role,
    given_name: str,
    family_name: str = "",
    date_of_birth: dt.date | None = None,
    expected_date_of_birth: dt.date | None = None,
    pronouns: str = "",
) -> Person:
    person = person_fill(
        Person(family=target.family),
        role=role,
        given_name=given_name,
        family_name=family_name,
        date_of_birth=date_of_birth,
        expected_date_of_birth=expected_date_of_birth,
        pronouns=pronouns,
    )
    person.save()
    target.log(AccessAction.CREATE, f"person {person.pk}")
    return person


def relationship_fill(
    target: WritableFamily, relationship: Relationship, *, from_person_id: int, to_person_id: int, kind: str
) -> Relationship:
    from_person = person_in_family(target.family, from_person_id, field="from_person")
    to_person = person_in_family(target.family, to_person_id, field="to_person")
    if from_person.pk == to_person.pk:
        raise ValidationError({"to_person": "Choose two different people."})
    same = Relationship.objects.filter(from_person=from_person, to_person=to_person, kind=kind, struck_out_at=None)
    if same.exclude(pk=relationship.pk).exists():
        raise ValidationError({"kind": "This relationship is already recorded."})
    relationship.from_person, relationship.to_person, relationship.kind = from_person, to_person, kind
    relationship.full_clean()
    return relationship


@transaction.atomic
def relationship_create(*, target: WritableFamily, from_person_id: int, to_person_id: int, kind: str) -> Relationship:
    relationship = relationship_fill(
        target,
        Relationship(family=target.family),
        from_person_id=from_person_id,
        to_person_id=to_person_id,
        kind=kind,
    )
    relationship.save()
    target.log(AccessAction.CREATE, f"relationship {relationship.pk}")
    return relationship


def agency_involvement_fill(
    target: WritableFamily, involvement: AgencyInvolvement, *, agency_name: str, kind: AgencyKind, contact: str = ""
) -> AgencyInvolvement:
    """The agency is added to the list if it is new; an agency already listed keeps its kind, which
    other families share."""
    agency, _ = Agency.objects.get_or_create(name=agency_name.strip(), defaults={"kind": kind.value})
    involved = AgencyInvolvement.objects.filter(family=target.family, agency=agency, struck_out_at=None)
    if involved.exclude(pk=involvement.pk).exists():
        raise ValidationError({"agency_name": f"{agency.name} is already recorded as involved with this family."})
    involvement.agency, involvement.contact = agency, contact.strip()
    involvement.full_clean()
    return involvement


@transaction.atomic
def agency_involvement_create(
    *, target: WritableFamily, agency_name: str, kind: AgencyKind, contact: str = ""
) -> AgencyInvolvement:
    """Records an agency as involved with the family."""
    involvement = agency_involvement_fill(
        target, AgencyInvolvement(family=target.family), agency_name=agency_name, kind=kind, contact=contact
    )
    involvement.save()
    target.log(AccessAction.CREATE, f"agency involvement {involvement.pk}")
    return involvement


def case_note_fill(
    target: WritableFamily,
    note: CaseNote,
    *,
    occurred_on: dt.date,
    contact_type: str,
    text: str,
    present_ids: Collection[int] = (),
    agency_id: int | None = None,
) -> list[Person]:
    """Checks and sets the note's fields; returns who was present, to set once the note is saved."""
    family = target.family
    present = list(Person.objects.filter(family=family, pk__in=list(present_ids)))
    if len(present) != len(set(present_ids)):
        raise ValidationError({"present": "Everyone present must belong to this family."})
    agency = None
    if agency_id is not None:
        agency = Agency.objects.filter(pk=agency_id, involvements__family=family).first()
        if agency is None:
            raise ValidationError({"agency": "Choose an agency involved with this family."})
    if occurred_on > local_today():
        raise ValidationError({"occurred_on": "The date of the contact must be today or in the past."})
    note.occurred_on, note.contact_type, note.agency, note.text = occurred_on, contact_type, agency, text
    note.full_clean()
    return present


@transaction.atomic
def case_note_create(
    *,
    target: WritableFamily,
    occurred_on: dt.date,
    contact_type: str,
    text: str,
    present_ids: Collection[int] = (),
    agency_id: int | None = None,
) -> CaseNote:
    note = CaseNote(family=target.family, author=target.user, author_name=target.user.display_name)
    present = case_note_fill(
        target,
        note,
        occurred_on=occurred_on,
        contact_type=contact_type,
        text=text,
        present_ids=present_ids,
        agency_id=agency_id,
    )
    note.save()
    note.present.set(present)
    target.log(AccessAction.CREATE, f"case note {note.pk}")
    return note


def contact_attempt_fill(
    target: WritableFamily,
    attempt: ContactAttempt,
    *,
    person_id: int,
    occurred_on: dt.date,
    outcome: str,
    method: str,
    note: str = "",
) -> ContactAttempt:
    person = person_in_family(target.family, person_id, field="person")
    if person.role != Role.PERSON_CAUSING_HARM:
        raise ValidationError({"person": "Contact attempts are recorded for a person causing harm."})
    if occurred_on > local_today():
        raise ValidationError({"occurred_on": "The date of the attempt must be today or in the past."})
    attempt.person, attempt.occurred_on, attempt.outcome, attempt.method = person, occurred_on, outcome, method
    attempt.note = note
    attempt.full_clean()
    return attempt


@transaction.atomic
def contact_attempt_create(
    *,
    target: WritableFamily,
    person_id: int,
    occurred_on: dt.date,
    outcome: str,
    method: str,
    note: str = "",
) -> ContactAttempt:
    attempt = contact_attempt_fill(
        target,
        ContactAttempt(family=target.family, author=target.user, author_name=target.user.display_name),
        person_id=person_id,
        occurred_on=occurred_on,
        outcome=outcome,
        method=method,
        note=note,
    )
    attempt.save()
    target.log(AccessAction.CREATE, f"contact attempt {attempt.pk}")
    return attempt


def sealed_detail_fill(
    target: WritableFamily, detail: SealedDetail, *, address: str, phone: str, safe_contacts: str
) -> SealedDetail:
    if not policy.may_change_sealed(target.user):
        raise PermissionDenied("Your account does not have permission to change sealed details.")
    detail.address, detail.phone, detail.safe_contacts = address.strip(), phone.strip(), safe_contacts.strip()
    detail.full_clean()
    return detail


@transaction.atomic
def sealed_detail_create(
    *, target: WritableFamily, person_id: int, address: str, phone: str, safe_contacts: str
) -> SealedDetail:
    """The first sealed details recorded for a person. Refused (as a stale copy) when someone has
    recorded them meanwhile: those are changed, with their history, by `versions.record_change`."""
    person = person_in_family(target.family, person_id, field="person")
    if SealedDetail.objects.filter(person=person).exists():
        raise SealedDetailExists(person.pk)
    detail = sealed_detail_fill(
        target, SealedDetail(person=person), address=address, phone=phone, safe_contacts=safe_contacts
    )
    detail.save()
    target.log(AccessAction.UPDATE, f"sealed details of person {person.pk}")
    return detail


class SealedDetailExists(Exception):
    """Someone recorded this person's sealed details after she opened the empty form."""


@transaction.atomic
def family_restrict(
    *, target: WritableFamily, reason: str, review_on: dt.date, staff_ids: Collection[int]
) -> Restriction:
    """Restricts the family's record to named staff (she is always among them, so she cannot shut
    herself out), with a reason and a date to review it by; or changes an existing restriction."""
    user = target.user
    if not policy.may_restrict(user):
        raise PermissionDenied("Only team managers and domestic abuse specialists can restrict a record.")
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = "Say why this record is restricted, for whoever reviews it."
    if review_on <= local_today():
        errors["review_on"] = "The review date must be in the future."
    elif review_on > local_today() + dt.timedelta(days=366):
        errors["review_on"] = "Review a restriction at least once a year: choose a date within 12 months."
    named = list(User.objects.filter(pk__in=list(staff_ids), is_active=True))
    if len(named) != len(set(staff_ids)) or any(not policy.may_be_named_on_restriction(u.staff_role) for u in named):
        errors["staff"] = "Choose staff who work with families' records."
    if errors:
        raise ValidationError(errors)
    restriction, _ = Restriction.objects.update_or_create(
        family=target.family, defaults={"reason": reason.strip(), "review_on": review_on, "set_by": user}
    )
    restriction.staff.set({*named, user})
    target.log(AccessAction.UPDATE, f"record restricted to {restriction.staff.count()} named staff")
    return restriction


@transaction.atomic
def family_restriction_lift(*, target: WritableFamily) -> bool:
    """Lifts the restriction: the record is open again by need-to-know. False if it was not restricted."""
    if not policy.may_restrict(target.user):
        raise PermissionDenied("Only team managers and domestic abuse specialists can lift a restriction.")
    deleted, _ = Restriction.objects.filter(family=target.family).delete()
    if deleted:
        target.log(AccessAction.UPDATE, "restriction lifted")
    return bool(deleted)


@transaction.atomic
def family_allocate(*, target: WritableFamily, worker_id: int, allocated_on: dt.date, reason: str) -> Allocation:
    """A manager allocates the family to a worker of her teams (ending whoever held it), with the date
    and her reason. The family then appears on that worker's caseload."""
    manager = target.user
    if not policy.may_allocate(manager):
        raise PermissionDenied("Only team managers allocate families.")
    errors: dict[str, str] = {}
    worker = User.objects.filter(pk=worker_id, is_active=True, teams__in=manager.teams.all()).distinct().first()
    if allocated_on > local_today():
        errors["allocated_on"] = "The date of the allocation must be today or in the past."
    if not reason.strip():
        errors["reason"] = "Say why, for the record: for example, a new allocation, or a worker leaving."
    if worker is None or not policy.has_caseload(worker):
        errors["worker"] = "Choose a social worker or domestic abuse specialist in one of your teams."
        raise ValidationError(errors)
    if errors:
        raise ValidationError(errors)
    current = Allocation.objects.filter(family=target.family, ended_on__isnull=True)
    if current.filter(worker=worker).exists() and current.count() == 1:
        raise ValidationError({"worker": f"{target.family.name} is already allocated to {worker.display_name}."})
    for held in current.exclude(worker=worker):
        held.ended_on = allocated_on
        held.save(update_fields=["ended_on"])
    allocation, _ = Allocation.objects.update_or_create(
        family=target.family,
        worker=worker,
        ended_on=None,
        defaults={"allocated_on": allocated_on, "reason": reason.strip(), "allocated_by": manager},
    )
    target.log(AccessAction.UPDATE, f"allocated to staff account {worker.get_username()}")
    return allocation
