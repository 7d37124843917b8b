"""Writes to the pattern map. Views, the command line and tasks call these; nothing else writes it.

Each write passes the write gate (`family_for_write`: need-to-know and a role that may change the
record; a refusal is logged), is checked against the catalogue and the family's people, saved
atomically, and logged (what kind of thing and its id, never the free text).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models, transaction

from spotlight.access.models import AccessAction, User
from spotlight.access.selectors import family_for_write
from spotlight.access.services import access_log_write
from spotlight.cases.models import Family, Person
from spotlight.cases.vocabulary import Role
from spotlight.clock import local_today
from spotlight.pattern.catalogue import default_catalogue
from spotlight.pattern.models import (
    RELATIONSHIP_CHOICES,
    BehaviourEntry,
    ChildHarm,
    ComplicatingFactor,
    ProgrammeReferral,
    ProtectiveEffort,
    ReferralStatus,
)

_ROLE_WORDS = {
    Role.PERSON_CAUSING_HARM: "a person causing harm",
    Role.ADULT_SURVIVOR: "an adult survivor",
    Role.CHILD: "a child",
}


def _check_person(errors: dict[str, str], field: str, person: Person, family: Family, role: Role) -> None:
    if person.family_id != family.pk:
        errors[field] = f"{person.full_name} does not belong to this family."
    elif person.role != role:
        errors[field] = f"{person.full_name} is not recorded as {_ROLE_WORDS[role]} in this family."


def _check_not_future(errors: dict[str, str], field: str, day: dt.date | None) -> None:
    if day is not None and day > local_today():
        errors[field] = "The date must be today or in the past."


def _check_required(errors: dict[str, str], field: str, text: str, message: str) -> None:
    if not text.strip():
        errors[field] = message


def _check_source(errors: dict[str, str], source: str) -> None:
    if source not in {s.id for s in default_catalogue().sources}:
        errors["source"] = f"“{source}” is not a source in the pattern catalogue."


def _full_clean(obj: models.Model, errors: dict[str, str]) -> None:
    """Run the model's own checks too, and report every problem at once (field by field)."""
    found: dict[str, list[str]] = {field: [message] for field, message in errors.items()}
    try:
        obj.full_clean(exclude=list(errors))
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            found.setdefault(field, []).extend(m for m in messages if m not in found.get(field, []))
    if found:
        raise ValidationError(found)


def behaviour_entry_create(
    user: User,
    family: Family,
    *,
    person: Person,
    kind: str,
    source: str,
    relationship: str = "current",
    prior_partner: str = "",
    occurred_on: dt.date | None = None,
    period: str = "",
    place: str = "",
    presenting_incident: bool = False,
    before: str = "",
    during: str = "",
    after: str = "",
    description: str = "",
) -> BehaviourEntry:
    """Record one of his behaviours on the pattern map."""
    family = family_for_write(user, family.pk, what="pattern map: add a behaviour")
    with transaction.atomic():  # the gate stays outside: its logged refusal must survive the exception
        catalogue = default_catalogue()
        errors: dict[str, str] = {}
        _check_person(errors, "person", person, family, Role.PERSON_CAUSING_HARM)
        try:
            catalogue.behaviour(kind)
        except KeyError:
            errors["kind"] = f"“{kind}” is not a kind of behaviour in the pattern catalogue."
        _check_source(errors, source)
        if relationship not in {value for value, _ in RELATIONSHIP_CHOICES}:
            errors["relationship"] = "Choose the current relationship or an earlier relationship."
        _check_not_future(errors, "occurred_on", occurred_on)
        entry = BehaviourEntry(
            family=family,
            person=person,
            kind=kind,
            relationship=relationship,
            prior_partner=prior_partner.strip(),
            occurred_on=occurred_on,
            period=period.strip(),
            place=place.strip(),
            presenting_incident=presenting_incident,
            before=before.strip(),
            during=during.strip(),
            after=after.strip(),
            source=source,
            description=description.strip(),
            recorded_by=user,
        )
        _full_clean(entry, errors)
        entry.save()
        access_log_write(user=user, action=AccessAction.CREATE, family_id=family.pk, what=f"behaviour entry {entry.pk}")
        return entry


def child_harm_add(user: User, entry: BehaviourEntry, *, child: Person, his_action: str, impact: str) -> ChildHarm:
    """Link one of his behaviours to one child: what he did that harmed this child, and the impact on her or him."""
    family = family_for_write(user, entry.family_id, what=f"pattern map: harm to a child (entry {entry.pk})")
    with transaction.atomic():  # the gate stays outside: its logged refusal must survive the exception
        errors: dict[str, str] = {}
        _check_person(errors, "child", child, family, Role.CHILD)
        _check_required(errors, "his_action", his_action, "Say what he did that harmed this child.")
        _check_required(
            errors,
            "impact",
            impact,
            "Say what the impact was on this child, specifically (not “the children are affected”).",
        )
        if "child" not in errors and ChildHarm.objects.filter(entry=entry, child=child).exists():
            errors["child"] = f"The harm to {child.full_name} from this behaviour is already recorded."
        harm = ChildHarm(
            entry=entry, child=child, his_action=his_action.strip(), impact=impact.strip(), recorded_by=user
        )
        _full_clean(harm, errors)
        harm.save()
        access_log_write(user=user, action=AccessAction.CREATE, family_id=family.pk, what=f"child harm {harm.pk}")
        return harm


