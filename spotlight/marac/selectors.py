"""Reads for Marac, through one gate (`meetings_for` and `case_for_read`): the Marac list of families whose
latest risk identification meets a criterion, a meeting's agenda with what has gone well since the last
meeting, each case's research and actions, and the actions from earlier meetings to follow up."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from spotlight.access import policy
from spotlight.access.models import User
from spotlight.cases.gate import families_readable_by
from spotlight.cases.models import Family, Person
from spotlight.marac.models import (
    MaracAction,
    MaracActionStatus,
    MaracAttendee,
    MaracCase,
    MaracMeeting,
    MaracResearch,
    MeetingStatus,
)
from spotlight.risk.domain.marac import months_before
from spotlight.risk.models import RiskIdentification
from spotlight.wins.models import Win


@dataclass(frozen=True)
class Listed:
    """A family on the Marac list: her latest identification meets a criterion, not yet heard since."""

    family: Family
    survivor: Person
    identification: RiskIdentification
    criteria: tuple[str, ...]
    repeat: bool


def criteria_met(identification: RiskIdentification) -> tuple[str, ...]:
    return tuple(str(c.get("label", "")) for c in identification.criteria if c.get("met"))


def was_heard_within_a_year(family: Family, before: dt.date, *, excluding: int | None = None) -> bool:
    earlier = MaracCase.objects.filter(
        family=family, meeting__held_on__lt=before, meeting__held_on__gte=months_before(before, 12)
    )
    return earlier.exclude(meeting_id=excluding).exists() if excluding else earlier.exists()


def marac_list(user: User, *, today: dt.date) -> list[Listed]:
    """Families she may read whose latest risk identification (one per survivor) meets a Marac criterion
    and has not been heard at a meeting since; repeat cases (heard within twelve months) marked."""
    families = families_readable_by(user)
    rows = (
        RiskIdentification.objects.filter(family__in=families, struck_out_at=None)
        .select_related("family", "survivor")
        .order_by("survivor_id", "-identified_on", "-id")
    )
    latest: dict[int, RiskIdentification] = {}
    for row in rows:
        latest.setdefault(row.survivor_id, row)
    listed = []
    for ident in latest.values():
        met = criteria_met(ident)
        if not met:
            continue
        heard_since = MaracCase.objects.filter(family=ident.family, meeting__held_on__gte=ident.identified_on)
        if heard_since.exists():
            continue
        listed.append(Listed(ident.family, ident.survivor, ident, met, was_heard_within_a_year(ident.family, today)))
    return sorted(listed, key=lambda x: (not x.repeat, x.identification.identified_on, x.family.name))


def meetings_for(user: User) -> QuerySet[MaracMeeting]:
    """The meetings she may open: those of the teams she coordinates for, and those she attends."""
    mine = Q(attendees__user=user)
    if policy.may_coordinate_marac(user):
        mine |= Q(team__in=list(user.teams.values_list("id", flat=True)))
    return MaracMeeting.objects.filter(mine).distinct().select_related("team", "coordinator")


def meeting_for(user: User, meeting_id: int) -> MaracMeeting:
    meeting = meetings_for(user).filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404("No Marac meeting you may open has that number.")
    return meeting


def attendance(user: User, meeting: MaracMeeting) -> MaracAttendee | None:
    return MaracAttendee.objects.filter(meeting=meeting, user=user).first()


def coordinates(user: User, meeting: MaracMeeting) -> bool:
    return policy.may_coordinate_marac(user) and user.teams.filter(pk=meeting.team_id).exists()


def readable_cases(user: User, meeting: MaracMeeting) -> QuerySet[MaracCase]:
    """The meeting's cases she may read: every one for those attending it (until it is closed) and for its
    coordinator; otherwise those whose family she may read."""
    cases = MaracCase.objects.filter(meeting=meeting).select_related("family", "survivor")
    attends = attendance(user, meeting) is not None or coordinates(user, meeting)
    open_ = meeting.status != MeetingStatus.CLOSED
    if policy.may_read_marac_case(user, attends=attends, meeting_open=open_, family_readable=False):
        return cases
    return cases.filter(family__in=families_readable_by(user))


def case_for_read(user: User, meeting: MaracMeeting, case_id: int) -> MaracCase:
    case = readable_cases(user, meeting).filter(pk=case_id).first()
    if case is None:
        raise Http404("No case on this meeting's agenda is open to you.")
    return case


@dataclass(frozen=True)
class ResearchLine:
    """An agency's latest research for a case, and how many earlier versions it replaced."""

    research: MaracResearch
    earlier: int


@dataclass(frozen=True)
class CaseView:
    case: MaracCase
    research: list[ResearchLine]
    actions: list[MaracAction]
    #: open actions from earlier meetings for this family, to follow up at this one
    follow_ups: list[MaracAction]


def case_views(cases: list[MaracCase]) -> list[CaseView]:
    views = []
    for case in cases:
        earlier = MaracAction.objects.filter(
            family=case.family, status=MaracActionStatus.OPEN, case__meeting__held_on__lt=case.meeting.held_on
        ).select_related("case__meeting")
        views.append(CaseView(case, latest_research(case), list(case.actions.all()), list(earlier)))
    return views


def latest_research(case: MaracCase) -> list[ResearchLine]:
    """Each agency's latest research for the case (by name, as written), with its earlier versions counted."""
    by_agency: dict[str, list[MaracResearch]] = {}
    for row in case.research.order_by("-recorded_at", "-id"):
        by_agency.setdefault(row.agency.casefold(), []).append(row)
    lines = [ResearchLine(rows[0], len(rows) - 1) for rows in by_agency.values()]
    return sorted(lines, key=lambda line: line.research.agency.casefold())


def wins_since_last(meeting: MaracMeeting, families: list[Family]) -> list[Win]:
    """What has gone well for the agenda's families since the team's last meeting (or the last month)."""
    last = MaracMeeting.objects.filter(team=meeting.team, held_on__lt=meeting.held_on).order_by("-held_on").first()
    since = last.held_on if last else meeting.held_on - dt.timedelta(days=31)
    return list(
        Win.objects.filter(
            family__in=families, struck_out_at=None, happened_on__gt=since, happened_on__lte=meeting.held_on
        )
        .select_related("family")
        .order_by("family__name", "happened_on")
    )


def family_marac(family: Family) -> list[MaracCase]:
    """A family's Marac cases, newest first, with their actions (for the family page)."""
    return list(
        MaracCase.objects.filter(family=family)
        .select_related("meeting", "survivor")
        .prefetch_related("actions")
        .order_by("-meeting__held_on")
    )
