"""Wins' section of the family page: what is going well, beside the worries (the recent wins, newest first)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from django.urls import reverse

from spotlight.cases.models import CaseNote, Family
from spotlight.cases.sections import FamilySection, NoteBadge, SectionRequest
from spotlight.clock import long_date
from spotlight.wins import selectors
from spotlight.wins.domain.wins import default_wins
from spotlight.wins.models import StrengthsLetter, Win


def _wins(request: SectionRequest) -> Mapping[str, object]:
    wins = default_wins()
    rows = selectors.recent_wins(request.family, today=request.today)
    letters = StrengthsLetter.objects.filter(family=request.family, struck_out_at=None).order_by("-given_on")
    return {
        "recent_wins": [(w, wins.label("who", w.who), wins.label("shows", w.shows)) for w in rows],
        "letters": list(letters[:10]),
    }


WINS = FamilySection(
    key="wins",
    title="What is going well",
    template="wins/sections/wins.html",
    order=22,
    build=_wins,
)


def win_badges(family: Family, notes: Sequence[CaseNote]) -> Mapping[int, Sequence[NoteBadge]]:
    """A badge beside each note in the chronology written on a day a win happened: the chronology marks
    what went well, not only the worries."""
    days: dict[dt.date, int] = {}
    for day in Win.objects.filter(family=family, struck_out_at=None).values_list("happened_on", flat=True):
        days[day] = days.get(day, 0) + 1
    if not days:
        return {}
    page = reverse("family_detail", kwargs={"family_id": family.pk})
    return {
        note.pk: [
            NoteBadge(
                kind="win",
                label=f"{days[note.occurred_on]} win{'s' if days[note.occurred_on] > 1 else ''} this day",
                href=f"{page}#wins",
                tag_class="govuk-tag--green",
                hidden_text=f"on {long_date(note.occurred_on)}",
            )
        ]
        for note in notes
        if note.occurred_on in days
    }
