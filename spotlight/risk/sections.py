"""Risk's section of the family page, beside the pattern map: the latest review of each person causing
harm and the adult survivor's latest risk identification, side by side (his first, and hers never
without his), each with its level, who did it and when the next review is due; the trend of her
identifications; what changed since the last one; and the safety markers set on him."""

from __future__ import annotations

from collections.abc import Mapping

from spotlight.cases.sections import FamilySection, SectionRequest
from spotlight.risk import selectors
from spotlight.risk.domain.checklist import ANSWERS
from spotlight.risk.domain.trend import Point, changes, trend_spec


def _risk(request: SectionRequest) -> Mapping[str, object]:
    risk = selectors.family_risk(request.family, today=request.today)
    checklist = risk.checklist
    topics = [(q.id, q.topic) for q in checklist.questions]
    hers = []
    for her in risk.hers:
        rows = [r for r in (her.latest, *her.earlier) if r is not None]
        points = [Point(r.identified_on, r.yes_count, r.level) for r in rows]
        changed = (
            [
                (c.topic, ANSWERS.get(c.before, "not recorded"), ANSWERS.get(c.now, "not recorded"))
                for c in changes(topics, her.earlier[0].answers, her.latest.answers)
            ]
            if her.latest is not None and her.earlier
            else []
        )
        spec = trend_spec(points, checklist.marac.visible_high_risk.yes_at_least, len(checklist.questions))
        hers.append({"risk": her, "rows": rows, "changed": changed, "spec": spec if len(points) > 1 else None})
    his = [{"risk": h, "markers": [(m, *selectors.marker_words(m)) for m in h.markers]} for h in risk.his]
    return {"risk_his": his, "risk_hers": hers, "risk_levels": {lvl.id: lvl.label for lvl in checklist.levels}}


RISK = FamilySection(
    key="risk",
    title="Risk",
    template="risk/sections/risk.html",
    order=21,
    build=_risk,
)
