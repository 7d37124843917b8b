"""Outcomes' section of the family page: each respondent's answers to the outcome measures, occasion by
occasion (kept apart), his first, with a link to record more."""

from __future__ import annotations

from collections.abc import Mapping

from spotlight.cases.sections import FamilySection, SectionRequest
from spotlight.outcomes import selectors
from spotlight.outcomes.domain.measures import default_measures


def _outcomes(request: SectionRequest) -> Mapping[str, object]:
    measures = default_measures()
    found = selectors.respondents(request.family, today=request.today, measures=measures)
    occasions = {o.id: o.label for o in measures.occasions}
    tables = []
    for r in found:
        asked = [m for m in measures.measures if r.respondent in m.asks]
        points = {m.id: {p.value: p.label for p in measures.points(m)} for m in asked}
        rows = [
            (
                row,
                occasions.get(row.occasion, row.occasion),
                [points[m.id].get(row.scores.get(m.id), "") for m in asked],
            )
            for row in r.rows
        ]
        tables.append({"respondent": r, "measures": asked, "rows": rows})
    return {"outcome_tables": tables}


OUTCOMES = FamilySection(
    key="outcomes",
    title="Outcomes",
    template="outcomes/sections/outcomes.html",
    order=28,
    build=_outcomes,
)
