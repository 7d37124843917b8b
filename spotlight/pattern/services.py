"""Writes to the pattern map. Views, the command line and tasks call these; nothing else writes it.

Each write takes the `WritableFamily` that the write gate (`spotlight.cases.gate.family_for_write`:
need-to-know and a role that may change the record; a refusal is logged) hands out, names people and
entries by id, is checked against the catalogue and the family's people (every problem reported at
once, field by field), saved atomically, and logged (what kind of thing and its id, never the words).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import Http404

from spotlight.access.models import AccessAction
from spotlight.cases.gate import WritableFamily
from spotlight.cases.models import CaseNote, Family, Person
from spotlight.clock import local_today
from spotlight.pattern.domain.catalogue import default_catalogue
from spotlight.pattern.domain.directory import support_labels
from spotlight.pattern.models import (
    RELATIONSHIP_CHOICES,
    BehaviourEntry,
    ChildHarm,
    ComplicatingFactor,
    NoteFactDecision,
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


def behaviour_entry_fill(
    target: WritableFamily,
    entry: BehaviourEntry,
    *,
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
    """Checks and sets one of his behaviours (a new entry, or a correction of one)."""
    catalogue = default_catalogue()
    errors: dict[str, str] = {}
    entry.person = _person(errors, "person", target.family, person_id, Role.PERSON_CAUSING_HARM)  # type: ignore[assignment]
    try:
        catalogue.behaviour(kind)
    except KeyError:
        errors["kind"] = f"“{kind}” is not a kind of behaviour in the pattern catalogue."
    _check_source(errors, source)
    if relationship not in {value for value, _ in RELATIONSHIP_CHOICES}:
        errors["relationship"] = "Choose the current relationship or an earlier relationship."
    _check_not_future(errors, "occurred_on", occurred_on)
    entry.kind, entry.relationship, entry.prior_partner = kind, relationship, prior_partner.strip()
    entry.occurred_on, entry.period, entry.place = occurred_on, period.strip(), place.strip()
    entry.presenting_incident = presenting_incident
    entry.before, entry.during, entry.after = before.strip(), during.strip(), after.strip()
    entry.source, entry.description = source, description.strip()
    _full_clean(entry, errors)
    return entry


def behaviour_entry_create(*, target: WritableFamily, **values: Any) -> BehaviourEntry:
    """Record one of his behaviours on the pattern map (the values as `behaviour_entry_fill` takes them)."""
    with transaction.atomic():
        entry = behaviour_entry_fill(target, BehaviourEntry(family=target.family, recorded_by=target.user), **values)
        entry.save()
        target.log(AccessAction.CREATE, f"behaviour entry {entry.pk}")
        return entry


def child_harm_fill(
    target: WritableFamily, harm: ChildHarm, *, child_id: int, his_action: str, impact: str
) -> ChildHarm:
    errors: dict[str, str] = {}
    child = _person(errors, "child", target.family, child_id, Role.CHILD)
    _check_required(errors, "his_action", his_action, "Say what he did that harmed this child.")
    _check_required(
        errors,
        "impact",
        impact,
        "Say what the impact was on this child, specifically (not “the children are affected”).",
    )
    same = ChildHarm.objects.filter(entry_id=harm.entry_id, child=child, struck_out_at=None).exclude(pk=harm.pk)
    if child is not None and same.exists():
        errors["child"] = f"The harm to {child.full_name} from this behaviour is already recorded."
    harm.child = child  # type: ignore[assignment]
    harm.his_action, harm.impact = his_action.strip(), impact.strip()
    _full_clean(harm, errors)
    return harm


def child_harm_add(*, target: WritableFamily, entry_id: int, child_id: int, his_action: str, impact: str) -> ChildHarm:
    """Link one of his behaviours to one child: what he did that harmed this child, and the impact on her or him."""
    entry = BehaviourEntry.objects.filter(family=target.family, pk=entry_id).first()
    if entry is None:
        raise Http404("No entry with that reference is on this family's pattern map.")
    with transaction.atomic():
        harm = child_harm_fill(
            target,
            ChildHarm(entry=entry, recorded_by=target.user),
            child_id=child_id,
            his_action=his_action,
            impact=impact,
        )
        harm.save()
        target.log(AccessAction.CREATE, f"child harm {harm.pk}")
        return harm


def protective_effort_fill(
    target: WritableFamily,
    effort: ProtectiveEffort,
    *,
    survivor_id: int,
    kind: str,
    description: str,
    child_ids: Collection[int],
    source: str,
    occurred_on: dt.date | None = None,
) -> list[Person]:
    """Checks and sets one of her protective efforts; returns the children it protected, to set once
    it is saved. When the family has children, the effort is linked to at least one of them."""
    family = target.family
    catalogue = default_catalogue()
    errors: dict[str, str] = {}
    effort.survivor = _person(errors, "survivor", family, survivor_id, Role.ADULT_SURVIVOR)  # type: ignore[assignment]
    if kind not in {k.id for g in catalogue.protective_efforts for k in g.kinds}:
        errors["kind"] = f"“{kind}” is not a kind of protective effort in the pattern catalogue."
    _check_required(errors, "description", description, "Say what she did, specifically.")
    _check_source(errors, source)
    _check_not_future(errors, "occurred_on", occurred_on)
    children = [_person(errors, "children", family, child_id, Role.CHILD) for child_id in dict.fromkeys(child_ids)]
    if not children and Person.objects.filter(family=family, role=Role.CHILD.value).exists():
        errors["children"] = "Choose the child or children this effort protected."
    effort.kind, effort.occurred_on, effort.description, effort.source = kind, occurred_on, description.strip(), source
    _full_clean(effort, errors)
    return [c for c in children if c is not None]


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
    """Record one of her protective efforts and the children it protected."""
    with transaction.atomic():
        effort = ProtectiveEffort(family=target.family, recorded_by=target.user)
        children = protective_effort_fill(
            target,
            effort,
            survivor_id=survivor_id,
            kind=kind,
            description=description,
            child_ids=child_ids,
            source=source,
            occurred_on=occurred_on,
        )
        effort.save()
        effort.children.set(children)
        target.log(AccessAction.CREATE, f"protective effort {effort.pk}")
        return effort


def complicating_factor_fill(
    target: WritableFamily, record: ComplicatingFactor, *, person_id: int, factor: str, interaction: str, source: str
) -> ComplicatingFactor:
    """Checks and sets a factor and how it interacts with his pattern (never as its cause)."""
    errors: dict[str, str] = {}
    record.person = _person(errors, "person", target.family, person_id, None)  # type: ignore[assignment]
    if factor not in {f.id for f in default_catalogue().complicating_factors}:
        errors["factor"] = f"“{factor}” is not a complicating factor in the pattern catalogue."
    _check_required(errors, "interaction", interaction, "Say how this interacts with his pattern of behaviour.")
    _check_source(errors, source)
    record.factor, record.interaction, record.source = factor, interaction.strip(), source
    _full_clean(record, errors)
    return record


def complicating_factor_create(
    *, target: WritableFamily, person_id: int, factor: str, interaction: str, source: str
) -> ComplicatingFactor:
    with transaction.atomic():
        record = complicating_factor_fill(
            target,
            ComplicatingFactor(family=target.family, recorded_by=target.user),
            person_id=person_id,
            factor=factor,
            interaction=interaction,
            source=source,
        )
        record.save()
        target.log(AccessAction.CREATE, f"complicating factor {record.pk}")
        return record


def _check_status_date(errors: dict[str, str], referred_on: dt.date | None, status_on: dt.date | None) -> None:
    _check_not_future(errors, "status_on", status_on)
    if "status_on" not in errors and referred_on and status_on and status_on < referred_on:
        errors["status_on"] = "The date of the status must be on or after the day he was referred."


def programme_referral_fill(
    target: WritableFamily,
    referral: ProgrammeReferral,
    *,
    person_id: int,
    programme: str,
    referred_on: dt.date,
    status: str = ReferralStatus.REFERRED,
    status_on: dt.date | None = None,
    sessions_attended: int | None = None,
    provider: str = "",
    support_for_her: bool = False,
    support_survivor_id: int | None = None,
    support_service: str = "",
    support_provider: str = "",
    support_offered_on: dt.date | None = None,
    support_response: str = "",
    note: str = "",
) -> ProgrammeReferral:
    """Fill a referral of him, with the support offered to her alongside (safety first). A new referral
    is refused without that offer, and so is a change that would take an offer away; a referral recorded
    before offers were kept can still be updated without one (it shows as "not recorded")."""
    errors: dict[str, str] = {}
    referral.person = _person(errors, "person", target.family, person_id, Role.PERSON_CAUSING_HARM)  # type: ignore[assignment]
    _check_not_future(errors, "referred_on", referred_on)
    _check_status_date(errors, referred_on, status_on)
    needs_offer = referral.pk is None or bool(referral.support_provider)
    referral.support_survivor = _support_offer(
        errors, target.family, needs_offer, support_survivor_id, support_provider, support_offered_on
    )
    referral.programme, referral.provider, referral.referred_on = programme, provider.strip(), referred_on
    referral.status, referral.status_on, referral.sessions_attended = status, status_on, sessions_attended
    referral.support_service, referral.support_provider = support_service, support_provider.strip()
    referral.support_offered_on, referral.support_response = support_offered_on, support_response
    if support_service and support_service not in support_labels():
        errors["support_service"] = f"“{support_service}” is not a service for her in the directory."
    if needs_offer and not support_response:
        errors["support_response"] = "Say whether she accepted the support offered to her."
    referral.support_for_her = support_for_her or bool(referral.support_provider)
    referral.note = note.strip()
    _full_clean(referral, errors)
    step = {"status": status, "on": (status_on or referred_on).isoformat(), "sessions": sessions_attended}
    if not referral.progress or referral.progress[-1] != step:
        referral.progress = [*referral.progress, step]
    return referral


_NO_OFFER = (
    "A referral of him is not recorded without support offered to her alongside: "
    "say who provides it (for example, the IDVA service)."
)


def _support_offer(
    errors: dict[str, str],
    family: Family,
    needed: bool,
    survivor_id: int | None,
    provider: str,
    offered_on: dt.date | None,
) -> Person | None:
    """The adult survivor the support is offered to, with the offer's problems on its fields."""
    if needed and not provider.strip():
        errors["support_provider"] = _NO_OFFER
    if needed and offered_on is None:
        errors["support_offered_on"] = "Enter the date support was offered to her."
    _check_not_future(errors, "support_offered_on", offered_on)
    if survivor_id is None:
        if needed and Person.objects.filter(family=family, role=Role.ADULT_SURVIVOR, struck_out_at=None).exists():
            errors["support_survivor"] = "Choose who the support is offered to."
        return None
    return _person(errors, "support_survivor", family, survivor_id, Role.ADULT_SURVIVOR)


