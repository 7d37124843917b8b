"""Marac pages: the Marac list with the meetings (and a meeting scheduled from the list), a meeting's page
(what has gone well since the last meeting, then each case: its research by agency, its actions and the
actions to follow up), the printable minutes, and a case's action added to the family's plan. Thin: the
selectors' gate decides who reads what, the services check and save."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spotlight.access import policy
from spotlight.access.log import access_log_write_many
from spotlight.access.models import AccessAction, User
from spotlight.cases.editing import apply_errors
from spotlight.clock import local_today
from spotlight.marac import selectors, services
from spotlight.marac.forms import ActionForm, AttendeeForm, ResearchForm, ScheduleForm
from spotlight.marac.models import MaracAction, MaracCase, MaracMeeting
from spotlight.ui.requests import staff_user


def _listed(user: User) -> tuple[list[selectors.Listed], list[tuple[int, str]]]:
    listed = selectors.marac_list(user, today=local_today()) if policy.may_coordinate_marac(user) else []
    choices = [
        (x.identification.pk, f"{x.family.name}: {x.survivor.full_name}{' (repeat)' if x.repeat else ''}")
        for x in listed
    ]
    return listed, choices


@require_http_methods(["GET", "POST"])
def marac_home(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    listed, choices = _listed(user)
    form = ScheduleForm(request.POST if request.method == "POST" else None, user=user, listed=choices)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_schedule(
                user=user,
                team_id=form.cleaned_data["team"],
                held_on=form.cleaned_data["held_on"],
                identification_ids=form.cleaned_data["cases"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("marac_meeting", meeting_id=meeting.pk)
    access_log_write_many(
        user=user, action=AccessAction.VIEW, what="Marac list", family_ids=sorted({x.family.pk for x in listed})
    )
    context = {
        "listed": listed,
        "form": form,
        "may_schedule": policy.may_coordinate_marac(user),
        "meetings": list(selectors.meetings_for(user)[:50]),
    }
    return render(request, "marac/home.html", context)


def _cleaned(form: Any) -> dict[str, Any]:
    """The form's data, or its problems as the services' errors are (field by field)."""
    if not form.is_valid():
        raise ValidationError({k: [e.message for e in v] for k, v in form.errors.as_data().items()})
    return dict(form.cleaned_data)


def _handlers(user: User, meeting: MaracMeeting, post: Any) -> dict[str, Callable[[], Any]]:
    """What a POST to the meeting's page can do, by its "action"."""

    def case() -> MaracCase:
        wanted = str(post.get("case", ""))
        return selectors.case_for_read(user, meeting, int(wanted) if wanted.isdigit() else 0)

    def research() -> object:
        d = _cleaned(ResearchForm(post))
        given = services.ResearchGiven(
            d["agency"], d["involvement"], d["last_contact_on"], d["risks_known"], d["actions_taken"]
        )
        return services.research_record(user=user, case=case(), given=given)

    def action() -> object:
        d = _cleaned(ActionForm(post))
        return services.action_record(
            user=user, case=case(), given=services.ActionGiven(d["agency"], d["owner"], d["text"], d["due_on"])
        )

    def follow_up() -> object:
        wanted = str(post.get("marac_action", ""))
        earlier = get_object_or_404(MaracAction, pk=int(wanted) if wanted.isdigit() else 0)
        return services.action_follow_up(user=user, case=case(), action=earlier, outcome=str(post.get("outcome", "")))

    def attendee() -> object:
        d = _cleaned(AttendeeForm(post))
        return services.attendee_add(user=user, meeting=meeting, attendee_id=d["attendee"], agency=d["agency"])

    return {
        "research": research,
        "action": action,
        "follow_up": follow_up,
        "attendee": attendee,
        "close": lambda: services.meeting_close(user=user, meeting=meeting),
    }


@require_http_methods(["GET", "POST"])
def meeting_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = staff_user(request)
    meeting = selectors.meeting_for(user, meeting_id)
    problem, posted = "", request.POST if request.method == "POST" else None
    if posted is not None:
        handler = _handlers(user, meeting, posted).get(str(posted.get("action", "")))
        try:
            if handler is None:
                raise ValidationError("Choose what to record.")
            handler()
        except ValidationError as exc:
            problem = " ".join(m for msgs in getattr(exc, "message_dict", {"": exc.messages}).values() for m in msgs)
        else:
            anchor = f"#case-{posted.get('case')}" if posted.get("case") else ""
            return redirect(reverse("marac_meeting", kwargs={"meeting_id": meeting.pk}) + anchor)
    cases = list(selectors.readable_cases(user, meeting))
    access_log_write_many(
        user=user, action=AccessAction.VIEW, what=f"Marac meeting {meeting.pk}", family_ids=[c.family_id for c in cases]
    )
    attending = selectors.attendance(user, meeting)
    context = {
        "meeting": meeting,
        "views": selectors.case_views(cases),
        "wins": selectors.wins_since_last(meeting, [c.family for c in cases]),
        "attendees": list(meeting.attendees.select_related("user")),
        "coordinates": selectors.coordinates(user, meeting),
        "my_agency": attending.agency if attending else "",
        "problem": problem,
        "posted": posted,
        "attendee_form": AttendeeForm(),
    }
    return render(request, "marac/meeting.html", context, status=400 if problem else 200)


@require_GET
def meeting_minutes(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The minutes, printable: who attended, each case's research and actions. No sealed detail (the
    services refuse any), no note's words."""
    user = staff_user(request)
    meeting = selectors.meeting_for(user, meeting_id)
    cases = list(selectors.readable_cases(user, meeting))
    access_log_write_many(
        user=user, action=AccessAction.VIEW, what=f"Marac minutes {meeting.pk}", family_ids=[c.family_id for c in cases]
    )
    context = {
        "meeting": meeting,
        "views": selectors.case_views(cases),
        "attendees": list(meeting.attendees.select_related("user")),
    }
    return render(request, "marac/minutes.html", context)


@require_POST
def action_to_plan(request: HttpRequest, family_id: int, action_id: int) -> HttpResponse:
    user = staff_user(request)
    url = reverse("family_detail", kwargs={"family_id": family_id}) + "#marac"
    try:
        services.action_to_plan(user=user, action_id=action_id, family_id=family_id)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages), extra_tags="section:marac")
    return redirect(url)
