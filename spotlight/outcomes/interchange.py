"""Outcomes' part of the case file, to and from the database: each respondent's answers on each occasion."""

from __future__ import annotations

from collections import Counter
from typing import Any

from spotlight.access.models import User
from spotlight.cases.interchange import PeopleByRef
from spotlight.cases.models import Family
from spotlight.outcomes.domain.casefile import OutcomeRecordRecord, OutcomesPart
from spotlight.outcomes.models import Outcome

BATCH = 500


def export_outcomes_part(family: Family, pid: dict[int, str]) -> dict[str, Any]:
    """The family's outcome records as the case file's array, oldest first (struck-out records left out)."""
    rows = Outcome.objects.filter(family=family, struck_out_at=None).order_by("recorded_on", "id")
    return {
        "outcomes": tuple(
            OutcomeRecordRecord(
                id=r.external_id or f"o{r.pk}",
                respondent=r.respondent,  # type: ignore[arg-type]  # pydantic checks the respondent
                person=pid[r.person_id] if r.person_id else None,
                occasion=r.occasion,
                recorded_on=r.recorded_on,
                scores=dict(r.scores),
                abuse=dict(r.abuse),
                comment=r.comment,
            )
            for r in rows
        )
    }


def write_outcomes_part(
    families: list[Family], batch: list[OutcomesPart], person: PeopleByRef, *, user: User | None
) -> Counter[str]:
    """Outcomes' rows of a batch of families, checked already (roles, measures, scales, dates)."""
    rows = [
        Outcome(
            family=fam,
            respondent=o.respondent,
            person=person[(fam.pk, o.person)] if o.person else None,
            occasion=o.occasion,
            recorded_on=o.recorded_on,
            scores=dict(o.scores),
            abuse=dict(o.abuse),
            comment=o.comment,
            external_id=o.id,
            recorded_by=user,
        )
        for fam, rec in zip(families, batch, strict=True)
        for o in rec.outcomes
    ]
    Outcome.objects.bulk_create(rows, batch_size=BATCH)
    return Counter(outcomes=len(rows))
