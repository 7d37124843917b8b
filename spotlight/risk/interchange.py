"""Risk's part of the case file, to and from the database: her risk identifications, his risk reviews and
safety markers. An imported identification keeps its answers; its result (yes count, level, the Marac
criteria and why) is worked out on import as the risk pages work it out (the map's dated incidents, the
dated facts in the notes written in the criteria's windows, the earlier referrals in the file), since a
file from another system carries no result. A question a file leaves out is read as not known."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from spotlight.access.models import User
from spotlight.cases.domain.casefile import CaseRecordPart
from spotlight.cases.interchange import PeopleByRef
from spotlight.cases.models import Family
from spotlight.pattern.domain.casefile import PatternMapPart
from spotlight.risk.domain.casefile import (
    ReviewItemRecord,
    RiskAnswerRecord,
    RiskIdentificationRecord,
    RiskPart,
    RiskReviewRecord,
    SafetyMarkerRecord,
)
from spotlight.risk.domain.checklist import NOT_KNOWN, Checklist, default_checklist
from spotlight.risk.domain.evidence import read_record
from spotlight.risk.domain.his_review import default_review_items
from spotlight.risk.domain.marac import Incident, months_before, stored_criteria
from spotlight.risk.domain.marac_list import result_of
from spotlight.risk.models import RiskIdentification, RiskReview, SafetyMarker

BATCH = 500


def in_order(stored: dict[str, Any], order: list[str]) -> list[tuple[str, Any]]:
    """A stored answer object's items in the data file's order (PostgreSQL's jsonb keeps no order), any
    id the file no longer lists after them, by id."""
    rank = {key: index for index, key in enumerate(order)}
    return sorted(stored.items(), key=lambda pair: (rank.get(pair[0], len(rank)), pair[0]))


def export_risk_part(family: Family, pid: dict[int, str]) -> dict[str, Any]:
    """The family's risk records as case-file arrays, oldest first (struck-out records left out)."""
    idents = RiskIdentification.objects.filter(family=family, struck_out_at=None).order_by("identified_on", "id")
    question_order = [q.id for q in default_checklist().questions]
    item_order = [i.id for i in default_review_items().items]
    reviews = RiskReview.objects.filter(family=family, struck_out_at=None).order_by("reviewed_on", "id")
    markers = SafetyMarker.objects.filter(family=family, struck_out_at=None).order_by("set_on", "id")
    return {
        "risk_identifications": tuple(
            RiskIdentificationRecord(
                id=i.external_id or f"ri{i.pk}",
                survivor=pid[i.survivor_id],
                identified_on=i.identified_on,
                answers=tuple(
                    RiskAnswerRecord(question=qid, answer=a.get("answer", NOT_KNOWN), comment=a.get("comment", ""))
                    for qid, a in in_order(i.answers, question_order)
                ),
                what_she_thinks_will_happen=i.what_she_thinks_will_happen,
                who_she_fears_most=i.who_she_fears_most,
                judgement_level=i.judgement_level or None,  # type: ignore[arg-type]  # pydantic checks the level
                judgement_reasons=i.judgement_reasons,
                referred_to_marac_on=i.referred_to_marac_on,
                next_review_on=i.next_review_on,
            )
            for i in idents
        ),
        "risk_reviews": tuple(
            RiskReviewRecord(
                id=r.external_id or f"rr{r.pk}",
                person=pid[r.person_id],
                reviewed_on=r.reviewed_on,
                items=tuple(
                    ReviewItemRecord(
                        item=item_id,
                        suggested=v.get("suggested", NOT_KNOWN),
                        answer=v.get("answer", NOT_KNOWN),
                        comment=v.get("comment", ""),
                    )
                    for item_id, v in in_order(r.items, item_order)
                ),
                level=r.level,  # type: ignore[arg-type]
                reasons=r.reasons,
                next_review_on=r.next_review_on,
            )
            for r in reviews
        ),
        "safety_markers": tuple(
            SafetyMarkerRecord(
                id=m.external_id or f"sm{m.pk}",
                person=pid[m.person_id],
                risks=tuple(m.risks),
                arrangements=tuple(m.arrangements),
                details=m.details,
                set_on=m.set_on,
                review_on=m.review_on,
            )
            for m in markers
        ),
    }


def _incidents(
    case: CaseRecordPart, pattern: PatternMapPart, checklist: Checklist, days: list[dt.date]
) -> list[Incident]:
    """Every dated incident that can bear on identifications made on ``days``: from the map, and from the
    notes written in the windows the criteria look at (the rules alone, for an import's speed)."""
    marac = checklist.marac
    since = months_before(min(days), marac.potential_escalation.within_months + marac.repeat.within_months)
    notes = tuple(n for n in case.notes if since <= n.date <= max(days))
    return read_record(case.model_copy(update={"notes": notes}), pattern, today=max(days)).incidents


def _identifications(
    fam: Family, rec: RiskPart, person: PeopleByRef, checklist: Checklist, user: User | None
) -> list[RiskIdentification]:
    if not rec.risk_identifications:
        return []
    incidents: list[Incident] = []
    if isinstance(rec, CaseRecordPart) and isinstance(rec, PatternMapPart):
        incidents = list(_incidents(rec, rec, checklist, [i.identified_on for i in rec.risk_identifications]))
    rows = []
    last: dt.date | None = None
    for ident in sorted(rec.risk_identifications, key=lambda i: i.identified_on):
        result = result_of(checklist, ident, incidents, last)
        rows.append(
            RiskIdentification(
                family=fam,
                survivor=person[(fam.pk, ident.survivor)],
                identified_on=ident.identified_on,
                answers={a.question: {"answer": a.answer, "comment": a.comment} for a in ident.answers},
                what_she_thinks_will_happen=ident.what_she_thinks_will_happen,
                who_she_fears_most=ident.who_she_fears_most,
                judgement_level=ident.judgement_level or "",
                judgement_reasons=ident.judgement_reasons,
                referred_to_marac_on=ident.referred_to_marac_on,
                next_review_on=ident.next_review_on
                or ident.identified_on + dt.timedelta(days=checklist.review_after_days.get(result.level, 90)),
                yes_count=result.yes,
                not_known_count=result.not_known,
                answers_level=result.answers_level,
                level=result.level,
                criteria=stored_criteria(result),
                checklist_version=checklist.version,
                external_id=ident.id,
                recorded_by=user,
            )
        )
        last = ident.referred_to_marac_on or last
    return rows


def write_risk_part(
    families: list[Family], batch: list[RiskPart], person: PeopleByRef, *, user: User | None
) -> Counter[str]:
    """Risk's rows of a batch of families, checked already (roles, dates, answers once each)."""
    checklist = default_checklist()
    idents: list[RiskIdentification] = []
    reviews: list[RiskReview] = []
    markers: list[SafetyMarker] = []
    for fam, rec in zip(families, batch, strict=True):
        idents += _identifications(fam, rec, person, checklist, user)
        reviews += [
            RiskReview(
                family=fam,
                person=person[(fam.pk, r.person)],
                reviewed_on=r.reviewed_on,
                items={i.item: {"suggested": i.suggested, "answer": i.answer, "comment": i.comment} for i in r.items},
                level=r.level,
                reasons=r.reasons,
                next_review_on=r.next_review_on,
                external_id=r.id,
                recorded_by=user,
            )
            for r in rec.risk_reviews
        ]
        markers += [
            SafetyMarker(
                family=fam,
                person=person[(fam.pk, m.person)],
                risks=list(m.risks),
                arrangements=list(m.arrangements),
                details=m.details,
                set_on=m.set_on,
                review_on=m.review_on,
                external_id=m.id,
                set_by=user,
            )
            for m in rec.safety_markers
        ]
    RiskIdentification.objects.bulk_create(idents, batch_size=BATCH)
    RiskReview.objects.bulk_create(reviews, batch_size=BATCH)
    SafetyMarker.objects.bulk_create(markers, batch_size=BATCH)
    return Counter(risk_identifications=len(idents), risk_reviews=len(reviews), safety_markers=len(markers))
