"""Writes for information sharing: a record of information shared or received, checked (every problem at
once), saved and logged: the kind of record and its id, never what was shared."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from spotlight.access.models import AccessAction
from spotlight.cases.gate import WritableFamily
from spotlight.clock import local_today
from spotlight.sharing.domain.vocabulary import default_sharing
from spotlight.sharing.models import Direction, InformationSharing

SEALED_WARNING = (
    "Sealed details (her address, phone number or safe contacts) are kept sealed because sharing them can "
    "lead him to her. Check that it is necessary, that the agency will keep them sealed, and that she knows "
    "where she can; then confirm below."
)


@dataclasses.dataclass(frozen=True)
class SharingGiven:
    direction: str
    agency: str
    on: dt.date
    kinds: tuple[str, ...]
    reason: str
    lawful_basis: str
    sealed_confirmed: bool = False


def sharing_fill(target: WritableFamily, row: InformationSharing, given: SharingGiven) -> None:
    vocabulary = default_sharing()
    errors: dict[str, str] = {}
    if given.direction not in Direction.values:
        errors["direction"] = "Say whether it was shared or received."
    if not given.agency.strip():
        errors["agency"] = "Name the agency."
    if given.on > local_today():
        errors["on"] = "The date must be today or in the past."
    known = {k.id for k in vocabulary.kinds}
    if not given.kinds or any(k not in known for k in given.kinds):
        errors["kinds"] = "Choose the kinds of information."
    if given.reason not in {r.id for r in vocabulary.reasons}:
        errors["reason"] = "Choose why."
    if given.lawful_basis not in {b.id for b in vocabulary.lawful_bases}:
        errors["lawful_basis"] = "Choose the lawful basis."
    if given.direction == Direction.SHARED and vocabulary.sensitive & set(given.kinds) and not given.sealed_confirmed:
        errors["sealed_confirmed"] = SEALED_WARNING
    if errors:
        raise ValidationError({field: [message] for field, message in errors.items()})
    row.direction, row.agency, row.on = given.direction, given.agency.strip(), given.on
    row.kinds, row.reason, row.lawful_basis = list(given.kinds), given.reason, given.lawful_basis
    row.sealed_confirmed = given.sealed_confirmed and bool(vocabulary.sensitive & set(given.kinds))


def sharing_record(*, target: WritableFamily, given: SharingGiven) -> InformationSharing:
    row = InformationSharing(family=target.family, recorded_by=target.user)
    sharing_fill(target, row, given)
    with transaction.atomic():
        row.save()
        target.log(AccessAction.CREATE, f"information sharing {row.pk}")
    return row
