"""Wins as a kind of record a worker can correct, and the conversion of the form's data for the service."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spotlight.cases.gate import WritableFamily
from spotlight.cases.versions import RecordKind
from spotlight.wins import services
from spotlight.wins.models import Win
from spotlight.wins.services import WinGiven


def win_given(data: Mapping[str, Any]) -> WinGiven:
    return WinGiven(
        happened_on=data["happened_on"],
        what=str(data.get("what") or ""),
        who=str(data.get("who") or ""),
        why_it_matters=str(data.get("why_it_matters") or ""),
        shows=str(data.get("shows") or ""),
        person_id=data.get("person"),
        told_to_family=bool(data.get("told_to_family")),
    )


def _write(target: WritableFamily, row: Win, data: dict[str, Any]) -> None:
    services.win_fill(target, row, win_given(data))
    row.save()


WIN: RecordKind[Win] = RecordKind(
    key="win",
    label="win",
    records=lambda family: Win.objects.filter(family=family).select_related("recorded_by", "person"),
    read=lambda w: {
        "happened_on": w.happened_on,
        "what": w.what,
        "who": w.who,
        "person": w.person_id,
        "why_it_matters": w.why_it_matters,
        "shows": w.shows,
        "told_to_family": w.told_to_family,
    },
    write=_write,
    first_made=lambda w: (w.recorded_at, w.recorded_by.display_name if w.recorded_by else ""),
)
