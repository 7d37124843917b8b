"""Reads for the front door, through one gate: the referrals a member of staff may read are those at her
teams' front door and those linked to a family she may read (``referrals_readable_by``)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from spotlight.access import policy
from spotlight.access.models import User
from spotlight.cases.gate import families_readable_by
from spotlight.cases.models import Family
from spotlight.cases.search import WORDS_MAX, FoundFamily, QueryProblem, read_query, search_families
from spotlight.clock import local_today, long_date
from spotlight.frontdoor.domain.screen import HIGH_RISK, PRESENT
from spotlight.frontdoor.models import Referral
from spotlight.pattern.models import BehaviourEntry
from spotlight.risk.models import RiskIdentification


def referrals_readable_by(user: User) -> QuerySet[Referral]:
    """Those at her teams' front door, and those linked to a family she may read (an auditor reading a
    sampled family sees how its referral was screened)."""
    teams = policy.front_door_teams(user) or []
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


#: A date as a referrer writes one beside a name: 3/3/2019, 2019-03-03, 3 March 2019 (read by the search).
_DATE_IN_TEXT = re.compile(
    r"\b\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}\b|\b\d{4}-\d{1,2}-\d{1,2}\b"
    r"|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?[A-Za-z]{3,9}\.?,?\s+\d{4}\b",
)
_LIKELY_MAX = 5


@dataclass(frozen=True)
class LikelyFamily:
    found: FoundFamily
    #: what matched: "names and a date of birth", "names" or "a date of birth"
    matched_on: str


def likely_families(user: User, referral: Referral) -> list[LikelyFamily]:
    """The existing families the referral may be about, through the read gate: by the names it gives
    (tolerant of spelling) and by any dates of birth written beside them; those matching both first."""
    named = f"{referral.adults_named}, {referral.children_named}"
    readable = families_readable_by(user)
    today = local_today()
    by_name: dict[int, FoundFamily] = {}
    by_birth: dict[int, FoundFamily] = {}
    words = [w for w in re.sub(r"[^\w\s'\-]|\d", " ", _DATE_IN_TEXT.sub(" ", named)).split() if w.strip("'-")]
    for query_text, found in ((" ".join(words[:WORDS_MAX]), by_name),) + tuple(
        (m.group(0), by_birth) for m in _DATE_IN_TEXT.finditer(named)
    ):
        try:
            query = read_query(query_text, today=today)
        except QueryProblem:
            continue  # nothing searchable there: the rest still is
        for row in search_families(readable, query, per_page=_LIKELY_MAX).rows:
            found.setdefault(row.family.pk, row)
    both = [LikelyFamily(row, "names and a date of birth") for pk, row in by_name.items() if pk in by_birth]
    names = [LikelyFamily(row, "names") for pk, row in by_name.items() if pk not in by_birth]
    births = [LikelyFamily(row, "a date of birth") for pk, row in by_birth.items() if pk not in by_name]
    return (both + names + births)[:_LIKELY_MAX]


def family_history(family: Family, *, excluding: int | None = None) -> list[tuple[str, str]]:
    """What the family's record already holds that is domestic abuse, for the screen (words and level:
    "plain" or "high"): his behaviours on the pattern map, earlier referrals screened or decided as abuse,
    and her risk identifications that were high or went to Marac. Counts and dates only, never the words
    of a note or of a sealed detail."""
    found: list[tuple[str, str]] = []
    entries = BehaviourEntry.objects.filter(family=family, struck_out_at=None)
    count = entries.count()
    if count:
        latest = entries.exclude(occurred_on=None).order_by("-occurred_on").first()
        when = f", the latest on {long_date(latest.occurred_on)}" if latest and latest.occurred_on else ""
        found.append((f"the pattern map holds {'one' if count == 1 else count} of his behaviours{when}", "plain"))
    earlier = Referral.objects.filter(family=family).order_by("-received_on", "-id")
    if excluding is not None:
        earlier = earlier.exclude(pk=excluding)
    for referral in earlier[:3]:
        pathway = referral.decided or referral.suggested
        if pathway in (PRESENT, HIGH_RISK):
            said = "high risk" if pathway == HIGH_RISK else "domestic abuse present"
            found.append((f"an earlier referral on {long_date(referral.received_on)} was screened {said}", "plain"))
    identifications = RiskIdentification.objects.filter(family=family, struck_out_at=None).order_by("-identified_on")
    for ident in identifications[:3]:
        if ident.referred_to_marac_on:
            found.append((f"her case went to Marac on {long_date(ident.referred_to_marac_on)}", "high"))
        elif ident.level == "high":
            found.append((f"her risk identification on {long_date(ident.identified_on)} found high risk", "high"))
    return found
