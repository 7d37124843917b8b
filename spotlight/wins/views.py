"""Wins pages: record a win on a family, and the team board (this week's wins across the families the
reader may read, ready to read from at a team meeting). Thin: the gates decide access, the service checks
and saves, the selectors read."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from spotlight.access.log import access_log_write_many
from spotlight.access.models import AccessAction
from spotlight.cases.editing import family_form_view
from spotlight.cases.gate import WritableFamily, families_readable_by
from spotlight.clock import local_today
from spotlight.ui.requests import staff_user
from spotlight.wins import records, selectors, services
from spotlight.wins.domain.wins import default_wins
from spotlight.wins.forms import WinForm

ANCHOR = "wins"


@require_http_methods(["GET", "POST"])
def win_add(request: HttpRequest, family_id: int) -> HttpResponse:
    wins = default_wins()

    def save(target: WritableFamily, data: dict[str, Any]) -> str:
        services.win_record(target=target, given=records.win_given(data))
        return "Win recorded. Tell them, in these words or close to them, if you have not yet."

    return family_form_view(
        request,
        family_id,
        what="win form",
        title="Record a win",
        submit="Record the win",
        make_form=lambda family, data: WinForm(data, family=family, wins=wins),
        save=save,
        template="wins/win_form.html",
        anchor=ANCHOR,
    )


@require_GET
def team_board(request: HttpRequest) -> HttpResponse:
    """This week's wins (or the week holding ``?week=YYYY-MM-DD``) across the families the reader may read."""
    user = staff_user(request)
    wins = default_wins()
    today = local_today()
    problem = ""
    wanted = request.GET.get("week", "")
    try:
        day = dt.date.fromisoformat(wanted) if wanted else today
    except ValueError:
        day, problem = today, f"“{wanted}” is not a date: write it as YYYY-MM-DD. Showing this week."
    week = selectors.week_of(day)
    families = families_readable_by(user)
    lines = selectors.team_board(families, wins, week=week)
    access_log_write_many(
        user=user,
        action=AccessAction.VIEW,
        what="team board of wins",
        family_ids=sorted({b.win.family_id for b in lines}),
    )
    context = {
        "lines": lines,
        "week": week,
        "previous": week[0] - dt.timedelta(days=7),
        "next": week[0] + dt.timedelta(days=7) if week[1] < today else None,
        "problem": problem,
        "prompts": wins.supervision_prompts,
    }
    return render(request, "wins/team_board.html", context, status=400 if problem else 200)