def protective_effort_create(
    user: User,
    family: Family,
    *,
    survivor: Person,
    kind: str,
    description: str,
    children: Iterable[Person],
    source: str,
    occurred_on: dt.date | None = None,
) -> ProtectiveEffort:
    """Record one of her protective efforts and the children it protected.

    When the family has children, the effort is linked to at least one of them.
    """
    family = family_for_write(user, family.pk, what="pattern map: add a protective effort")
    with transaction.atomic():  # the gate stays outside: its logged refusal must survive the exception
        catalogue = default_catalogue()
        children = list(children)
        errors: dict[str, str] = {}
        _check_person(errors, "survivor", survivor, family, Role.ADULT_SURVIVOR)
        if kind not in {k.id for g in catalogue.protective_efforts for k in g.kinds}:
            errors["kind"] = f"“{kind}” is not a kind of protective effort in the pattern catalogue."
        _check_required(errors, "description", description, "Say what she did, specifically.")
        _check_source(errors, source)
        _check_not_future(errors, "occurred_on", occurred_on)
        for child in children:
            _check_person(errors, "children", child, family, Role.CHILD)
        if not children and Person.objects.filter(family=family, role=Role.CHILD.value).exists():
            errors["children"] = "Choose the child or children this effort protected."
        effort = ProtectiveEffort(
            family=family,
            survivor=survivor,
            kind=kind,
            occurred_on=occurred_on,
            description=description.strip(),
            source=source,
            recorded_by=user,
        )
        _full_clean(effort, errors)
        effort.save()
        effort.children.set(children)
        access_log_write(
            user=user, action=AccessAction.CREATE, family_id=family.pk, what=f"protective effort {effort.pk}"
        )
        return effort


def complicating_factor_create(
    user: User, family: Family, *, person: Person, factor: str, interaction: str, source: str
) -> ComplicatingFactor:
    """Record a factor and how it interacts with his pattern (never as its cause)."""
    family = family_for_write(user, family.pk, what="pattern map: add a complicating factor")
    with transaction.atomic():  # the gate stays outside: its logged refusal must survive the exception
        errors: dict[str, str] = {}
        if person.family_id != family.pk:
            errors["person"] = f"{person.full_name} does not belong to this family."
        if factor not in {f.id for f in default_catalogue().complicating_factors}:
            errors["factor"] = f"“{factor}” is not a complicating factor in the pattern catalogue."
        _check_required(errors, "interaction", interaction, "Say how this interacts with his pattern of behaviour.")
        _check_source(errors, source)
        record = ComplicatingFactor(
            family=family,
            person=person,
            factor=factor,
            interaction=interaction.strip(),
            source=source,
            recorded_by=user,
        )
        _full_clean(record, errors)
        record.save()
        access_log_write(
            user=user, action=AccessAction.CREATE, family_id=family.pk, what=f"complicating factor {record.pk}"
        )
        return record


def _check_status_date(errors: dict[str, str], referred_on: dt.date | None, status_on: dt.date | None) -> None:
    _check_not_future(errors, "status_on", status_on)
    if "status_on" not in errors and referred_on and status_on and status_on < referred_on:
        errors["status_on"] = "The date of the status must be on or after the day he was referred."


def programme_referral_create(
    user: User,
    family: Family,
    *,
    person: Person,
    programme: str,
    referred_on: dt.date,
    status: str = ReferralStatus.REFERRED,
    status_on: dt.date | None = None,
    provider: str = "",
    support_for_her: bool = False,
    note: str = "",
) -> ProgrammeReferral:
    """Record a referral of a person causing harm to a programme, and where it has got to."""
    family = family_for_write(user, family.pk, what="pattern map: add a programme referral")
    with transaction.atomic():  # the gate stays outside: its logged refusal must survive the exception
        errors: dict[str, str] = {}
        _check_person(errors, "person", person, family, Role.PERSON_CAUSING_HARM)
        _check_not_future(errors, "referred_on", referred_on)
        _check_status_date(errors, referred_on, status_on)
        referral = ProgrammeReferral(
            family=family,
            person=person,
            programme=programme,
            provider=provider.strip(),
            referred_on=referred_on,
            status=status,
            status_on=status_on,
            support_for_her=support_for_her,
            note=note.strip(),
            recorded_by=user,
        )
        _full_clean(referral, errors)
        referral.save()
        access_log_write(
            user=user, action=AccessAction.CREATE, family_id=family.pk, what=f"programme referral {referral.pk}"
        )
        return referral


def programme_referral_update(
    user: User, referral: ProgrammeReferral, *, status: str, status_on: dt.date | None, note: str = ""
) -> ProgrammeReferral:
    """Record where his referral has got to now (the earlier status is replaced; the note is added to)."""
    family = family_for_write(user, referral.family_id, what="pattern map: update a programme referral")
    with transaction.atomic():
        referral = ProgrammeReferral.objects.select_for_update().get(pk=referral.pk, family=family)
        errors: dict[str, str] = {}
        _check_status_date(errors, referral.referred_on, status_on)
        referral.status = status
        referral.status_on = status_on
        if note.strip():
            referral.note = (referral.note + "\n\n" if referral.note else "") + note.strip()
        _full_clean(referral, errors)
        referral.save(update_fields=["status", "status_on", "note"])
        access_log_write(
            user=user, action=AccessAction.UPDATE, family_id=family.pk, what=f"programme referral {referral.pk}"
        )
        return referral
