"""Writes to the access log, and the proof that nothing was removed from it or changed.

Only what kind of thing was touched is written, never its content. Each row's digest is the SHA-256
of the row before's digest and this row's own fields, so the rows form a chain: removing a row,
emptying the table or editing a row breaks it, and `verify_chain` (`spotlight verify-log`) names
the first row where it breaks. Writers take turns (a PostgreSQL advisory lock, SQLite's write
lock) only for the moment of reading the last digest and adding their rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from spotlight.access.models import AccessAction, AccessLogEntry, User

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
#: The digest the first row chains from.
GENESIS = "0" * 64
#: The advisory lock PostgreSQL writers take turns on ("SPLT" in ASCII).
_CHAIN_LOCK = 0x53504C54


def _digest(previous: str, at: dt.datetime, user_id: int | None, username: str, action: str, family_id: int | None,
            what: str) -> str:  # fmt: skip
    stamp = at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    fields = "\x1f".join((previous, stamp, str(user_id or ""), username, action, str(family_id or ""), what))
    return hashlib.sha256(fields.encode("utf-8")).hexdigest()


def _row_digest(previous: str, row: AccessLogEntry) -> str:
    return _digest(previous, row.at, row.user_id, row.username, row.action, row.family_id, row.what)


def _last_digest() -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
    last = AccessLogEntry.objects.order_by("-id").values_list("digest", flat=True).first()
    return last or GENESIS


def _append(rows: Sequence[AccessLogEntry]) -> list[AccessLogEntry]:
    """Chains the rows after the last one and adds them, in one short transaction."""
    with transaction.atomic():
        previous = _last_digest()
        for row in rows:
            row.digest = previous = _row_digest(previous, row)
        return AccessLogEntry.objects.bulk_create(rows, batch_size=1000)


def access_log_write(*, user: User, action: AccessAction, what: str, family_id: int | None = None) -> AccessLogEntry:
    row = AccessLogEntry(
        at=timezone.now(),
        user=user if user.is_authenticated else None,
        username=user.get_username() if user.is_authenticated else "(anonymous)",
        action=action,
        family_id=family_id,
        what=what[:200],
    )
    return _append([row])[0]


def without_control_characters(text: str) -> str:
    """Text from outside (a name typed at sign-in, an address) as it may stand in the log."""
    return _CONTROL.sub("?", text)


def access_log_write_unknown(*, username: str, action: AccessAction, what: str) -> AccessLogEntry:
    """For an attempt under a name that may belong to no one (a refused sign-in): the name as typed."""
    row = AccessLogEntry(
        at=timezone.now(), user=None, username=without_control_characters(username)[:150] or "(blank)", action=action,
        what=what[:200],
    )  # fmt: skip
    return _append([row])[0]


def access_log_write_many(*, user: User | None, action: AccessAction, what: str, family_ids: list[int]) -> None:
    """One row per family, for lists, searches, exports and imports."""
    if not family_ids:
        return
    username = user.get_username() if user is not None else "(command line)"
    now = timezone.now()
    _append(
        [
            AccessLogEntry(at=now, user=user, username=username, action=action, family_id=fid, what=what[:200])
            for fid in family_ids
        ]
    )


@dataclass(frozen=True)
class ChainReport:
    """What `verify_chain` found: how many rows it checked, and the first row where the chain breaks."""

    rows: int
    broken_at: int | None = None  # the id of the first row whose digest does not follow
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def _rows_in_order(batch: int) -> Iterator[AccessLogEntry]:
    last_id = 0
    while True:
        chunk = list(AccessLogEntry.objects.filter(id__gt=last_id).order_by("id")[:batch])
        if not chunk:
            return
        yield from chunk
        last_id = chunk[-1].pk


def verify_chain(*, batch: int = 5000) -> ChainReport:
    """Walks the log from its first row: each digest must follow from the row before and the row's own
    fields. A removed row breaks the chain at the row after it, an edited row at itself. Ids count
    from 1, so a log whose first row has a later id has lost its first rows (or was emptied)."""
    previous = GENESIS
    count = 0
    for row in _rows_in_order(batch):
        count += 1
        if count == 1 and row.pk != 1:
            return ChainReport(
                count, row.pk, "the rows before it are missing: the log was emptied, or its first rows removed"
            )
        if row.digest != _row_digest(previous, row):
            return ChainReport(
                count,
                row.pk,
                "it does not follow from the row before it: a row between them was removed, or one of them was changed",
            )
        previous = row.digest
    return ChainReport(rows=count)
