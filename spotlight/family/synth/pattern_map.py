"""The pattern map of a synthetic family's file: his behaviours (the presenting incident, the
pattern over time, his earlier relationships), the harm to each child, her protective efforts,
complicating factors, and a referral of him to a programme, as the file's practice level would
record them: the whole pattern when practice is good; only the presenting incident when it is poor.

Kinds, sources, efforts, factors and programmes are pattern-catalogue ids (see `catalogue`).
Where the generator picks some of them by hand, in an order its random draws depend on, the ids
are written here and checked against the catalogue when this module is imported.

Fields in the texts: {p} his given name, {m} hers (or, for an earlier relationship, the earlier
partner's), {kids} the children's names, {c} one child's name, {age} that child's age.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from spotlight.cases.domain.casefile import ContactAttemptRecord
from spotlight.family.synth.catalogue import (
    BEHAVIOUR_KINDS,
    COMPLICATING_FACTORS,
    EFFORT_GROUP,
    EVERYDAY,
    HELP_SEEKING,
    PROGRAMMES,
    SOURCES,
    in_catalogue,
)
from spotlight.family.synth.dates import age_text
from spotlight.family.synth.family_file import FamilyFile
from spotlight.family.synth.people import Child
from spotlight.family.synth.phrases import join
from spotlight.family.synth.truth import (
    COMPLICATING_FACTOR_CHANCE,
    PROGRAMME_REFERRAL_CHANCE,
    SUPPORT_FOR_HER_CHANCE,
)
from spotlight.pattern.domain.casefile import (
    BehaviourEntryRecord,
    ChildHarmRecord,
    ComplicatingFactorRecord,
    ProgrammeReferralRecord,
    ProgressStepRecord,
    ProtectiveEffortRecord,
)
from spotlight.vocabulary import REACHED_OUTCOMES

_BEHAVIOUR_TEXT: dict[str, str] = {
    "physical_assault": "{p} pushed {m} against the kitchen wall and punched her arm.",
    "strangulation": "{p} put his hands around {m}'s neck until she could not breathe.",
    "threat_to_kill": "{p} told {m} he would kill her if she ever left him.",
    "threat_harm": "{p} said he would hurt {m}'s sister if {m} kept speaking to her.",
    "threat_exposure": "{p} told {m} he would report her to social services and take {kids} from her.",
    "isolation": "{p} stopped {m} seeing her friends and her mother.",
    "monitoring": "{p} checked {m}'s phone every night and tracked where she went.",
    "stalking": "{p} waited outside {m}'s work and followed her home.",
    "economic_abuse": "{p} took {m}'s wages and made her ask him for money for food.",
    "degradation": "{p} called {m} worthless and stupid in front of {kids}.",
    "jealousy": "{p} accused {m} of affairs whenever she went out without him.",
    "damage_property": "{p} smashed the television and {m}'s phone.",
    "children_as_weapons": "{p} told {kids} that {m} was the reason he could not live with them.",
    "children_to_monitor": "{p} asked {kids} who {m} had spoken to each day.",
    "undermining_parenting": "{p} told {kids} not to listen to {m} and overruled her rules at bedtime.",
    "harming_children": "{p} grabbed {c} by the arm and shouted at {c} to keep quiet.",
    "contact_abuse": "{p} used handovers of {kids} to shout at {m} and demand to know where she lived.",
    "harming_pets": "{p} kicked the family dog in front of {m}.",
    "breaching_orders": "{p} came to {m}'s home in breach of his bail conditions.",
}
in_catalogue(_BEHAVIOUR_TEXT, BEHAVIOUR_KINDS, "kinds of behaviour")
#: The pattern over time: every kind with a text, in the catalogue's order, bar direct harm to a child.
_FURTHER_KINDS = tuple(k for k in BEHAVIOUR_KINDS if k in _BEHAVIOUR_TEXT and k != "harming_children")
# Chosen by hand, in this order (the draws depend on it): catalogue kinds of behaviour.
_PRESENTING_KINDS = in_catalogue(
    ("physical_assault", "strangulation", "damage_property", "threat_to_kill"), BEHAVIOUR_KINDS, "kinds of behaviour"
)
_CHILD_KINDS = in_catalogue(
    ("undermining_parenting", "children_as_weapons", "children_to_monitor", "harming_children"),
    BEHAVIOUR_KINDS,
    "kinds of behaviour",
)
_PRIOR_KINDS = in_catalogue(
    ("physical_assault", "stalking", "breaching_orders", "threat_harm", "monitoring", "isolation"),
    BEHAVIOUR_KINDS,
    "kinds of behaviour",
)
# Sources chosen by hand (a repeat weights a source): catalogue source ids.
_PRESENTING_SOURCES = in_catalogue(("police", "adult_survivor"), SOURCES, "sources")
_PRIOR_SOURCES = in_catalogue(("records", "police"), SOURCES, "sources")
_EFFORT_SOURCES = in_catalogue(("adult_survivor", "adult_survivor", "school", "health", "child"), SOURCES, "sources")
_FACTOR_SOURCES = in_catalogue(("adult_survivor", "health", "records"), SOURCES, "sources")
# Her efforts at "mixed" practice: at most one of these catalogue kinds of help-seeking.
_MIXED_HELP_SEEKING = in_catalogue(("called_police", "left_or_moved"), HELP_SEEKING, "help-seeking efforts")
_PLACES = ("the family home", "the car outside the school", "her mother's house", "his flat", "the street outside")
_BEFORE = (
    "{p} came home late and accused {m} of messaging another man.",
    "{m} said she wanted to take {kids} to her mother's for the weekend; {p} said no.",
    "{p} had been texting {m} all afternoon asking where she was.",
)
_AFTER = (
    "{m} took {kids} to her sister's; {p} sent her forty messages overnight.",
    "Police attended and {p} was arrested; {m} stayed with {kids} in the bedroom.",
    "{p} left the house; {m} called the domestic abuse helpline the next morning.",
)
_HIS_ACTION = (
    "{p} did this in front of {c}, who was in the same room.",
    "{p} shouted at {c} to go upstairs and carried on while {c} could hear from the landing.",
    "{p} told {c} afterwards that it was {m}'s fault.",
    "{p} did this while {c} was in the back of the car.",
)
_CHILD_IMPACT = (
    "{c} ({age}) has started wetting the bed and will not sleep unless {m} is in the room.",
    "{c} ({age}) hides in the wardrobe when a car door slams outside.",
    "{c} ({age}) is anxious at drop-off and will not let go of {m}.",
    "{c} ({age}) has stopped eating lunch at school and lost weight.",
    "{c} ({age}) repeats his words and calls {m} stupid.",
    "{c} ({age}) jumps at loud noises and cannot settle in class.",
)
_EFFORT_TEXT: dict[str, str] = {
    "called_police": "{m} called the police when {p} would not leave, and kept {kids} in the bedroom.",
    "told_someone": "{m} told the health visitor what {p} had been doing.",
    "da_service": "{m} contacted the domestic abuse service and kept going to the sessions.",
    "legal_action": "{m} applied for a non-molestation order.",
    "left_or_moved": "{m} took {kids} to her sister's and then to a refuge.",
    "routines": "{m} kept bedtime and breakfast routines going for {kids} through the worst weeks.",
    "school_attendance": "{m} got {kids} to school every day, even after nights when {p} kept everyone awake.",
    "took_children_out": "{m} took {kids} to the park when {p} started shouting.",
    "safety_plan": "{m} made a safety plan with the worker: a code word with her mother and a bag packed.",
    "managed_his_behaviour": "{m} steered {p} away from {kids} when he was angry.",
    "comfort": "{m} sat with {kids} afterwards and explained that it was not their fault.",
}
in_catalogue(_EFFORT_TEXT, EFFORT_GROUP, "protective efforts")
_FACTOR_TEXT: dict[str, tuple[bool, str]] = {  # (about him?, how it interacts with his pattern)
    "substance_use": (True, "{p} drinks more at weekends; his monitoring and threats carry on when he is sober."),
    "mental_health": (False, "{m}'s anxiety is worse since {p} began checking her phone; he calls her unfit."),
    "immigration": (False, "{p} threatens to report {m} to the Home Office; her visa depends on him."),
    "poverty_housing": (False, "{p} controls the money, so {m} cannot afford to move out with {kids}."),
}
#: The factors with a text, in the catalogue's order.
in_catalogue(_FACTOR_TEXT, COMPLICATING_FACTORS, "complicating factors")
_FACTORS = tuple(c for c in COMPLICATING_FACTORS if c in _FACTOR_TEXT)
_PRIOR_PARTNER_GIVEN = ("Kelly", "Donna", "Leanne", "Natalie", "Stacey", "Gemma", "Claire", "Amy")
_PROVIDERS: tuple[str, ...] = ("Northside Change Project", "Safer Families Service", "Riverside Men and Change")

#: One entry on the map while it is drawn: the fields of a BehaviourEntryRecord, his harms to
#: children so far, and "sort_day" (the day a dated entry was drawn from).
_Row = dict[str, object]


def _row_day(row: Mapping[str, object]) -> dt.date:
    """When a pattern-map row happened, for ordering: its date, or the day its period was drawn
    from; an earlier relationship (a period of years only) sorts by its first year."""
    day = row.get("sort_day") or row.get("occurred_on")
    if isinstance(day, dt.date):
        return day
    return dt.date(int(str(row["period"])[:4]), 1, 1)


def _map_order(row: Mapping[str, object]) -> tuple[bool, dt.date, dt.date]:
    """The pattern map's own order (dated entries by date, then undated), so that an import and
    export of a generated file gives it back unchanged."""
    day = row.get("occurred_on")
    return (not isinstance(day, dt.date), day if isinstance(day, dt.date) else dt.date.min, _row_day(row))


@dataclass
class _Map:
    """The map while it is drawn."""

    f: FamilyFile
    #: the children born by the time the case opened (or the eldest, if none was).
    born_at_start: Sequence[Child]
    ctx: dict[str, str]
    #: the earliest day a dated entry may be from.
    lo: dt.date
    rows: list[_Row] = field(default_factory=list)

    def add(self, kind: str, **fields: object) -> _Row:
        row: _Row = {"kind": kind, "harms": [], **fields}
        self.rows.append(row)
        return row

    def dated(self, row_kind: str, person: str, source: str, earliest: dt.date | None = None) -> _Row:
        """An entry on a day since `earliest`, or now and then only in a period of a year or two."""
        rng, today = self.f.rng, self.f.today
        earliest = self.lo if earliest is None else earliest
        days = max(0, (today - earliest).days)  # a child born today: today, never tomorrow
        day = earliest + dt.timedelta(days=rng.randint(0, days))
        period = ""
        occurred: dt.date | None = day
        if rng.random() < 0.2:
            occurred, period = None, f"{day.year - 1} to {day.year}" if day.year < today.year else str(day.year)
        return self.add(
            row_kind,
            person=person,
            relationship="current",
            occurred_on=occurred,
            period=period,
            place=rng.choice(_PLACES) if rng.random() < 0.6 else "",
            presenting=False,
            before="",
            after="",
            source=source,
            sort_day=day,
        )

    def harm(self, row: _Row, child: Child) -> None:
        """Harm to a child, specific: his action and its impact on the child."""
        rng = self.f.rng
        cctx = {**self.ctx, "c": child.given, "age": age_text(child.dob, self.f.today)}
        row["harms"].append(  # type: ignore[attr-defined]
            ChildHarmRecord.model_construct(  # generated clean: skip validation, for speed
                child=child.pid,
                his_action=rng.choice(_HIS_ACTION).format_map(cctx),
                impact=rng.choice(_CHILD_IMPACT).format_map(cctx),
            )
        )


def _presenting_incident(mp: _Map, incident_day: dt.date) -> _Row:
    """The incident that brought the family in; described in full unless practice is poor."""
    rng = mp.f.rng
    detailed = mp.f.practice != "blaming" or rng.random() < 0.3
    return mp.add(
        rng.choice(_PRESENTING_KINDS),
        person=mp.f.harms[0].pid,
        relationship="current",
        occurred_on=incident_day,
        period="",
        place=rng.choice(_PLACES) if detailed else "",
        presenting=True,
        before=rng.choice(_BEFORE).format_map(mp.ctx) if detailed else "",
        after=rng.choice(_AFTER).format_map(mp.ctx) if detailed else "",
        source=_PRESENTING_SOURCES[0] if rng.random() < 0.7 else _PRESENTING_SOURCES[1],
    )


def _pattern_over_time(mp: _Map) -> str:
    """His further behaviours, and those of his earlier relationships; the earlier partner, if any."""
    rng = mp.f.rng
    practice = mp.f.practice
    primary = mp.f.harms[0]
    if practice == "accountable":
        further, prior_chance = rng.randint(3, 6), 0.75
    elif practice == "mixed":
        further, prior_chance = (rng.randint(1, 2) if rng.random() < 0.35 else 0), 0.12
    else:
        further, prior_chance = 0, 0.0
    for kind in rng.sample(_FURTHER_KINDS, further):
        mp.dated(kind, primary.pid, rng.choice(SOURCES))
    if practice == "accountable":
        for h in mp.f.harms[1:]:
            mp.dated(rng.choice(_FURTHER_KINDS), h.pid, rng.choice(SOURCES))
    prior_partner = ""
    if rng.random() < prior_chance:
        prior_partner = f"{rng.choice(_PRIOR_PARTNER_GIVEN)}, his partner before {mp.f.people.mother_given}"
        first_year = mp.f.start.year - rng.randint(6, 14)
        for kind in rng.sample(_PRIOR_KINDS, rng.randint(1, 2)):
            mp.add(
                kind,
                person=primary.pid,
                relationship="prior",
                prior_partner=prior_partner,
                occurred_on=None,
                period=f"{first_year} to {first_year + rng.randint(1, 3)}",
                place="",
                presenting=False,
                before="",
                after="",
                source=rng.choice(_PRIOR_SOURCES),
            )
    return prior_partner


def _harm_to_children(mp: _Map, incident: _Row) -> None:
    """Harm to each child, linked to a behaviour that happened after the child was born (every
    child when practice is good; the presenting incident, now and then, when it is mixed)."""
    rng = mp.f.rng
    primary = mp.f.harms[0]
    if mp.f.practice == "accountable":
        for child in mp.f.children:
            current = [
                r
                for r in mp.rows
                if r["relationship"] == "current" and r["person"] == primary.pid
                and _row_day(r) >= child.dob
            ]  # fmt: skip
            if current:
                mp.harm(rng.choice(current), child)
            else:
                row = mp.dated(rng.choice(_CHILD_KINDS), primary.pid, rng.choice(SOURCES), earliest=child.dob)
                mp.harm(row, child)
    elif mp.f.practice == "mixed" and rng.random() < 0.5:
        mp.harm(incident, mp.born_at_start[0])


def _entry_records(mp: _Map, prior_partner: str) -> list[BehaviourEntryRecord]:
    ctx = mp.ctx
    m = mp.f.people.mother_given
    return [
        BehaviourEntryRecord.model_construct(  # generated clean (tests check every family)
            id=f"b{i:02d}",
            person=str(r["person"]),
            kind=str(r["kind"]),
            relationship=r["relationship"],
            prior_partner=str(r.get("prior_partner", "")),
            occurred_on=r["occurred_on"],
            period=str(r["period"]),
            place=str(r["place"]),
            presenting_incident=bool(r["presenting"]),
            before=str(r["before"]),
            during=_BEHAVIOUR_TEXT[str(r["kind"])].format_map(ctx) if r["presenting"] else "",
            after=str(r["after"]),
            source=str(r["source"]),
            description=""
            if r["presenting"]
            else _BEHAVIOUR_TEXT[str(r["kind"])].format_map(
                {
                    **ctx,
                    "m": prior_partner.split(",")[0] if r["relationship"] == "prior" else m,
                    "c": mp.born_at_start[0].given,
                }
            ),  # fmt: skip
            child_harms=tuple(r["harms"]),  # type: ignore[arg-type]
        )
        for i, r in enumerate(sorted(mp.rows, key=_map_order), start=1)
    ]


def _protective_efforts(mp: _Map, incident_day: dt.date) -> list[ProtectiveEffortRecord]:
    """Her protective efforts: help-seeking and the everyday when practice is good; at most a
    call to the police when it is mixed; nothing when it is poor."""
    f = mp.f
    rng = f.rng
    if f.practice == "accountable":
        kinds = rng.sample(HELP_SEEKING, rng.randint(1, 2)) + rng.sample(EVERYDAY, rng.randint(2, 3))
        link = 1.0
    elif f.practice == "mixed":
        kinds = [rng.choice(_MIXED_HELP_SEEKING)] if rng.random() < 0.6 else []
        if rng.random() < 0.2:
            kinds.append(rng.choice(EVERYDAY))
        link = 0.5
    else:
        kinds, link = [], 0.0
    efforts: list[ProtectiveEffortRecord] = []
    case_days = max(1, (f.today - incident_day).days)
    for i, kind in enumerate(kinds, start=1):
        day = incident_day + dt.timedelta(days=rng.randint(0, case_days))
        protected = f.born(day) or mp.born_at_start
        efforts.append(
            ProtectiveEffortRecord.model_construct(
                id=f"e{i:02d}",
                survivor=f.people.mother_pid,
                kind=kind,
                occurred_on=day,
                description=_EFFORT_TEXT[kind].format_map({**mp.ctx, "kids": join([c.given for c in protected])}),
                source=rng.choice(_EFFORT_SOURCES),
                children=tuple(c.pid for c in protected) if rng.random() < link else (),
            )
        )
    efforts.sort(key=lambda e: (e.occurred_on or f.today, e.id))
    return efforts


def _complicating_factors(mp: _Map) -> list[ComplicatingFactorRecord]:
    f = mp.f
    rng = f.rng
    if rng.random() >= COMPLICATING_FACTOR_CHANCE[f.practice]:
        return []
    factor = rng.choice(_FACTORS)
    about_him, text = _FACTOR_TEXT[factor]
    return [
        ComplicatingFactorRecord(
            id="f01",
            person=f.harms[0].pid if about_him else f.people.mother_pid,
            factor=factor,
            interaction=text.format_map(mp.ctx),
            source=rng.choice(_FACTOR_SOURCES),
        )
    ]


def pattern_map(
    f: FamilyFile,
) -> tuple[list[BehaviourEntryRecord], list[ProtectiveEffortRecord], list[ComplicatingFactorRecord]]:
    """His behaviours, the harm to each child, her efforts and complicating factors, as the
    file's practice level would record them: the pattern over time, earlier relationships and
    each child's harm when practice is good; only the presenting incident when it is poor."""
    born_at_start = f.born(f.start) or f.children[:1]
    ctx = {
        "p": f.harms[0].given,
        "m": f.people.mother_given,
        "kids": join([c.given for c in born_at_start]),
        "c": "",
    }
    # The presenting incident: a few days before the case opened.
    incident_day = f.start - dt.timedelta(days=f.rng.randint(1, 10))
    lo = max(f.children[0].dob - dt.timedelta(days=700), f.start - dt.timedelta(days=6 * 365))
    mp = _Map(f, born_at_start, ctx, lo)
    incident = _presenting_incident(mp, incident_day)
    prior_partner = _pattern_over_time(mp)
    _harm_to_children(mp, incident)
    entries = _entry_records(mp, prior_partner)
    efforts = _protective_efforts(mp, incident_day)
    factors = _complicating_factors(mp)
    return entries, efforts, factors


