"""Writes for the front door: a referral recorded and screened, the decision of the person screening,
and linking a referral to a family. Every write is checked (every problem at once), and logged: what kind
of record and its id, never the referrer's words."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from spotlight.access import policy
from spotlight.access.log import access_log_write
from spotlight.access.models import AccessAction, Team, User
from spotlight.cases.gate import families_readable_by
from spotlight.cases.models import Family
from spotlight.cases.services import family_create
from spotlight.clock import local_today
from spotlight.frontdoor import selectors
from spotlight.frontdoor.domain.screen import PATHWAYS, default_screen, screen_text
from spotlight.frontdoor.models import Referral
from spotlight.vocabulary import AgencyKind

TEXT_LENGTH = 20_000


@dataclasses.dataclass(frozen=True)
class ReferralGiven:
    team_id: int
    received_on: dt.date
    referrer_kind: str
    referrer_name: str
    presenting_concern: str
    children_named: str
    adults_named: str
    text: str
    answers: Mapping[str, str]


def _may_screen(user: User, team_id: int) -> None:
    teams = policy.front_door_teams(user)
    if teams is None or team_id not in teams or not policy.may_change_record(user):
        raise PermissionDenied("Referrals are recorded and screened by the team's own staff.")


def referral_record(*, user: User, given: ReferralGiven) -> Referral:
    """Record a referral at a team's front door, screened for domestic abuse whatever its presenting concern."""
    screen = default_screen()
    errors: dict[str, str] = {}
    team = Team.objects.filter(pk=given.team_id).first()
    if team is None:
        errors["team"] = "Choose the team whose front door received it."
    else:
        _may_screen(user, team.pk)
    if given.received_on > local_today():
        errors["received_on"] = "The date must be today or in the past."
    if given.referrer_kind not in {k.value for k in AgencyKind}:
        errors["referrer_kind"] = "Choose who made the referral."
    if given.presenting_concern not in dict(screen.presenting_concerns):
        errors["presenting_concern"] = "Choose the presenting concern, as the referrer put it."
    if not given.text.strip():
        errors["text"] = "Write what the referrer said, in their words."
    if errors or team is None:
        raise ValidationError({field: [message] for field, message in errors.items()})
    row = Referral(
        team=team,
        received_on=given.received_on,
        referrer_kind=given.referrer_kind,
        referrer_name=given.referrer_name.strip(),
        presenting_concern=given.presenting_concern,
        children_named=given.children_named.strip(),
        adults_named=given.adults_named.strip(),
        text=given.text.strip(),
        answers=dict(given.answers),
        recorded_by=user,
    )
    _screen(row)
    with transaction.atomic():
        row.save()
        access_log_write(user=user, action=AccessAction.CREATE, what=f"referral {row.pk}")
    return row


def _screen(referral: Referral) -> None:
    """Screen the referral's words, its answers and (once linked) the family's record; kept on the referral."""
    family = referral.family
    history = selectors.family_history(family, excluding=referral.pk) if family is not None else []
    screened = screen_text(referral.text, default_screen(), answers=dict(referral.answers), history=history)
    referral.suggested = screened.pathway
    referral.indicators = [
        {"id": i.id, "label": i.label, "level": i.level, "words": i.words} for i in screened.indicators
    ]
    referral.reasons = list(screened.reasons)


def referral_decide(*, user: User, referral: Referral, pathway: str, reasons: str) -> Referral:
    """The person screening decides the pathway; kept beside the screen's suggestion. A decision other than
    the suggestion needs its reasons."""
    _may_screen(user, referral.team_id)
    errors: dict[str, str] = {}
    if pathway not in PATHWAYS:
        errors["pathway"] = "Choose the pathway."
    elif pathway != referral.suggested and not reasons.strip():
        errors["reasons"] = "Say why you decided differently from the screen's suggestion."
    if errors:
        raise ValidationError({field: [message] for field, message in errors.items()})
    referral.decided, referral.decision_reasons = pathway, reasons.strip()
    referral.decided_by, referral.decided_at = user, timezone.now()
    with transaction.atomic():
        referral.save(update_fields=["decided", "decision_reasons", "decided_by", "decided_at"])
        access_log_write(
            user=user, action=AccessAction.UPDATE, what=f"referral {referral.pk}", family_id=referral.family_id
        )
    return referral


def referral_link(*, user: User, referral: Referral, family_id: int) -> Referral:
    """Link a referral to an existing family she may read (so that no duplicate is made), and screen it
    again with the family's record: his behaviours on the map, earlier referrals, a Marac. A decision
    already made stays, beside the new suggestion."""
    _may_screen(user, referral.team_id)
    family = families_readable_by(user).filter(pk=family_id).first()
    if family is None:
        raise ValidationError({"family": ["Choose a family you may read."]})
    referral.family = family
    _screen(referral)
    with transaction.atomic():
        referral.save(update_fields=["family", "suggested", "indicators", "reasons"])
        access_log_write(user=user, action=AccessAction.UPDATE, what=f"referral {referral.pk}", family_id=family.pk)
    return referral


def referral_open_family(*, user: User, referral: Referral, name: str) -> Family:
    """Open a new family record from a referral (in the team whose front door received it) and link the
    two. The people are added by the worker: the referral names them in free text, without their roles."""
    _may_screen(user, referral.team_id)
    if referral.family_id is not None:
        raise ValidationError({"name": ["This referral is already linked to a family."]})
    if not name.strip():
        raise ValidationError({"name": ["Enter a name for the family record, for example “Ahmed family”."]})
    with transaction.atomic():
        family = family_create(user=user, name=name, team=referral.team)
        referral.family = family
        referral.save(update_fields=["family"])
        access_log_write(user=user, action=AccessAction.UPDATE, what=f"referral {referral.pk}", family_id=family.pk)
    return family


def family_name_from(adults_named: str, children_named: str) -> str:
    """A name to offer for a new family: the last word of the first name the referral gives, as "X family"."""
    for names in (adults_named, children_named):
        first = names.replace(";", ",").split(",")[0].split()
        if first:
            return f"{first[-1].strip('.').title()} family"
    return ""
