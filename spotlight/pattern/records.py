"""The pattern map's kinds of record a worker can correct: what each holds (keyed as on its form)
and how a correction is checked and saved (by the same checks as a new record)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404

from spotlight.cases.gate import WritableFamily
from spotlight.cases.versions import RecordKind, StaleEdit, record_change
from spotlight.pattern import services
from spotlight.pattern.interchange import REFERRAL_FIELDS  # the same fields as in a case file
from spotlight.pattern.models import BehaviourEntry, ChildHarm, ComplicatingFactor, ProgrammeReferral, ProtectiveEffort

MapRecord = BehaviourEntry | ChildHarm | ComplicatingFactor | ProgrammeReferral | ProtectiveEffort


def _recorded(record: MapRecord) -> tuple[dt.datetime | None, str]:
    who = record.recorded_by
    return record.recorded_at, who.display_name if who is not None else ""


BEHAVIOUR_FIELDS = (
    "person",
    "kind",
    "relationship",
    "prior_partner",
    "occurred_on",
    "period",
    "place",
    "presenting_incident",
    "before",
    "during",
    "after",
    "source",
    "description",
)


def _behaviour_read(entry: BehaviourEntry) -> dict[str, Any]:
    return {name: entry.person_id if name == "person" else getattr(entry, name) for name in BEHAVIOUR_FIELDS}


def _behaviour_write(target: WritableFamily, entry: BehaviourEntry, data: dict[str, Any]) -> None:
    values = {name: data[name] for name in BEHAVIOUR_FIELDS if name != "person"}
    services.behaviour_entry_fill(target, entry, person_id=data["person"], **values)
    entry.save()


BEHAVIOUR_ENTRY: RecordKind[BehaviourEntry] = RecordKind(
    key="behaviour",
    label="behaviour entry",
    records=lambda family: BehaviourEntry.objects.filter(family=family).select_related("recorded_by"),
    read=_behaviour_read,
    write=_behaviour_write,
    first_made=_recorded,
)


def _harm_write(target: WritableFamily, harm: ChildHarm, data: dict[str, Any]) -> None:
    services.child_harm_fill(target, harm, child_id=data["child"], his_action=data["his_action"], impact=data["impact"])
    harm.save()


CHILD_HARM: RecordKind[ChildHarm] = RecordKind(
    key="child-harm",
    label="child harm",
    records=lambda family: ChildHarm.objects.filter(entry__family=family).select_related("recorded_by"),
    read=lambda h: {"child": h.child_id, "his_action": h.his_action, "impact": h.impact},
    write=_harm_write,
    first_made=_recorded,
)


def _effort_write(target: WritableFamily, effort: ProtectiveEffort, data: dict[str, Any]) -> None:
    children = services.protective_effort_fill(
        target,
        effort,
        survivor_id=data["survivor"],
        kind=data["kind"],
        description=data["description"],
        child_ids=data.get("children") or (),
        source=data["source"],
        occurred_on=data["occurred_on"],
    )
    effort.save()
    effort.children.set(children)


PROTECTIVE_EFFORT: RecordKind[ProtectiveEffort] = RecordKind(
    key="protective-effort",
    label="protective effort",
    records=lambda family: ProtectiveEffort.objects.filter(family=family).select_related("recorded_by"),
    read=lambda e: {
        "survivor": e.survivor_id,
        "kind": e.kind,
        "occurred_on": e.occurred_on,
        "description": e.description,
        "children": sorted(c.pk for c in e.children.all()),
        "source": e.source,
    },
    write=_effort_write,
    first_made=_recorded,
)


def _factor_write(target: WritableFamily, record: ComplicatingFactor, data: dict[str, Any]) -> None:
    services.complicating_factor_fill(
        target,
        record,
        person_id=data["person"],
        factor=data["factor"],
        interaction=data["interaction"],
        source=data["source"],
    )
    record.save()


COMPLICATING_FACTOR: RecordKind[ComplicatingFactor] = RecordKind(
    key="complicating-factor",
    label="complicating factor",
    records=lambda family: ComplicatingFactor.objects.filter(family=family).select_related("recorded_by"),
    read=lambda f: {"person": f.person_id, "factor": f.factor, "interaction": f.interaction, "source": f.source},
    write=_factor_write,
    first_made=_recorded,
)


def _referral_write(target: WritableFamily, referral: ProgrammeReferral, data: dict[str, Any]) -> None:
    values = {name: data[name] for name in REFERRAL_FIELDS}
    services.programme_referral_fill(
        target, referral, person_id=data["person"], support_survivor_id=data["support_survivor"], **values
    )
    referral.save()


PROGRAMME_REFERRAL: RecordKind[ProgrammeReferral] = RecordKind(
    key="programme-referral",
    label="programme referral",
    records=lambda family: ProgrammeReferral.objects.filter(family=family).select_related("recorded_by"),
    read=lambda r: {
        "person": r.person_id,
        "support_survivor": r.support_survivor_id,
        **{name: getattr(r, name) for name in REFERRAL_FIELDS},
    },
    write=_referral_write,
    first_made=_recorded,
)


def programme_referral_update(
    *,
    target: WritableFamily,
    referral_id: int,
    status: str,
    status_on: dt.date | None,
    sessions_attended: int | None = None,
    support_response: str = "",
    note: str = "",
    seen_version: int | None = None,
) -> ProgrammeReferral:
    """Record where his referral has got to now (with the sessions he has attended), and her answer to
    the support offered to her when it has changed: the earlier status is kept as an earlier version of
    the referral and as a step of its progress, and the note is added to. Refused, with who changed it,
    when the referral is no longer at `seen_version` (the version she opened; None: the current one)."""
    referral = ProgrammeReferral.objects.filter(pk=referral_id, family=target.family).first()
    if referral is None:
        raise Http404("No programme referral with that reference is recorded for this family.")
    values = PROGRAMME_REFERRAL.read(referral) | {
        "status": status,
        "status_on": status_on,
        "sessions_attended": sessions_attended,
    }
    if support_response:
        values["support_response"] = support_response
    if note.strip():
        values["note"] = (referral.note + "\n\n" if referral.note else "") + note.strip()
    try:
        return record_change(
            target=target,
            kind=PROGRAMME_REFERRAL,
            record_id=referral.pk,
            seen_version=referral.version if seen_version is None else seen_version,
            values=values,
        )
    except StaleEdit as stale:
        who = stale.changed_by_name or "Someone"
        raise ValidationError(
            f"{who} changed this referral after you opened this page, so your update has not been saved. "
            "Open the page again to see where it has got to now; what you typed is still below."
        ) from None
