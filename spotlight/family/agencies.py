"""The chronology by agency: what each agency knows of a family and what it did, on one page, so that
contributions are joined up: its notes, what was shared with it and received from it, its Marac research
and actions, and the plan's actions on it. In the family layer because it reads several apps' records."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from spotlight.cases.gate import family_for_read
from spotlight.cases.models import AgencyInvolvement, CaseNote, Family
from spotlight.marac.models import MaracAction, MaracResearch
from spotlight.plans.models import Owner, PlanAction
from spotlight.sharing.selectors import family_sharing
from spotlight.ui.requests import staff_user


@dataclass(frozen=True)
class Line:
    on: dt.date | None
    what: str
    detail: str


def by_agency(family: Family) -> dict[str, list[Line]]:
    """Each agency (by name, as first written) with its lines, newest first; undated last."""
    found: dict[str, list[Line]] = defaultdict(list)
    names: dict[str, str] = {}

    def add(agency: str, line: Line) -> None:
        key = agency.strip().casefold()
        names.setdefault(key, agency.strip())
        found[key].append(line)

    for inv in AgencyInvolvement.objects.filter(family=family, struck_out_at=None).select_related("agency"):
        add(inv.agency.name, Line(None, "Involved", f"Contact: {inv.contact}" if inv.contact else ""))
    notes = CaseNote.objects.filter(family=family, struck_out_at=None, agency__isnull=False).select_related("agency")
    for note in notes:
        add(note.agency.name, Line(note.occurred_on, f"Note: {note.contact_type_label}", note.text[:300]))  # type: ignore[union-attr]
    for s in family_sharing(family):
        add(s.row.agency, Line(s.row.on, s.row.get_direction_display(), f"{'; '.join(s.kinds)}. {s.reason}."))
    for r in MaracResearch.objects.filter(case__family=family).select_related("case__meeting"):
        add(r.agency, Line(r.case.meeting.held_on, "Marac research", r.involvement))
    for a in MaracAction.objects.filter(family=family):
        add(a.agency, Line(a.due_on, f"Marac action ({a.get_status_display().lower()})", f"{a.text} ({a.owner})"))
    for p in PlanAction.objects.filter(family=family, owner=Owner.AGENCY, struck_out_at=None):
        add(p.agency, Line(p.due_on, f"Plan action ({p.get_status_display().lower()})", p.text))
    ordered = {}
    for key in sorted(found, key=lambda k: names[k].casefold()):
        ordered[names[key]] = sorted(found[key], key=lambda x: (x.on is None, -(x.on.toordinal() if x.on else 0)))
    return ordered


@require_GET
def family_agencies(request: HttpRequest, family_id: int) -> HttpResponse:
    family = family_for_read(staff_user(request), family_id, what="chronology by agency")
    return render(request, "family/agencies.html", {"family": family, "agencies": by_agency(family)})
