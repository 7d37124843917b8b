"""Writes to the case record. Views, the command line and tasks call these; nothing else
writes case records. Each write is validated, saved atomically and logged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from spotlight.access.models import AccessAction, Allocation, SealedDetail, StaffRole, Team, User
from spotlight.access.services import access_log_write
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
from spotlight.cases.vocabulary import AgencyKind, Role
from spotlight.clock import local_today


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
    family = Family(name=name.strip(), team=team, reference=reference.strip() or _next_reference())
    family.full_clean()
    family.save()
    if user.staff_role in (StaffRole.SOCIAL_WORKER, StaffRole.DA_SPECIALIST):
        Allocation.objects.create(family=family, worker=user, allocated_on=local_today())
    access_log_write(user=user, action=AccessAction.CREATE, family_id=family.pk, what="family record")
    return family


@transaction.atomic
def person_create(
    *,
    user: User,
    family: Family,
    role: Role,
    given_name: str,
    family_name: str = "",
    date_of_birth: dt.date | None = None,
    expected_date_of_birth: dt.date | None = None,
    household: Household | None = None,
) -> Person:
    person = Person(
        family=family,
        role=role.value,
        given_name=given_name.strip(),
        family_name=family_name.strip(),
        date_of_birth=date_of_birth,
        expected_date_of_birth=expected_date_of_birth,
        household=household,
    )
    person.full_clean()
    person.save()
    access_log_write(user=user, action=AccessAction.CREATE, family_id=family.pk, what=f"person {person.pk}")
    return person


@transaction.atomic
def household_create(*, user: User, family: Family, name: str) -> Household:
    household = Household(family=family, name=name.strip())
    household.full_clean()
    household.save()
    access_log_write(user=user, action=AccessAction.CREATE, family_id=family.pk, what=f"household {household.pk}")
    return household


@transaction.atomic
def relationship_create(
    *, user: User, family: Family, from_person: Person, to_person: Person, kind: str
) -> Relationship:
    if from_person.family_id != family.pk or to_person.family_id != family.pk:
        raise ValidationError("Both people must belong to this family.")
    if from_person.pk == to_person.pk:
        raise ValidationError({"to_person": "Choose two different people."})
    if Relationship.objects.filter(from_person=from_person, to_person=to_person, kind=kind).exists():
        raise ValidationError({"kind": "This relationship is already recorded."})
    relationship = Relationship(family=family, from_person=from_person, to_person=to_person, kind=kind)
    relationship.full_clean()
    relationship.save()
    access_log_write(user=user, action=AccessAction.CREATE, family_id=family.pk, what=f"relationship {relationship.pk}")
    return relationship


def agency_get_or_create(*, name: str, kind: AgencyKind) -> Agency:
    agency, _ = Agency.objects.get_or_create(name=name.strip(), defaults={"kind": kind.value})
    return agency


@transaction.atomic
def agency_involvement_create(*, user: User, family: Family, agency: Agency, contact: str = "") -> AgencyInvolvement:
    if AgencyInvolvement.objects.filter(family=family, agency=agency).exists():
        raise ValidationError({"agency": f"{agency.name} is already recorded as involved with this family."})
    involvement = AgencyInvolvement(family=family, agency=agency, contact=contact.strip())
    involvement.full_clean()
    involvement.save()
    access_log_write(
        user=user, action=AccessAction.CREATE, family_id=family.pk, what=f"agency involvement {involvement.pk}"
    )
    return involvement


@transaction.atomic
def case_note_create(
    *,
    user: User,
    family: Family,
    occurred_on: dt.date,
    contact_type: str,
    text: str,
    present: Iterable[Person] = (),
    agency: Agency | None = None,
) -> CaseNote:
    present = list(present)
    if any(p.family_id != family.pk for p in present):
        raise ValidationError({"present": "Everyone present must belong to this family."})
    if occurred_on > local_today():
        raise ValidationError({"occurred_on": "The date of the contact must be today or in the past."})
    note = CaseNote(
        family=family,
        occurred_on=occurred_on,
        contact_type=contact_type,
        agency=agency,
        author=user,
        author_name=user.display_name,
        text=text,
    )
    note.full_clean()
    note.save()
    note.present.set(present)
    access_log_write(user=user, action=AccessAction.CREATE, family_id=family.pk, what=f"case note {note.pk}")
    return note


@transaction.atomic
def contact_attempt_create(
    *,
    user: User,
    family: Family,
    person: Person,
    occurred_on: dt.date,
    outcome: str,
    method: str,
    note: str = "",
) -> ContactAttempt:
    if person.family_id != family.pk:
        raise ValidationError({"person": "This person does not belong to this family."})
    if person.role != Role.PERSON_CAUSING_HARM:
        raise ValidationError({"person": "Contact attempts are recorded for a person causing harm."})
    if occurred_on > local_today():
        raise ValidationError({"occurred_on": "The date of the attempt must be today or in the past."})
    attempt = ContactAttempt(
        family=family,
        person=person,
        occurred_on=occurred_on,
        outcome=outcome,
        method=method,
        note=note,
        author=user,
        author_name=user.display_name,
    )
    attempt.full_clean()
    attempt.save()
    access_log_write(user=user, action=AccessAction.CREATE, family_id=family.pk, what=f"contact attempt {attempt.pk}")
    return attempt


@transaction.atomic
def sealed_detail_update(*, user: User, person: Person, address: str, phone: str, safe_contacts: str) -> SealedDetail:
    if not user.has_perm("access.view_sealed_details"):
        raise ValidationError("Your account does not have permission to change sealed details.")
    detail, _ = SealedDetail.objects.get_or_create(person=person)
    detail.address = address.strip()
    detail.phone = phone.strip()
    detail.safe_contacts = safe_contacts.strip()
    detail.full_clean()
    detail.save()
    access_log_write(
        user=user, action=AccessAction.UPDATE, family_id=person.family_id, what=f"sealed details of person {person.pk}"
    )
    return detail
