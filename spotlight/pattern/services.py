"""Writes to the pattern map. Views, the command line and tasks call these; nothing else writes it.

Each write takes the `WritableFamily` that the write gate (`spotlight.cases.gate.family_for_write`:
need-to-know and a role that may change the record; a refusal is logged) hands out, names people and
entries by id, is checked against the catalogue and the family's people (every problem reported at
once, field by field), saved atomically, and logged (what kind of thing and its id, never the words).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import Http404

from spotlight.access.models import AccessAction
from spotlight.cases.gate import WritableFamily
from spotlight.cases.models import Family, Person
from spotlight.clock import local_today
from spotlight.pattern.domain.catalogue import default_catalogue
from spotlight.pattern.models import (
    RELATIONSHIP_CHOICES,
    BehaviourEntry,
    ChildHarm,
    ComplicatingFactor,
    ProgrammeReferral,
    ProtectiveEffort,
    ReferralStatus,
)
from spotlight.vocabulary import Role

_ROLE_WORDS = {
    Role.PERSON_CAUSING_HARM: "a person causing harm",
    Role.ADULT_SURVIVOR: "an adult survivor",
    Role.CHILD: "a child",
}


def _person(errors: dict[str, str], field: str, family: Family, person_id: int, role: Role | None) -> Person | None:
    """The family's person with this id; a problem on `field` when there is none, or of another role."""
    person = Person.objects.filter(pk=person_id).first()
    if person is None or person.family_id != family.pk:
        errors[field] = "This person does not belong to this family."
        return None
    if role is not None and person.role != role:
        errors[field] = f"{person.full_name} is not recorded as {_ROLE_WORDS[role]} in this family."
        return None
    return person


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
    *,
    target: WritableFamily,
    person_id: int,
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
    family = target.family
    with transaction.atomic():
        catalogue = default_catalogue()
        errors: dict[str, str] = {}
        person = _person(errors, "person", family, person_id, Role.PERSON_CAUSING_HARM)
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
            recorded_by=target.user,
        )
        _full_clean(entry, errors)
        entry.save()
        target.log(AccessAction.CREATE, f"behaviour entry {entry.pk}")
        return entry


def child_harm_add(*, target: WritableFamily, entry_id: int, child_id: int, his_action: str, impact: str) -> ChildHarm:
    """Link one of his behaviours to one child: what he did that harmed this child, and the impact on her or him."""
    family = target.family
    entry = BehaviourEntry.objects.filter(family=family, pk=entry_id).first()
    if entry is None:
        raise Http404("No entry with that reference is on this family's pattern map.")
    with transaction.atomic():
        errors: dict[str, str] = {}
        child = _person(errors, "child", family, child_id, Role.CHILD)
        _check_required(errors, "his_action", his_action, "Say what he did that harmed this child.")
        _check_required(
            errors,
            "impact",
            impact,
            "Say what the impact was on this child, specifically (not “the children are affected”).",
        )
        if child is not None and ChildHarm.objects.filter(entry=entry, child=child).exists():
            errors["child"] = f"The harm to {child.full_name} from this behaviour is already recorded."
        harm = ChildHarm(
            entry=entry, child=child, his_action=his_action.strip(), impact=impact.strip(), recorded_by=target.user
        )
        _full_clean(harm, errors)
        harm.save()
        target.log(AccessAction.CREATE, f"child harm {harm.pk}")
        return harm


def protective_effort_create(
    *,
    target: WritableFamily,
    survivor_id: int,
    kind: str,
    description: str,
    child_ids: Collection[int],
    source: str,
    occurred_on: dt.date | None = None,
) -> ProtectiveEffort:
    """Record one of her protective efforts and the children it protected.

    When the family has children, the effort is linked to at least one of them.
    """
    family = target.family
    with transaction.atomic():
        catalogue = default_catalogue()
        errors: dict[str, str] = {}
        survivor = _person(errors, "survivor", family, survivor_id, Role.ADULT_SURVIVOR)
        if kind not in {k.id for g in catalogue.protective_efforts for k in g.kinds}:
            errors["kind"] = f"“{kind}” is not a kind of protective effort in the pattern catalogue."
        _check_required(errors, "description", description, "Say what she did, specifically.")
        _check_source(errors, source)
        _check_not_future(errors, "occurred_on", occurred_on)
        children = [_person(errors, "children", family, child_id, Role.CHILD) for child_id in dict.fromkeys(child_ids)]
        if not children and Person.objects.filter(family=family, role=Role.CHILD.value).exists():
            errors["children"] = "Choose the child or children this effort protected."
        effort = ProtectiveEffort(
            family=family,
            survivor=survivor,
            kind=kind,
            occurred_on=occurred_on,
            description=description.strip(),
            source=source,
            recorded_by=target.user,
        )
        _full_clean(effort, errors)
        effort.save()
        effort.children.set([c for c in children if c is not None])
        target.log(AccessAction.CREATE, f"protective effort {effort.pk}")
        return effort


def complicating_factor_create(
    *, target: WritableFamily, person_id: int, factor: str, interaction: str, source: str
) -> ComplicatingFactor:
    """Record a factor and how it interacts with his pattern (never as its cause)."""
    family = target.family
    with transaction.atomic():
        errors: dict[str, str] = {}
        person = _person(errors, "person", family, person_id, None)
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
            recorded_by=target.user,
        )
        _full_clean(record, errors)
        record.save()
        target.log(AccessAction.CREATE, f"complicating factor {record.pk}")
        return record


def _check_status_date(errors: dict[str, str], referred_on: dt.date | None, status_on: dt.date | None) -> None:
    _check_not_future(errors, "status_on", status_on)
    if "status_on" not in errors and referred_on and status_on and status_on < referred_on:
        errors["status_on"] = "The date of the status must be on or after the day he was referred."


def programme_referral_create(
    *,
    target: WritableFamily,
    person_id: int,
    programme: str,
    referred_on: dt.date,
    status: str = ReferralStatus.REFERRED,
    status_on: dt.date | None = None,
    provider: str = "",
    support_for_her: bool = False,
    note: str = "",
) -> ProgrammeReferral:
    """Record a referral of a person causing harm to a programme, and where it has got to."""
    family = target.family
    with transaction.atomic():
        errors: dict[str, str] = {}
        person = _person(errors, "person", family, person_id, Role.PERSON_CAUSING_HARM)
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
            recorded_by=target.user,
        )
        _full_clean(referral, errors)
        referral.save()
        target.log(AccessAction.CREATE, f"programme referral {referral.pk}")
        return referral


def programme_referral_update(
    *, target: WritableFamily, referral_id: int, status: str, status_on: dt.date | None, note: str = ""
) -> ProgrammeReferral:
    """Record where his referral has got to now (the earlier status is replaced; the note is added to)."""
    with transaction.atomic():
        referral = ProgrammeReferral.objects.select_for_update().filter(pk=referral_id, family=target.family).first()
        if referral is None:
            raise Http404("No programme referral with that reference is recorded for this family.")
        errors: dict[str, str] = {}
        _check_status_date(errors, referral.referred_on, status_on)
        referral.status = status
        referral.status_on = status_on
        if note.strip():
            referral.note = (referral.note + "\n\n" if referral.note else "") + note.strip()
        _full_clean(referral, errors)
        referral.save(update_fields=["status", "status_on", "note"])
        target.log(AccessAction.UPDATE, f"programme referral {referral.pk}")
        return referral
