"""Every kind of record a worker can correct, by the name it has in URLs; and the pages that change,
strike out and show the versions of one. To make a new kind correctable, write its `RecordKind` and
`Correction` in its own app and list it here."""

from __future__ import annotations

from collections.abc import Mapping

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET, require_http_methods

from spotlight.cases import corrections as case_corrections
from spotlight.cases.editing import Correction, record_change_view, record_strike_out_view, record_versions_view
from spotlight.casework import corrections as casework_corrections
from spotlight.outcomes import corrections as outcome_corrections
from spotlight.pattern import corrections as pattern_corrections
from spotlight.plans import corrections as plan_corrections
from spotlight.reviews import corrections as review_corrections
from spotlight.risk import corrections as risk_corrections
from spotlight.sharing import corrections as sharing_corrections
from spotlight.wins import corrections as win_corrections

CORRECTIONS: Mapping[str, Correction] = {
    c.kind.key: c
    for c in (
        case_corrections.PERSON,
        case_corrections.RELATIONSHIP,
        case_corrections.AGENCY_INVOLVEMENT,
        case_corrections.CONTACT_ATTEMPT,
        case_corrections.SEALED_DETAIL,
        review_corrections.CASE_NOTE,
        pattern_corrections.BEHAVIOUR_ENTRY,
        pattern_corrections.CHILD_HARM,
        pattern_corrections.PROTECTIVE_EFFORT,
        pattern_corrections.COMPLICATING_FACTOR,
        pattern_corrections.PROGRAMME_REFERRAL,
        casework_corrections.CHILD_PLAN,
        casework_corrections.TASK,
        risk_corrections.RISK_IDENTIFICATION,
        risk_corrections.RISK_REVIEW,
        risk_corrections.SAFETY_MARKER,
        outcome_corrections.OUTCOME,
        win_corrections.WIN,
        plan_corrections.PLAN,
        plan_corrections.PLAN_ACTION,
        sharing_corrections.SHARING,
    )
}


def _correction(kind: str) -> Correction:
    correction = CORRECTIONS.get(kind)
    if correction is None:
        raise Http404("Spotlight keeps no kind of record by that name.")
    return correction


@require_http_methods(["GET", "POST"])
def record_change(request: HttpRequest, family_id: int, kind: str, record_id: int) -> HttpResponse:
    return record_change_view(request, family_id, record_id, _correction(kind))


@require_http_methods(["GET", "POST"])
def record_strike_out(request: HttpRequest, family_id: int, kind: str, record_id: int) -> HttpResponse:
    return record_strike_out_view(request, family_id, record_id, _correction(kind))


@require_GET
def record_versions(request: HttpRequest, family_id: int, kind: str, record_id: int) -> HttpResponse:
    return record_versions_view(request, family_id, record_id, _correction(kind))
