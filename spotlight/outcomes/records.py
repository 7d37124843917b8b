"""Outcomes' kind of record a worker can correct: one respondent's answers on one occasion, checked by
the same function that checks new answers; and the conversions between the form's data and the service's."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spotlight.cases.gate import WritableFamily
from spotlight.cases.versions import RecordKind
from spotlight.outcomes import services
from spotlight.outcomes.domain.measures import OutcomeMeasures, default_measures
from spotlight.outcomes.models import Outcome
from spotlight.outcomes.services import ABUSE_PREFIX, MEASURE_PREFIX, OutcomeGiven


def outcome_given(data: Mapping[str, Any], measures: OutcomeMeasures) -> OutcomeGiven:
    """What a valid outcomes form gives, for the service."""
    return OutcomeGiven(
        respondent=str(data.get("respondent") or ""),
        person_id=data.get("person"),
        occasion=str(data.get("occasion") or ""),
        recorded_on=data["recorded_on"],
        scores={m.id: data.get(MEASURE_PREFIX + m.id) for m in measures.measures},
        abuse={k.id: str(data.get(ABUSE_PREFIX + k.id) or "") for k in measures.abuse_checklist},
        comment=str(data.get("comment") or ""),
    )


def outcome_values(row: Outcome) -> dict[str, Any]:
    """Recorded answers as their form's values (for a correction)."""
    values: dict[str, Any] = {
        "respondent": row.respondent,
        "person": row.person_id,
        "occasion": row.occasion,
        "recorded_on": row.recorded_on,
        "comment": row.comment,
    }
    values |= {MEASURE_PREFIX + k: v for k, v in row.scores.items()}
    return values | {ABUSE_PREFIX + k: v for k, v in row.abuse.items()}


def _write(target: WritableFamily, row: Outcome, data: dict[str, Any]) -> None:
    services.outcome_fill(target, row, outcome_given(data, default_measures()))
    row.save()


OUTCOME: RecordKind[Outcome] = RecordKind(
    key="outcome",
    label="outcome record",
    records=lambda family: Outcome.objects.filter(family=family).select_related("recorded_by", "person"),
    read=outcome_values,
    write=_write,
    first_made=lambda r: (r.recorded_at, r.recorded_by.display_name if r.recorded_by else ""),
)
