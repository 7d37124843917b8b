"""Wins pages: record a win on a family, and the team board (this week's wins across the families the
reader may read, ready to read from at a team meeting). Thin: the gates decide access, the service checks
and saves, the selectors read."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from spotlight.access import policy
from spotlight.access.log import access_log_write_many
from spotlight.access.models import AccessAction, User
from spotlight.cases.editing import apply_errors, family_form_view
from spotlight.cases.gate import WritableFamily, families_readable_by
from spotlight.clock import local_today
from spotlight.ui.requests import staff_user
from spotlight.wins import records, selectors, services
from spotlight.wins.domain.wins import default_wins
from spotlight.wins.forms import SupervisionForm, WinForm
from spotlight.wins.models import Supervision

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


@require_GET
def supervision_home(request: HttpRequest) -> HttpResponse:
    """A manager's view for supervision: each worker's families with their recent wins and those with none
    for a long time, and the sessions recorded; a worker sees her own sessions."""
    user = staff_user(request)
    wins = default_wins()
    families = families_readable_by(user)
    workers = selectors.workers_wins(user, families, wins, today=local_today()) if policy.may_allocate(user) else []
    shown = sorted({fw.family.pk for w in workers for fw in w.families})
    access_log_write_many(user=user, action=AccessAction.VIEW, what="supervision: wins by worker", family_ids=shown)
    context = {
        "workers": workers,
        "sessions": list(selectors.supervisions_of(user)[:50]),
        "quiet_after_days": wins.quiet_after_days,
        "prompts": wins.supervision_prompts,
    }
    return render(request, "wins/supervision_home.html", context)


@require_http_methods(["GET", "POST"])
def supervision_add(request: HttpRequest, worker_id: int) -> HttpResponse:
    user = staff_user(request)
    worker = User.objects.filter(pk=worker_id).first()
    if worker is None or not policy.may_supervise(user, worker):
        raise PermissionDenied("Supervision is recorded by a team manager of one of the worker's teams.")
    hers = (
        families_readable_by(user)
        .filter(allocations__worker=worker, allocations__ended_on__isnull=True)
        .distinct()
        .order_by("name")
    )
    form = SupervisionForm(request.POST or None, families=[(f.pk, f.name) for f in hers])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            row = services.supervision_record(
                supervisor=user,
                worker=worker,
                held_on=data["held_on"],
                going_well=data["going_well"],
                worries=data["worries"],
                decisions=data["decisions"],
                family_ids=list(data["families"]),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect(reverse("supervision_detail", kwargs={"supervision_id": row.pk}))
    prompts = default_wins().supervision_prompts
    return render(request, "wins/supervision_form.html", {"form": form, "worker": worker, "prompts": prompts})


@require_GET
def supervision_detail(request: HttpRequest, supervision_id: int) -> HttpResponse:
    user = staff_user(request)
    row = Supervision.objects.filter(pk=supervision_id).select_related("worker", "supervisor").first()
    if row is None or not policy.may_read_supervision(user, worker_id=row.worker_id, supervisor_id=row.supervisor_id):
        raise Http404("No such supervision record that you may read.")
    families = list(families_readable_by(user).filter(supervisions=row).order_by("name"))
    access_log_write_many(
        user=user, action=AccessAction.VIEW, what=f"supervision {row.pk}", family_ids=[f.pk for f in families]
    )
    return render(request, "wins/supervision_detail.html", {"row": row, "families": families})
