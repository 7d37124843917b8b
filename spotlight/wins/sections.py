"""Wins' section of the family page: what is going well, beside the worries (the recent wins, newest first)."""

from __future__ import annotations

from collections.abc import Mapping

from spotlight.cases.sections import FamilySection, SectionRequest
from spotlight.wins import selectors
from spotlight.wins.domain.wins import default_wins


def _wins(request: SectionRequest) -> Mapping[str, object]:
    wins = default_wins()
    rows = selectors.recent_wins(request.family, today=request.today)
    return {"recent_wins": [(w, wins.label("who", w.who), wins.label("shows", w.shows)) for w in rows]}


WINS = FamilySection(
    key="wins",
    title="What is going well",
    template="wins/sections/wins.html",
    order=22,
    build=_wins,
)
