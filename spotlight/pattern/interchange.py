"""The pattern map's part of the case file, to and from the database. `spotlight.casefile.database`
calls these for every family, after the case record's part."""

from __future__ import annotations

from collections import Counter
from typing import Any

from spotlight.access.models import User
from spotlight.cases.interchange import BATCH, PeopleByRef
from spotlight.cases.models import Family
from spotlight.pattern.domain.casefile import (
    BehaviourEntryRecord,
    ChildHarmRecord,
    ComplicatingFactorRecord,
    PatternMapPart,
    ProgrammeReferralRecord,
    ProgressStepRecord,
    ProtectiveEffortRecord,
)
from spotlight.pattern.models import BehaviourEntry, ChildHarm, ComplicatingFactor, ProgrammeReferral, ProtectiveEffort

#: Fields a behaviour entry has, by the same name, in the database and in the case file.
BEHAVIOUR_ENTRY_FIELDS = (
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
#: Programme referral fields that are the same in the case file and the database.
REFERRAL_FIELDS = (
    "programme",
    "provider",
    "referred_on",
    "status",
    "status_on",
    "sessions_attended",
    "support_for_her",
    "support_service",
    "support_provider",
    "support_offered_on",
    "support_response",
    "note",
)


def export_pattern_map_part(family: Family, pid: dict[int, str]) -> dict[str, Any]:
    """The family's pattern map as case-file arrays, in the map's own order (by date, undated last)."""
    entries = family.behaviour_entries.filter(struck_out_at=None).prefetch_related("child_harms")
    efforts = family.protective_efforts.filter(struck_out_at=None).prefetch_related("children")
    factors = family.complicating_factors.filter(struck_out_at=None).order_by("id")
    return {
        "behaviour_entries": tuple(
            BehaviourEntryRecord(
                id=b.external_id or f"b{b.pk}",
                person=pid[b.person_id],
                **{name: getattr(b, name) for name in BEHAVIOUR_ENTRY_FIELDS},
                child_harms=tuple(
                    ChildHarmRecord(child=pid[h.child_id], his_action=h.his_action, impact=h.impact)
                    for h in sorted(b.child_harms.all(), key=lambda h: h.pk)
                    if h.struck_out_at is None
                ),
            )
            for b in entries
        ),
        "protective_efforts": tuple(
            ProtectiveEffortRecord(
                id=e.external_id or f"pe{e.pk}",
                survivor=pid[e.survivor_id],
                kind=e.kind,
                occurred_on=e.occurred_on,
                description=e.description,
                source=e.source,
                children=tuple(pid[c.pk] for c in sorted(e.children.all(), key=lambda c: c.pk)),
            )
            for e in efforts
        ),
        "complicating_factors": tuple(
            ComplicatingFactorRecord(
                id=f.external_id or f"cf{f.pk}",
                person=pid[f.person_id],
                factor=f.factor,
                interaction=f.interaction,
                source=f.source,
            )
            for f in factors
        ),
        "programme_referrals": tuple(
            ProgrammeReferralRecord(
                id=r.external_id or f"pr{r.pk}",
                person=pid[r.person_id],
                **{name: getattr(r, name) for name in REFERRAL_FIELDS},
                support_survivor=pid.get(r.support_survivor_id) if r.support_survivor_id else None,
                progress=tuple(ProgressStepRecord(**step) for step in r.progress),
            )
            for r in family.programme_referrals.filter(struck_out_at=None).order_by("referred_on", "id")
        ),
    }


def referral_progress(r: ProgrammeReferralRecord) -> list[dict[str, Any]]:
    """The steps an imported referral moved through; one, from its status, when the file has none."""
    steps = r.progress or (ProgressStepRecord(status=r.status, on=r.status_on or r.referred_on),)
    return [{"status": s.status, "on": s.on.isoformat() if s.on else None, "sessions": s.sessions} for s in steps]


def write_pattern_map_part(
    families: list[Family], batch: list[PatternMapPart], person: PeopleByRef, *, user: User | None
) -> Counter[str]:
    """The pattern map's rows of a batch of families, checked already (catalogue ids, roles, dates).

    Reason for its length: one bulk write per table, in the order the foreign keys need; split up it
    would pass the same five lists between functions."""
    entries: list[tuple[BehaviourEntry, BehaviourEntryRecord, Family]] = []
    efforts: list[tuple[ProtectiveEffort, ProtectiveEffortRecord, Family]] = []
    factors: list[ComplicatingFactor] = []
    referrals: list[ProgrammeReferral] = []
    for fam, rec in zip(families, batch, strict=True):
        for b in rec.behaviour_entries:
            entry = BehaviourEntry(
                family=fam,
                person=person[(fam.pk, b.person)],
                **{name: getattr(b, name) for name in BEHAVIOUR_ENTRY_FIELDS},
                external_id=b.id,
                recorded_by=user,
            )
            entries.append((entry, b, fam))
        for e in rec.protective_efforts:
            effort = ProtectiveEffort(
                family=fam,
                survivor=person[(fam.pk, e.survivor)],
                kind=e.kind,
                occurred_on=e.occurred_on,
                description=e.description,
                source=e.source,
                external_id=e.id,
                recorded_by=user,
            )
            efforts.append((effort, e, fam))
        factors += [
            ComplicatingFactor(
                family=fam,
                person=person[(fam.pk, f.person)],
                factor=f.factor,
                interaction=f.interaction,
                source=f.source,
                external_id=f.id,
                recorded_by=user,
            )
            for f in rec.complicating_factors
        ]
        referrals += [
            ProgrammeReferral(
                family=fam,
                person=person[(fam.pk, r.person)],
                **{name: getattr(r, name) for name in REFERRAL_FIELDS},
                support_survivor=person[(fam.pk, r.support_survivor)] if r.support_survivor else None,
                progress=referral_progress(r),
                external_id=r.id,
                recorded_by=user,
            )
            for r in rec.programme_referrals
        ]
    BehaviourEntry.objects.bulk_create([e for e, _, _ in entries], batch_size=BATCH)
    ChildHarm.objects.bulk_create(
        [
            ChildHarm(
                entry=entry,
                child=person[(fam.pk, h.child)],
                his_action=h.his_action,
                impact=h.impact,
                recorded_by=user,
            )
            for entry, b, fam in entries
            for h in b.child_harms
        ],
        batch_size=BATCH,
    )
    ProtectiveEffort.objects.bulk_create([e for e, _, _ in efforts], batch_size=BATCH)
    Through = ProtectiveEffort.children.through
    Through.objects.bulk_create(
        [
            Through(protectiveeffort_id=effort.pk, person_id=person[(fam.pk, ref)].pk)
            for effort, e, fam in efforts
            for ref in e.children
        ],
        batch_size=2000,
    )
    ComplicatingFactor.objects.bulk_create(factors, batch_size=BATCH)
    ProgrammeReferral.objects.bulk_create(referrals, batch_size=BATCH)
    return Counter(
        behaviour_entries=len(entries),
        protective_efforts=len(efforts),
        complicating_factors=len(factors),
        programme_referrals=len(referrals),
    )
