"""Referrals at the demo's front doors, so the Front door list and a referral's page have something to
show: over the last fortnight, half about families Spotlight already holds (their own names, linked, so
the screen reads their record too), half about families it does not; most decided. Synthetic data only."""

from __future__ import annotations

import datetime as dt
import random

from spotlight.access.models import User
from spotlight.cases.models import Family
from spotlight.family.synth.referrals import referral
from spotlight.frontdoor.services import ReferralGiven, referral_decide, referral_link, referral_record
from spotlight.vocabulary import AgencyKind, Role

#: Who refers, by presenting concern: a school for attendance, a GP for her health...
_REFERRER = {
    "school_attendance": (AgencyKind.SCHOOL, "Attendance officer"),
    "child_behaviour": (AgencyKind.SCHOOL, "Designated safeguarding lead"),
    "neglect": (AgencyKind.HEALTH, "Health visitor"),
    "parental_mental_health": (AgencyKind.HEALTH, "GP"),
    "housing": (AgencyKind.HOUSING, "Housing officer"),
    "domestic_abuse": (AgencyKind.POLICE, "Public protection unit"),
}


def _names(family: Family) -> dict[str, str] | None:
    people = {p.role: p for p in family.people.filter(struck_out_at=None).order_by("id")}
    if not {Role.CHILD, Role.ADULT_SURVIVOR, Role.PERSON_CAUSING_HARM} <= set(people):
        return None
    child, mum, dad = people[Role.CHILD], people[Role.ADULT_SURVIVOR], people[Role.PERSON_CAUSING_HARM]
    return {"child": child.given_name, "mum": mum.given_name, "dad": dad.given_name, "surname": child.family_name}


def load_demo_referrals(*, screeners: dict[str, User], today: dt.date, seed: int, count: int = 30) -> int:
    """``screeners``: a worker at each team's front door, by team name. Returns how many were recorded."""
    rng = random.Random(f"demo-referrals:{seed}")  # noqa: S311  # synthetic demo data
    families = list(Family.objects.filter(team__name__in=screeners).select_related("team").order_by("id"))
    made = 0
    for number in range(count):
        family = rng.choice(families) if families and rng.random() < 0.5 else None
        names = _names(family) if family is not None else None
        team = family.team if family is not None else screeners[rng.choice(sorted(screeners))].teams.first()
        user = screeners[team.name] if team is not None else None
        if team is None or user is None:
            continue
        made_up = referral(rng, number, {k: v for k, v in names.items() if k != "surname"} if names else None)
        surname = names["surname"] if names else rng.choice(("Hughes", "Kowalski", "Begum", "Osei", "Walsh"))
        child, mum, dad = (names or {}).get("child"), (names or {}).get("mum"), (names or {}).get("dad")
        kind, who = _REFERRER.get(made_up.presenting_concern, (AgencyKind.OTHER, "Referrer"))
        given = ReferralGiven(
            team_id=team.pk,
            received_on=today - dt.timedelta(days=rng.randint(0, 13)),
            referrer_kind=kind.value,
            referrer_name=who,
            presenting_concern=made_up.presenting_concern,
            children_named=f"{child or 'the child'} {surname}" if child else "",
            adults_named=", ".join(f"{n} {surname}" for n in (mum, dad) if n),
            text=made_up.text,
            answers={},
        )
        row = referral_record(user=user, given=given)
        if family is not None:
            row = referral_link(user=user, referral=row, family_id=family.pk)
        if rng.random() < 0.7:
            referral_decide(user=user, referral=row, pathway=row.suggested, reasons="")
        made += 1
    return made
