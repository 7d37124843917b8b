"""Reads for wins: a family's recent wins, the team board (this week's wins across the families a reader
may read), and the families with none recorded for a long time. Callers pass families through the read gate."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Max, Q, QuerySet

from spotlight.cases.models import Family
from spotlight.wins.domain.wins import Wins
from spotlight.wins.models import Win

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
