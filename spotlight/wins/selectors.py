"""Reads for wins: a family's recent wins, the team board (this week's wins across the families a reader
may read), and the families with none recorded for a long time. Callers pass families through the read gate."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q, QuerySet

from spotlight.access.models import Allocation, StaffRole, User
from spotlight.access.policy import CASEWORKERS
from spotlight.cases.models import Family
from spotlight.wins.domain.wins import Wins
from spotlight.wins.models import Supervision, Win

#: How far back the family page looks for its recent wins
RECENT_DAYS = 90


def recent_wins(family: Family, *, today: dt.date) -> list[Win]:
    since = today - dt.timedelta(days=RECENT_DAYS)
    return list(
        Win.objects.filter(family=family, struck_out_at=None, happened_on__gte=since)
        .select_related("person")
        .order_by("-happened_on", "-id")
    )


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """The week (Monday to Sunday) holding ``day``."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


@dataclass(frozen=True)
class BoardLine:
    win: Win
    who: str
    shows: str


def team_board(families: QuerySet[Family], wins: Wins, *, week: tuple[dt.date, dt.date]) -> list[BoardLine]:
    """The week's wins in ``families``, newest first, with the words for who did it and what it shows."""
    rows = (
        Win.objects.filter(family__in=families, struck_out_at=None, happened_on__range=week)
        .select_related("family", "family__team", "person")
        .order_by("-happened_on", "-id")
    )
    return [BoardLine(w, wins.label("who", w.who), wins.label("shows", w.shows)) for w in rows]


def quiet_families(
    families: QuerySet[Family], wins: Wins, *, today: dt.date
) -> Sequence[tuple[Family, dt.date | None]]:
    """Families with no win recorded for ``quiet_after_days`` (or none ever), longest quiet first."""
    since = today - dt.timedelta(days=wins.quiet_after_days)
    latest = families.annotate(last_win=Max("wins__happened_on", filter=Q(wins__struck_out_at=None)))
    return [(f, f.last_win) for f in latest.order_by("last_win", "name") if f.last_win is None or f.last_win < since]


@dataclass(frozen=True)
class FamilyWins:
    family: Family
    recent: int
    last_win: dt.date | None
    quiet: bool


@dataclass(frozen=True)
class WorkerWins:
    worker: User
    families: list[FamilyWins]

    @property
    def quiet(self) -> int:
        return sum(f.quiet for f in self.families)


def workers_wins(manager: User, readable: QuerySet[Family], wins: Wins, *, today: dt.date) -> list[WorkerWins]:
    """For a manager's supervision: each worker of her teams, her allocated families (that the manager may
    read) with the wins of the last ``RECENT_DAYS`` and those with none for ``quiet_after_days``."""
    since_recent = today - dt.timedelta(days=RECENT_DAYS)
    since_quiet = today - dt.timedelta(days=wins.quiet_after_days)
    workers = (
        User.objects.filter(is_active=True, teams__in=manager.teams.all(), staff_role__in=CASEWORKERS)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
    allocations = Allocation.objects.filter(worker__in=workers, ended_on__isnull=True, family__in=readable)
    by_worker: dict[int, list[int]] = {}
    for worker_id, family_id in allocations.values_list("worker_id", "family_id"):
        by_worker.setdefault(worker_id, []).append(family_id)
    counted = (
        Family.objects.filter(pk__in=[f for ids in by_worker.values() for f in ids])
        .annotate(
            recent=Count("wins", filter=Q(wins__struck_out_at=None, wins__happened_on__gte=since_recent)),
            last_win=Max("wins__happened_on", filter=Q(wins__struck_out_at=None)),
        )
        .order_by("name")
    )
    families = {f.pk: f for f in counted}
    return [
        WorkerWins(
            worker,
            [_family_wins(families[i], since_quiet) for i in by_worker.get(worker.pk, []) if i in families],
        )
        for worker in workers
    ]


def _family_wins(family: Any, since_quiet: dt.date) -> FamilyWins:
    """A family annotated with ``recent`` and ``last_win`` (see `workers_wins`)."""
    last: dt.date | None = family.last_win
    return FamilyWins(family, int(family.recent), last, last is None or last < since_quiet)


def supervisions_of(user: User) -> QuerySet[Supervision]:
    """The supervision records she may read: her own, and, for a team manager, her teams' workers'."""
    own = Q(worker=user) | Q(supervisor=user)
    if user.staff_role == StaffRole.TEAM_MANAGER:
        own |= Q(worker__teams__in=user.teams.all())
    return Supervision.objects.filter(own).distinct().select_related("worker", "supervisor").order_by("-held_on", "-id")
