"""Reads for the front door, through one gate: the referrals a member of staff may read are those at her
teams' front door and those linked to a family she may read (``referrals_readable_by``)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from spotlight.access import policy
from spotlight.access.models import User
from spotlight.cases.gate import families_readable_by
from spotlight.cases.search import SearchPage, read_query, search_families
from spotlight.clock import local_today
from spotlight.frontdoor.models import Referral


def referrals_readable_by(user: User) -> QuerySet[Referral]:
    teams = policy.front_door_teams(user)
    if teams is None:
        return Referral.objects.none()
    return Referral.objects.filter(Q(team__in=teams) | Q(family__in=families_readable_by(user))).distinct()


def front_door_list(
    user: User, *, since: dt.date, team_id: int | None = None, behind_only: bool = False
) -> list[Referral]:
    """The referrals received since ``since`` (newest first), of one team or all hers; or only those where
    domestic abuse was found behind another presenting concern."""
    rows = referrals_readable_by(user).filter(received_on__gte=since).select_related("team", "decided_by", "family")
    if team_id is not None:
        rows = rows.filter(team_id=team_id)
    found = list(rows.order_by("-received_on", "-id")[:500])
    return [r for r in found if r.behind_another_concern] if behind_only else found


def likely_families(user: User, referral: Referral) -> SearchPage | None:
    """The existing families the referral may be about (the names it gives, tolerant of spelling), through
    the read gate; None when it names nobody."""
    words = f"{referral.adults_named} {referral.children_named}".replace(",", " ").strip()
    if not words:
        return None
    return search_families(families_readable_by(user), read_query(words, today=local_today()), per_page=5)