def programme_referral_create(*, target: WritableFamily, **values: Any) -> ProgrammeReferral:
    """Record a referral of a person causing harm to a programme, and where it has got to (the values as
    `programme_referral_fill` takes them)."""
    with transaction.atomic():
        referral = programme_referral_fill(
            target, ProgrammeReferral(family=target.family, recorded_by=target.user), **values
        )
        referral.save()
        target.log(AccessAction.CREATE, f"programme referral {referral.pk}")
        return referral


def note_fact_decide(
    *,
    target: WritableFamily,
    note_id: int,
    key: str,
    kind: str,
    catalogue_id: str,
    record: BehaviourEntry | ProtectiveEffort | ComplicatingFactor | None = None,
) -> NoteFactDecision:
    """Records a worker's decision on a fact found in a note: added to the map as ``record``, or, with
    no record, dismissed. Either way it is not offered again. A second decision on the same fact is
    refused."""
    family = target.family
    note = CaseNote.objects.filter(pk=note_id, family=family).first()
    if note is None:
        raise Http404("No such note in this family.")
    decision = NoteFactDecision(
        family=family,
        note=note,
        key=key,
        kind=kind,
        catalogue_id=catalogue_id,
        decision=NoteFactDecision.Decision.ACCEPTED if record is not None else NoteFactDecision.Decision.DISMISSED,
        behaviour_entry=record if isinstance(record, BehaviourEntry) else None,
        protective_effort=record if isinstance(record, ProtectiveEffort) else None,
        complicating_factor=record if isinstance(record, ComplicatingFactor) else None,
        decided_by=target.user,
    )
    with transaction.atomic():
        if NoteFactDecision.objects.filter(note=note, key=key).exists():
            raise ValidationError("This fact has already been added to the map or dismissed.")
        decision.save()
        target.log(AccessAction.UPDATE, f"note fact decision {decision.pk} on case note {note.pk}")
    return decision
