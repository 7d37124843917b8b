"""Writes to the access log. Only what kind of thing was touched is written, never its content."""

from __future__ import annotations

from spotlight.access.models import AccessAction, AccessLogEntry, User


def access_log_write(*, user: User, action: AccessAction, what: str, family_id: int | None = None) -> AccessLogEntry:
    return AccessLogEntry.objects.create(
        user=user if user.is_authenticated else None,
        username=user.get_username() if user.is_authenticated else "(anonymous)",
        action=action,
        family_id=family_id,
        what=what[:200],
    )


def access_log_write_many(*, user: User | None, action: AccessAction, what: str, family_ids: list[int]) -> None:
    """One row per family, for lists, searches, exports and imports."""
    username = user.get_username() if user is not None else "(command line)"
    AccessLogEntry.objects.bulk_create(
        [
            AccessLogEntry(user=user, username=username, action=action, family_id=fid, what=what[:200])
            for fid in family_ids
        ],
        batch_size=1000,
    )
