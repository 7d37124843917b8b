"""Risk's section of the family page, beside the pattern map: the latest review of each person causing
harm and the adult survivor's latest risk identification, side by side (his first, and hers never
without his), each with its level, who did it and when the next review is due; the trend of her
identifications; what changed since the last one; and the safety markers set on him."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.urls import reverse

from spotlight.cases.models import CaseNote, Family, Person
from spotlight.cases.sections import FamilySection, NoteBadge, SectionRequest
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


def marker_badges(family: Family, notes: Sequence[CaseNote]) -> Mapping[int, Sequence[NoteBadge]]:
    """A badge on each note in the chronology that names, or was attended by, a person causing harm with a
    safety marker: staff reading about a visit see that visits need care."""
    markers = selectors.markers_for(family)
    if not markers:
        return {}
    marked = list(Person.objects.filter(pk__in=markers))
    page = reverse("family_detail", kwargs={"family_id": family.pk})
    badges: dict[int, Sequence[NoteBadge]] = {}
    for note in notes:
        present = {p.pk for p in note.present.all()}  # prefetched by the chronology
        named = [p for p in marked if p.pk in present or (p.given_name and p.given_name in note.text)]
        if named:
            badges[note.pk] = [
                NoteBadge(
                    kind="safety",
                    label="Safety marker for staff",
                    href=f"{page}#risk",
                    tag_class="govuk-tag--red",
                    hidden_text=f"on {named[0].full_name}",
                )
            ]
    return badges
