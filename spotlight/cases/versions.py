"""Correcting the record: every change keeps the version it replaces, and nothing is deleted.

A kind of record (`RecordKind`) says how to find a family's records of that kind, which values a
worker can change (keyed as on its form) and how to check and write new ones. `record_change`
refuses a change made on a stale copy (`StaleEdit`), so two workers editing at once never put
back, silently, what the other has just changed: the claim on the version is one conditional
UPDATE, atomic on SQLite and PostgreSQL alike. `record_strike_out` marks a record entered in
error, with a reason; it stays on the record, struck out. Both are logged: what kind of record
and its id, never what it says.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from spotlight.access.models import AccessAction, Correctable
from spotlight.cases.gate import WritableFamily
from spotlight.cases.models import Family, RecordVersion

R = TypeVar("R", bound=Correctable)


def _nobody(record: Any) -> tuple[dt.datetime | None, str]:
    return None, ""


def _nothing(record: Any) -> None:
    return None


@dataclass(frozen=True)
class RecordKind(Generic[R]):
    """One kind of record a worker can correct."""

    key: str  # in URLs and in RecordVersion.kind: "case-note"
    label: str  # in messages and the access log: "case note"
    records: Callable[[Family], QuerySet[R]]  # the family's records of this kind
    read: Callable[[R], dict[str, Any]]  # the values a worker can change, keyed as on its form
    write: Callable[[WritableFamily, R, dict[str, Any]], None]  # checks and saves new values
    first_made: Callable[[R], tuple[dt.datetime | None, str]] = _nobody  # when and by whom it was first recorded
    sealed: bool = False  # its versions are shown only to staff who may see sealed details
    strikeable: bool = True
    settle: Callable[[R], None] = _nothing  # brings what depends on the record up to date after a change

    def get(self, family: Family, record_id: int) -> R:
        record = self.records(family).filter(pk=record_id).first()
        if record is None:
            raise Http404(f"No {self.label} with that reference is recorded for this family.")
        return record


def stored(values: Mapping[str, Any]) -> dict[str, Any]:
    """The values as they are kept in an earlier version: dates as ISO text, ids as numbers."""
    return dict(json.loads(json.dumps(dict(values), cls=DjangoJSONEncoder)))


@dataclass(frozen=True)
class StaleEdit(Exception):
    """She changed a copy that someone else has changed since: her change is refused, not applied."""

    changed: tuple[str, ...]  # the fields that changed meanwhile
    current: dict[str, Any] = field(repr=False)  # the values now (never in the log or a message)
    version: int  # the version now: a form carrying it may be saved on purpose, over that version
    changed_at: dt.datetime | None
    changed_by_name: str
    struck_out: bool = False


def made(kind: RecordKind[Any], record: Correctable) -> tuple[dt.datetime | None, str]:
    """When and by whom the record's current version was made."""
    if record.version == 1:
        return kind.first_made(record)
    return record.changed_at, record.changed_by_name


def stale_edit(kind: RecordKind[R], family: Family, record_id: int, seen_version: int) -> StaleEdit:
    """What she is told when her copy (at `seen_version`, 0 = she saw none) is no longer the record."""
    now = kind.get(family, record_id)
    current = stored(kind.read(now))
    seen = RecordVersion.objects.filter(kind=kind.key, record_id=record_id, number=seen_version).first()
    before = seen.values if seen is not None else {}
    changed = tuple(name for name in current if before.get(name) != current[name])
    return StaleEdit(
        changed=changed,
        current=current,
        version=now.version,
        changed_at=now.struck_out_at or now.changed_at,
        changed_by_name=now.struck_out_by_name or now.changed_by_name,
        struck_out=now.is_struck_out,
    )


def record_change(
    *, target: WritableFamily, kind: RecordKind[R], record_id: int, seen_version: int, values: dict[str, Any]
) -> R:
    """Changes one record to `values`, keeping the version it replaces.

    Refused with `StaleEdit` when the record is no longer at `seen_version` (someone changed or struck
    it out since she opened it), and with `ValidationError` when the new values are wrong; either
    way nothing is saved. A change that changes nothing saves nothing and keeps the version."""
    family = target.family
    record = kind.get(family, record_id)
    made_at, made_by = made(kind, record)  # who made the version she is replacing (checked by the claim)
    try:
        with transaction.atomic():
            model = type(record)
            now = timezone.now()
            claimed = model._default_manager.filter(
                pk=record.pk, version=seen_version, struck_out_at__isnull=True
            ).update(version=seen_version + 1, changed_at=now, changed_by_name=target.user.display_name)
            if not claimed:
                raise _StaleClaim
            record = kind.get(family, record_id)  # as claimed: the values are still those of `seen_version`
            before = stored(kind.read(record))
            RecordVersion.objects.create(
                family=family,
                kind=kind.key,
                record_id=record.pk,
                number=seen_version,
                values=before,
                sealed=kind.sealed,
                made_at=made_at,
                made_by_name=made_by,
                replaced_at=now,
                replaced_by=target.user,
                replaced_by_name=target.user.display_name,
            )
            kind.write(target, record, values)
            if stored(kind.read(kind.get(family, record_id))) == before:
                raise _Unchanged  # nothing to keep a version of: undo the claim
            kind.settle(kind.get(family, record_id))
            target.log(AccessAction.UPDATE, f"{kind.label} {record.pk} changed")
    except _StaleClaim:
        raise stale_edit(kind, family, record_id, seen_version) from None
    except _Unchanged:
        return kind.get(family, record_id)
    return record


class _StaleClaim(Exception):
    pass


class _Unchanged(Exception):
    pass


def record_strike_out(*, target: WritableFamily, kind: RecordKind[R], record_id: int, reason: str) -> R:
    """Marks a record entered in error: it stays on the record, struck out, with the reason."""
    if not kind.strikeable:
        raise ValidationError(f"A {kind.label} cannot be struck out; change it instead.")
    if not reason.strip():
        raise ValidationError(
            {"reason": f"Say why this {kind.label} is struck out, for whoever reads the record next."}
        )
    record = kind.get(target.family, record_id)
    with transaction.atomic():
        struck = (
            type(record)
            ._default_manager.filter(pk=record.pk, struck_out_at__isnull=True)
            .update(
                struck_out_at=timezone.now(),
                struck_out_by_name=target.user.display_name,
                struck_out_reason=reason.strip(),
            )
        )
        if not struck:
            raise ValidationError(f"This {kind.label} was already struck out by {record.struck_out_by_name}.")
        kind.settle(kind.get(target.family, record_id))
        target.log(AccessAction.UPDATE, f"{kind.label} {record.pk} struck out")
    return kind.get(target.family, record_id)


def earlier_versions(kind: RecordKind[Any], record: Correctable) -> list[RecordVersion]:
    """Its earlier versions, newest first. The caller has passed the read gate (and, for sealed
    details, the permission to see them)."""
    return list(RecordVersion.objects.filter(kind=kind.key, record_id=record.pk).order_by("-number"))
