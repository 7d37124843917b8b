"""Risk's kinds of record a worker can correct: her risk identification, his risk review and a safety
marker, each checked (and its result worked out again) by the same function that checks a new one."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spotlight.cases.gate import WritableFamily
from spotlight.cases.versions import RecordKind
from spotlight.risk import services
from spotlight.risk.domain.checklist import Checklist, default_checklist
from spotlight.risk.domain.his_review import ReviewItems, default_review_items
from spotlight.risk.domain.marac import Judgement
from spotlight.risk.models import RiskIdentification, RiskReview, SafetyMarker
from spotlight.risk.services import ANSWER_PREFIX, COMMENT_PREFIX, HerWords, IdentificationGiven, ReviewGiven


def answers_of(data: Mapping[str, Any], ids: list[str]) -> tuple[dict[str, str], dict[str, str]]:
    """The answers and comments of a valid form's data, by question or item id."""
    return (
        {qid: data.get(ANSWER_PREFIX + qid) or "" for qid in ids},
        {qid: data.get(COMMENT_PREFIX + qid) or "" for qid in ids},
    )


def identification_given(data: Mapping[str, Any], checklist: Checklist) -> IdentificationGiven:
    """What a valid risk identification form gives, for the service."""
    answers, comments = answers_of(data, [q.id for q in checklist.questions])
    return IdentificationGiven(
        survivor_id=data["person"],
        identified_on=data["identified_on"],
        answers=answers,
        comments=comments,
        her_words=HerWords(data.get("her_next") or "", data.get("her_fears_most") or ""),
        judgement=Judgement(data.get("judgement_level") or "", data.get("judgement_reasons") or ""),
        referred_to_marac_on=data.get("referred_to_marac_on"),
    )


def identification_values(row: Any) -> dict[str, Any]:
    """A recorded identification as its form's values (for a correction)."""
    values: dict[str, Any] = {
        "person": row.survivor_id,
        "identified_on": row.identified_on,
        "her_next": row.what_she_thinks_will_happen,
        "her_fears_most": row.who_she_fears_most,
        "judgement_level": row.judgement_level,
        "judgement_reasons": row.judgement_reasons,
        "referred_to_marac_on": row.referred_to_marac_on,
    }
    return values | _answer_values(row.answers)


def review_given(data: Mapping[str, Any], items: ReviewItems) -> ReviewGiven:
    """What a valid risk review form gives, for the service."""
    answers, comments = answers_of(data, [i.id for i in items.items])
    return ReviewGiven(
        person_id=data["person"],
        reviewed_on=data["reviewed_on"],
        answers=answers,
        comments=comments,
        level=data["level"],
        reasons=data["reasons"],
    )


def review_values(row: Any) -> dict[str, Any]:
    """A recorded review as its form's values (for a correction)."""
    values: dict[str, Any] = {"person": row.person_id, "reviewed_on": row.reviewed_on, "level": row.level}
    return values | {"reasons": row.reasons} | _answer_values(row.items)


def _answer_values(stored: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    return {
        key: value
        for qid, v in stored.items()
        for key, value in ((ANSWER_PREFIX + qid, v.get("answer", "")), (COMMENT_PREFIX + qid, v.get("comment", "")))
    }


def _identification_write(target: WritableFamily, row: RiskIdentification, data: dict[str, Any]) -> None:
    services.risk_identification_fill(target, row, identification_given(data, default_checklist()))
    row.save()


def _review_write(target: WritableFamily, row: RiskReview, data: dict[str, Any]) -> None:
    services.risk_review_fill(target, row, review_given(data, default_review_items()))
    row.save()


def marker_given(data: Mapping[str, Any]) -> dict[str, Any]:
    """What a valid safety marker form gives, as the service's keyword arguments."""
    return {
        "person_id": data["person"],
        "risks": data["risks"],
        "arrangements": data["arrangements"],
        "details": data["details"],
        "set_on": data["set_on"],
        "review_on": data.get("review_on"),
    }


def _marker_write(target: WritableFamily, marker: SafetyMarker, data: dict[str, Any]) -> None:
    services.safety_marker_fill(target, marker, **marker_given(data))
    marker.save()


RISK_IDENTIFICATION: RecordKind[RiskIdentification] = RecordKind(
    key="risk-identification",
    label="risk identification",
    records=lambda family: RiskIdentification.objects.filter(family=family).select_related("recorded_by", "survivor"),
    read=identification_values,
    write=_identification_write,
    first_made=lambda r: (r.recorded_at, r.recorded_by.display_name if r.recorded_by else ""),
)

RISK_REVIEW: RecordKind[RiskReview] = RecordKind(
    key="risk-review",
    label="risk review",
    records=lambda family: RiskReview.objects.filter(family=family).select_related("recorded_by", "person"),
    read=review_values,
    write=_review_write,
    first_made=lambda r: (r.recorded_at, r.recorded_by.display_name if r.recorded_by else ""),
)

SAFETY_MARKER: RecordKind[SafetyMarker] = RecordKind(
    key="safety-marker",
    label="safety marker",
    records=lambda family: SafetyMarker.objects.filter(family=family).select_related("set_by", "person"),
    read=lambda m: {
        "person": m.person_id,
        "risks": list(m.risks),
        "arrangements": list(m.arrangements),
        "details": m.details,
        "set_on": m.set_on,
        "review_on": m.review_on,
    },
    write=_marker_write,
    first_made=lambda m: (m.set_at, m.set_by.display_name if m.set_by else ""),
)
