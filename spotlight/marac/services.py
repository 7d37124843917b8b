"""Writes for Marac: a meeting scheduled with its agenda, who attends for which agency, each agency's
research, actions and their follow-up, closing a meeting, and a case's action added to the family's plan.
Each is checked (every problem at once), saved atomically and logged: what kind of record and its id,
never its words. No text holds a sealed detail: the minutes are printed."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from spotlight.access import policy
from spotlight.access.log import access_log_write
from spotlight.access.models import AccessAction, User
from spotlight.cases.gate import family_for_write
from spotlight.cases.models import Person
from spotlight.cases.selectors import holds_sealed_detail
from spotlight.clock import local_today
from spotlight.marac import selectors
from spotlight.marac.models import (
    MaracAction,
    MaracActionStatus,
    MaracAttendee,
    MaracCase,
    MaracMeeting,
    MaracResearch,
    MeetingStatus,
)
from spotlight.plans import services as plan_services
from spotlight.plans.models import Plan, PlanStatus

SEALED = (
    "This holds a sealed detail of someone in the family (an address, a phone number or a safe contact): take "
    "it out. The minutes are printed and shared between agencies."
)


def _refuse(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError({field: [message] for field, message in errors.items()})


def _log(user: User, what: str, family_id: int | None = None, action: AccessAction = AccessAction.CREATE) -> None:
    access_log_write(user=user, action=action, what=what, family_id=family_id)


def meeting_schedule(*, user: User, team_id: int, held_on: dt.date, identification_ids: list[int]) -> MaracMeeting:
    """A meeting of one of her teams, its agenda built from the Marac list (each case marked a repeat when
    the family was heard in the twelve months before)."""
    if not policy.may_coordinate_marac(user):
        raise PermissionDenied("Marac meetings are scheduled by a domestic abuse specialist or a team manager.")
    errors: dict[str, str] = {}
    team = user.teams.filter(pk=team_id).first() if team_id else None
    if team is None:
        errors["team"] = "Choose one of your teams."
    listed = {x.identification.pk: x for x in selectors.marac_list(user, today=local_today())}
    chosen = [listed[i] for i in identification_ids if i in listed]
    if not chosen:
        errors["cases"] = "Choose at least one case from the Marac list for the agenda."
    if errors or team is None:
        raise ValidationError({field: [message] for field, message in errors.items()})
    with transaction.atomic():
        meeting = MaracMeeting.objects.create(team=team, held_on=held_on, coordinator=user)
        for x in chosen:
            MaracCase.objects.create(
                meeting=meeting,
                family=x.family,
                survivor=x.survivor,
                identification=x.identification,
                criteria=list(x.criteria),
                repeat=selectors.was_heard_within_a_year(x.family, held_on, excluding=meeting.pk),
            )
        MaracAttendee.objects.create(meeting=meeting, user=user, agency=f"{team.name} (coordinating)")
        _log(user, f"Marac meeting {meeting.pk} scheduled")
    return meeting


def attendee_add(*, user: User, meeting: MaracMeeting, attendee_id: int, agency: str) -> MaracAttendee:
    if not selectors.coordinates(user, meeting):
        raise PermissionDenied("Only the meeting's coordinator adds who attends.")
    errors: dict[str, str] = {}
    person = User.objects.filter(pk=attendee_id, is_active=True).first()
    if person is None:
        errors["attendee"] = "Choose who attends."
    elif MaracAttendee.objects.filter(meeting=meeting, user=person).exists():
        errors["attendee"] = f"{person.display_name} already attends this meeting."
    if not agency.strip():
        errors["agency"] = "Name the agency she attends for."
    if errors or person is None:
        raise ValidationError({field: [message] for field, message in errors.items()})
    row = MaracAttendee.objects.create(meeting=meeting, user=person, agency=agency.strip())
    _log(user, f"Marac meeting {meeting.pk}: attendee {row.pk} added")
    return row


def _may_write(user: User, meeting: MaracMeeting, agency: str) -> None:
    if meeting.status == MeetingStatus.CLOSED:
        raise PermissionDenied("This meeting is closed.")
    attending = selectors.attendance(user, meeting)
    if not policy.may_write_marac_agency(
        user,
        coordinates=selectors.coordinates(user, meeting),
        attends_for=attending.agency if attending else "",
        agency=agency,
    ):
        raise PermissionDenied("You record your own agency's research and actions; the others' you may read.")


def _sealed_in(case: MaracCase, *texts: str) -> bool:
    people = list(Person.objects.filter(family=case.family))
    return any(holds_sealed_detail(text, p) for text in texts if text for p in people)


@dataclasses.dataclass(frozen=True)
class ResearchGiven:
    agency: str
    involvement: str
    last_contact_on: dt.date | None
    risks_known: str
    actions_taken: str


def research_record(*, user: User, case: MaracCase, given: ResearchGiven) -> MaracResearch:
    """An agency's research for a case. Recorded again, the new research is shown and the earlier is kept
    as an earlier version."""
    _may_write(user, case.meeting, given.agency)
    errors: dict[str, str] = {}
    if not given.agency.strip():
        errors["agency"] = "Name the agency."
    if not given.involvement.strip():
        errors["involvement"] = "Say what your agency's involvement with the family is, or that it has none."
    if given.last_contact_on and given.last_contact_on > local_today():
        errors["last_contact_on"] = "The date must be today or in the past."
    if _sealed_in(case, given.involvement, given.risks_known, given.actions_taken):
        errors["involvement"] = SEALED
    _refuse(errors)
    row = MaracResearch.objects.create(
        case=case,
        agency=given.agency.strip(),
        involvement=given.involvement.strip(),
        last_contact_on=given.last_contact_on,
        risks_known=given.risks_known.strip(),
        actions_taken=given.actions_taken.strip(),
        recorded_by=user,
    )
    _log(user, f"Marac research {row.pk}", case.family_id)
    return row


@dataclasses.dataclass(frozen=True)
class ActionGiven:
    agency: str
    owner: str
    text: str
    due_on: dt.date | None


def action_record(
    *, user: User, case: MaracCase, given: ActionGiven, carried_from: MaracAction | None = None
) -> MaracAction:
    _may_write(user, case.meeting, given.agency)
    errors: dict[str, str] = {}
    for field, value, message in (
        ("agency", given.agency, "Name the agency that will act."),
        ("owner", given.owner, "Name who in the agency will do it."),
        ("text", given.text, "Say what will be done."),
    ):
        if not value.strip():
            errors[field] = message
    if given.due_on is None:
        errors["due_on"] = "Enter the date it is due."
    if _sealed_in(case, given.text):
        errors["text"] = SEALED
    if errors or given.due_on is None:
        raise ValidationError({field: [message] for field, message in errors.items()})
    row = MaracAction.objects.create(
        case=case,
        family=case.family,
        agency=given.agency.strip(),
        owner=given.owner.strip(),
        text=given.text.strip(),
        due_on=given.due_on,
        carried_from=carried_from,
        recorded_by=user,
    )
    _log(user, f"Marac action {row.pk}", case.family_id)
    return row


def action_follow_up(*, user: User, case: MaracCase, action: MaracAction, outcome: str) -> MaracAction:
    """At this meeting, an earlier meeting's action for the same family: done, not done, or carried over
    (a new action on this meeting's case, due again by the next)."""
    if action.family_id != case.family_id or action.status != MaracActionStatus.OPEN:
        raise ValidationError("That action is not open for this family.")
    if outcome not in (MaracActionStatus.DONE, MaracActionStatus.NOT_DONE, MaracActionStatus.CARRIED_OVER):
        raise ValidationError("Choose done, not done or carried over.")
    _may_write(user, case.meeting, action.agency)
    with transaction.atomic():
        action.status, action.followed_up_at = outcome, case.meeting
        action.save(update_fields=["status", "followed_up_at"])
        if outcome == MaracActionStatus.CARRIED_OVER:
            given = ActionGiven(action.agency, action.owner, action.text, case.meeting.held_on + dt.timedelta(days=28))
            action_record(user=user, case=case, given=given, carried_from=action)
        _log(user, f"Marac action {action.pk} followed up", case.family_id, AccessAction.UPDATE)
    return action


def meeting_close(*, user: User, meeting: MaracMeeting) -> MaracMeeting:
    """After the meeting: attendees no longer read its cases (the family's own readers still do)."""
    if not selectors.coordinates(user, meeting):
        raise PermissionDenied("Only the meeting's coordinator closes it.")
    meeting.status, meeting.closed_at = MeetingStatus.CLOSED, timezone.now()
    meeting.save(update_fields=["status", "closed_at"])
    _log(user, f"Marac meeting {meeting.pk} closed", action=AccessAction.UPDATE)
    return meeting


def action_to_plan(*, user: User, action_id: int, family_id: int) -> MaracAction:
    """A Marac action added to the family's active plan, as an agency's action (through the write gate)."""
    target = family_for_write(user, family_id, what="Marac action to the plan")
    action = MaracAction.objects.filter(pk=action_id, family=target.family).first()
    if action is None or action.plan_action_id is not None:
        raise ValidationError("That action is not one to add to the plan.")
    plan = (
        Plan.objects.filter(family=target.family, status=PlanStatus.ACTIVE, struck_out_at=None)
        .order_by("-started_on")
        .first()
    )
    if plan is None:
        raise ValidationError("The family has no active plan to add it to: record the plan first.")
    given = plan_services.ActionGiven(f"{action.text} ({action.owner})", "agency", None, action.agency, action.due_on)
    with transaction.atomic():
        added = plan_services.action_add(target=target, plan_id=plan.pk, given=given, source=f"marac {action.pk}")
        action.plan_action = added
        action.save(update_fields=["plan_action"])
    return action
