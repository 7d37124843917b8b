"""Front-door pages: the list of referrals, a new referral (screened as it is recorded), and a referral's
page with the screen's reasons, the decision, and the likely existing families to link. Thin: the gate
(`selectors.referrals_readable_by`) decides what may be read, the services check and save."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from spotlight.access import policy
from spotlight.access.log import access_log_write, access_log_write_many
from spotlight.access.models import AccessAction, Team
from spotlight.cases.editing import apply_errors
from spotlight.clock import local_today
from spotlight.frontdoor import selectors, services
from spotlight.frontdoor.domain.screen import PATHWAYS, default_screen
from spotlight.frontdoor.forms import DecisionForm, ReferralForm
from spotlight.ui.requests import staff_user


def _since(value: str, default: dt.date) -> tuple[dt.date, str]:
    try:
        return (dt.date.fromisoformat(value), "") if value else (default, "")
    except ValueError:
        return default, f"“{value}” is not a date: write it as YYYY-MM-DD. Showing the last seven days."


@require_GET
def front_door(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    teams = policy.front_door_teams(user)
    if teams is None:
        raise PermissionDenied("The front door is for caseworkers and team managers.")
    since, problem = _since(request.GET.get("since", ""), local_today() - dt.timedelta(days=7))
    wanted = request.GET.get("team", "")
    team_id = int(wanted) if wanted.isdigit() and int(wanted) in teams else None
    behind = request.GET.get("behind") == "1"
    rows = selectors.front_door_list(user, since=since, team_id=team_id, behind_only=behind)
    access_log_write_many(
        user=user,
        action=AccessAction.VIEW,
        what="front door list",
        family_ids=sorted({r.family_id for r in rows if r.family_id}),
    )
    context = {
        "rows": rows,
        "since": since,
        "problem": problem,
        "teams": Team.objects.filter(pk__in=teams).order_by("name"),
        "team_id": team_id,
        "behind": behind,
        "pathways": PATHWAYS,
        "concerns": dict(default_screen().presenting_concerns),
        "can_screen": policy.may_change_record(user),
    }
    return render(request, "frontdoor/front_door.html", context, status=400 if problem else 200)


@require_http_methods(["GET", "POST"])
def referral_new(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    teams = policy.front_door_teams(user)
    if teams is None or not policy.may_change_record(user):
        raise PermissionDenied("Referrals are recorded and screened by the team's own staff.")
    screen = default_screen()
    form = ReferralForm(
        request.POST or None, teams=list(Team.objects.filter(pk__in=teams).order_by("name")), screen=screen
    )
    if request.method == "POST" and form.is_valid():
        data: dict[str, Any] = form.cleaned_data
        given = services.ReferralGiven(
            team_id=data["team"],
            received_on=data["received_on"],
            referrer_kind=data["referrer_kind"],
            referrer_name=data["referrer_name"],
            presenting_concern=data["presenting_concern"],
            children_named=data["children_named"],
            adults_named=data["adults_named"],
            text=data["text"],
            answers={qid: data.get(f"q_{qid}") or "" for qid, _ in screen.questions},
        )
        try:
            row = services.referral_record(user=user, given=given)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect(reverse("referral_detail", kwargs={"referral_id": row.pk}))
    return render(request, "frontdoor/referral_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    user = staff_user(request)
    referral = selectors.referrals_readable_by(user).filter(pk=referral_id).select_related("team", "family").first()
    if referral is None:
        raise Http404("No referral you may read has that number.")
    access_log_write(user=user, action=AccessAction.VIEW, what=f"referral {referral.pk}", family_id=referral.family_id)
    initial = {"pathway": referral.decided or referral.suggested, "reasons": referral.decision_reasons}
    form = DecisionForm(request.POST if request.POST.get("action") == "decide" else None, initial=initial)
    link_problem = open_problem = ""
    new_family_name = services.family_name_from(referral.adults_named, referral.children_named)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "decide" and form.is_valid():
                services.referral_decide(
                    user=user,
                    referral=referral,
                    pathway=form.cleaned_data["pathway"],
                    reasons=form.cleaned_data["reasons"],
                )
                return redirect(reverse("referral_detail", kwargs={"referral_id": referral.pk}))
            if request.POST.get("action") == "link":
                wanted = request.POST.get("family", "")
                services.referral_link(user=user, referral=referral, family_id=int(wanted) if wanted.isdigit() else 0)
                return redirect(reverse("referral_detail", kwargs={"referral_id": referral.pk}))
            if request.POST.get("action") == "open":
                new_family_name = request.POST.get("name", "")[:200]
                family = services.referral_open_family(user=user, referral=referral, name=new_family_name)
                messages.success(request, f"{family.name} opened from the referral. Add the people it names next.")
                return redirect("family_detail", family_id=family.pk)
        except ValidationError as exc:
            if request.POST.get("action") == "decide":
                apply_errors(form, exc)
            elif request.POST.get("action") == "open":
                open_problem = " ".join(exc.messages)
            else:
                link_problem = " ".join(exc.messages)
    context = {
        "referral": referral,
        "form": form,
        "pathways": PATHWAYS,
        "likely": selectors.likely_families(user, referral) if referral.family_id is None else None,
        "link_problem": link_problem,
        "open_problem": open_problem,
        "new_family_name": new_family_name,
        "can_screen": policy.may_change_record(user) and referral.team_id in (policy.front_door_teams(user) or []),
        "concern": dict(default_screen().presenting_concerns).get(
            referral.presenting_concern, referral.presenting_concern
        ),
    }
    return render(request, "frontdoor/referral_detail.html", context)