def programme_referrals(f: FamilyFile, attempts: Sequence[ContactAttemptRecord]) -> list[ProgrammeReferralRecord]:
    """A referral of him to a programme: often in accountable files, rarely in blaming ones."""
    rng = f.rng
    if not f.harms or rng.random() >= PROGRAMME_REFERRAL_CHANCE[f.practice]:
        return []
    him = f.harms[0]
    reached = any(a.person == him.pid and a.outcome in REACHED_OUTCOMES for a in attempts)
    span = max(0, (f.today - f.start).days)
    referred_on = f.start + dt.timedelta(days=rng.randint(0, span))
    if reached:
        status = rng.choices(
            ("assessed", "started", "completed", "declined", "stopped", "not_accepted"), weights=(2, 4, 2, 2, 1, 1)
        )[0]
    else:
        status = rng.choice(("referred", "declined"))
    later = (f.today - referred_on).days
    status_on = None if status == "referred" else referred_on + dt.timedelta(days=rng.randint(0, later))
    support = rng.random() < SUPPORT_FOR_HER_CHANCE[f.practice]
    # Her support offer, picked from the referral's day (no more draws, so later families are unchanged)
    turn = referred_on.toordinal()
    offer = (
        {
            "support_survivor": f.people.mother_pid,
            "support_service": _SUPPORT_SERVICES[turn % len(_SUPPORT_SERVICES)],
            "support_provider": _SUPPORT_PROVIDERS[turn % len(_SUPPORT_PROVIDERS)],
            "support_offered_on": referred_on,
            "support_response": ("accepted", "accepted", "waiting", "declined")[turn % 4],
        }
        if support
        else {}
    )
    return [
        ProgrammeReferralRecord(
            id="pr1",
            person=him.pid,
            programme=rng.choice(PROGRAMMES),
            provider=rng.choice(_PROVIDERS),
            referred_on=referred_on,
            status=status,  # type: ignore[arg-type]  # pydantic checks it against the literal
            status_on=status_on,
            progress=(ProgressStepRecord(status=status, on=status_on or referred_on),),  # type: ignore[arg-type]
            support_for_her=support,
            **offer,  # type: ignore[arg-type]  # pydantic checks each against its field
        )
    ]


_SUPPORT_SERVICES = ("idva", "outreach", "community_group", "")
_SUPPORT_PROVIDERS = ("The local IDVA service", "Women's Aid outreach", "The programme's partner support worker")
