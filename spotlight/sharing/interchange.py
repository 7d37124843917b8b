"""Information sharing's part of the case file, to and from the database: the kinds of information,
never the information itself."""

from __future__ import annotations

from collections import Counter
from typing import Any

from spotlight.access.models import User
from spotlight.cases.interchange import BATCH
from spotlight.cases.models import Family
from spotlight.sharing.domain.casefile import SharingPart, SharingRecord
from spotlight.sharing.models import InformationSharing


def export_sharing_part(family: Family) -> dict[str, Any]:
    """What the family's record says was shared and received, oldest first (struck-out records left out)."""
    rows = InformationSharing.objects.filter(family=family, struck_out_at=None).order_by("on", "id")
    return {
        "information_sharing": tuple(
            SharingRecord(
                id=row.external_id or f"share{row.pk}",
                direction=row.direction,  # type: ignore[arg-type]  # pydantic checks it
                agency=row.agency,
                on=row.on,
                kinds=tuple(row.kinds),
                reason=row.reason,
                lawful_basis=row.lawful_basis,
                sealed_details_confirmed=row.sealed_confirmed,
            )
            for row in rows
        )
    }


def write_sharing_part(families: list[Family], batch: list[SharingPart], *, user: User | None) -> Counter[str]:
    """Information sharing's rows of a batch of families, checked already (kinds, reasons, bases, dates)."""
    rows = [
        InformationSharing(
            family=family,
            direction=record.direction,
            agency=record.agency,
            on=record.on,
            kinds=list(record.kinds),
            reason=record.reason,
            lawful_basis=record.lawful_basis,
            sealed_confirmed=record.sealed_details_confirmed,
            external_id=record.id,
            recorded_by=user,
        )
        for family, part in zip(families, batch, strict=True)
        for record in part.information_sharing
    ]
    InformationSharing.objects.bulk_create(rows, batch_size=BATCH)
    return Counter({"information_sharing": len(rows)})
