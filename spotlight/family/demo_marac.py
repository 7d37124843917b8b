"""Plans and Marac meetings for the demo, so the Plans section, a plan's balance and the Marac pages have
something to show: a child protection plan on some families (a few with an action that asks her to keep
him away, as real plans have), a Marac held last month with research and actions, and one coming up
with a police representative attending. Synthetic data only."""

from __future__ import annotations

import datetime as dt
import random

from spotlight.access.models import User
from spotlight.cases.models import Family, Person
from spotlight.marac.models import MaracAction, MaracAttendee, MaracCase, MaracMeeting, MaracResearch
from spotlight.plans.models import Owner, Plan, PlanAction
from spotlight.risk.models import RiskIdentification
from spotlight.vocabulary import Role

#: (who must act, the action with {him} and {her} as the family's given names)
_ACTIONS = (
    ("him", "{him} to attend the Caring Dads assessment and every session offered"),
    ("him", "{him} not to contact {her} except through the agreed contact centre"),
    ("agency:Police", "To act on any breach of {him}'s bail conditions the same day"),
    ("agency:IDVA service", "To offer {her} safety planning and support, at a time and place she chooses"),
    ("worker", "To see the children alone every two weeks and record what they say"),
    ("her", "{her} to meet the IDVA when she feels ready"),
)
_ON_HER = "{her} to make sure {him} does not come to the house"


def load_demo_marac(*, coordinator: User, representative: User, today: dt.date, seed: int) -> int:
    """Plans for some of the coordinator's teams' families and two meetings; returns how many plans."""
    rng = random.Random(f"demo-marac:{seed}")  # noqa: S311  # synthetic demo data
    families = list(Family.objects.filter(team__in=coordinator.teams.all()).order_by("id")[:40])
    plans = 0
    for family in rng.sample(families, min(12, len(families))):
        people = {p.role: p for p in Person.objects.filter(family=family, struck_out_at=None).order_by("id")}
        him, her = people.get(Role.PERSON_CAUSING_HARM), people.get(Role.ADULT_SURVIVOR)
        if him is None or her is None:
            continue
        plan = Plan.objects.create(
            family=family,
            kind="child_protection",
            started_on=today - dt.timedelta(days=rng.randint(20, 120)),
            next_review_on=today + dt.timedelta(days=rng.randint(5, 60)),
        )
        chosen = rng.sample(_ACTIONS, 4) + ([("her", _ON_HER)] if rng.random() < 0.35 else [])
        for who, text in chosen:
            owner, _, agency = who.partition(":")
            person = him if owner == "him" else her if owner == "her" else None
            PlanAction.objects.create(
                plan=plan,
                family=family,
                text=text.format(him=him.given_name, her=her.given_name),
                owner=Owner.PERSON if person else Owner(owner),
                person=person,
                agency=agency,
                due_on=today + dt.timedelta(days=rng.randint(7, 60)),
            )
        plans += 1
    _meetings(coordinator, representative, today, rng)
    return plans


def _meetings(coordinator: User, representative: User, today: dt.date, rng: random.Random) -> None:
    team = coordinator.teams.first()
    if team is None:
        return
    idents = list(
        RiskIdentification.objects.filter(family__team=team, struck_out_at=None, level="high")
        .select_related("family", "survivor")
        .order_by("-identified_on")[:6]
    )
    held = MaracMeeting.objects.create(team=team, held_on=today - dt.timedelta(days=28), coordinator=coordinator)
    MaracAttendee.objects.create(meeting=held, user=coordinator, agency="IDVA service")
    for ident in idents[:3]:
        case = MaracCase.objects.create(
            meeting=held,
            family=ident.family,
            survivor=ident.survivor,
            identification=ident,
            criteria=["Visible high risk"],
        )
        MaracResearch.objects.create(
            case=case,
            agency="Police",
            involvement="Called to the home twice this year.",
            risks_known="Threats made by him in front of the children.",
        )
        MaracResearch.objects.create(case=case, agency="IDVA service", involvement="An IDVA has met her once.")
        MaracAction.objects.create(
            case=case,
            family=ident.family,
            agency="Police",
            owner="Duty inspector",
            text="Flag the address for an urgent response",
            due_on=today - dt.timedelta(days=14),
        )
    coming = MaracMeeting.objects.create(team=team, held_on=today + dt.timedelta(days=7), coordinator=coordinator)
    MaracAttendee.objects.create(meeting=coming, user=coordinator, agency="IDVA service")
    MaracAttendee.objects.create(meeting=coming, user=representative, agency="Police")
    for ident in idents[3:]:
        MaracCase.objects.create(
            meeting=coming,
            family=ident.family,
            survivor=ident.survivor,
            identification=ident,
            criteria=["Visible high risk"],
            repeat=rng.random() < 0.3,
        )
