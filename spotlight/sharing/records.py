"""Information sharing as a kind of record a worker can correct, and the form's data for the service."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spotlight.cases.gate import WritableFamily
from spotlight.cases.versions import RecordKind
from spotlight.sharing import services
from spotlight.sharing.models import InformationSharing


def sharing_given(data: Mapping[str, Any]) -> services.SharingGiven:
    return services.SharingGiven(
        str(data.get("direction") or ""),
        str(data.get("agency") or ""),
        data["on"],
        tuple(data.get("kinds") or ()),
        str(data.get("reason") or ""),
        str(data.get("lawful_basis") or ""),
        bool(data.get("sealed_confirmed")),
    )


def _write(target: WritableFamily, row: InformationSharing, data: dict[str, Any]) -> None:
    services.sharing_fill(target, row, sharing_given(data))
    row.save()


SHARING: RecordKind[InformationSharing] = RecordKind(
    key="information-sharing",
    label="information sharing",
    records=lambda family: InformationSharing.objects.filter(family=family).select_related("recorded_by"),
    read=lambda r: {
        "direction": r.direction,
        "agency": r.agency,
        "on": r.on,
        "kinds": list(r.kinds),
        "reason": r.reason,
        "lawful_basis": r.lawful_basis,
        "sealed_confirmed": r.sealed_confirmed,
    },
    write=_write,
    first_made=lambda r: (r.recorded_at, r.recorded_by.display_name if r.recorded_by else ""),
)
