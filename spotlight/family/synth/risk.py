"""The risk records of a synthetic family's file, drawn last of all (so that every earlier field of every
family stays as it was), and what the generator knows of them.

- The adult survivor's risk identifications, for a share of families that depends on the practice
  level: her answers to every question of Spotlight's own checklist, drawn from what the generator drew
  of his behaviour by that day (strangulation on the map or told in a note makes "yes" to the
  strangulation question likely), the fear questions drawn, some "not known"; sometimes the worker's
  professional judgement with its reasons. An identification that meets a Marac criterion is referred
  (so that a later one can meet the repeat criterion), and for some families an earlier service's
  identification, before the case opened, was referred.
- A risk review of the first person causing harm, for some families: each item's suggestion is what
  Spotlight suggests from the family's own record (`read_record` and `suggest`), and its answer the
  worker's, closer to the truth when practice is good.
- Now and then a safety marker on him, for staff.

The truth (`FamilyTruth.marac_criteria` and `his_risk`): the Marac criteria the latest identification
meets as the generator meant them (from the yes answers and the judgement it drew, the dated incidents
it put on the map and in the notes, and the earlier referral it drew), and, for each item of his
review, whether he truly has that behaviour or situation, from what the generator drew for him, never
from reading the record.

The checklist and the review items are Spotlight's own files, never an authority's copy: the same seed
must give the same families wherever it runs. Dates are never after `today`.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from spotlight.casefile.format import FamilyRecord
from spotlight.cases.domain.casefile import ContactAttemptRecord
from spotlight.family.synth.catalogue import CATALOGUE
from spotlight.family.synth.family_file import FamilyFile
from spotlight.family.synth.people import Harm
from spotlight.family.synth.phrases import ALL_TEXT, HIM_CONTACT, HIM_CONTACT_THIN, join
from spotlight.family.synth.told import TOLD
from spotlight.family.synth.truth import FamilyTruth
from spotlight.pattern.domain.casefile import (
    RELATIONSHIP_PRIOR,
    BehaviourEntryRecord,
    ComplicatingFactorRecord,
    ProgrammeReferralRecord,
    ProtectiveEffortRecord,
)
from spotlight.risk.domain.casefile import (
    ReviewItemRecord,
    RiskAnswerRecord,
    RiskIdentificationRecord,
    RiskReviewRecord,
    SafetyMarkerRecord,
)
from spotlight.risk.domain.checklist import DEFAULT_CHECKLIST_PATH, NO, NOT_KNOWN, YES, load_checklist
from spotlight.risk.domain.evidence import ESCALATION_MONTHS, NEW_BABY_MONTHS, read_record
from spotlight.risk.domain.his_review import DEFAULT_REVIEW_PATH, load_review_items, suggest
from spotlight.risk.domain.marac import (
    POTENTIAL_ESCALATION,
    PROFESSIONAL_JUDGEMENT,
    REPEAT,
    VISIBLE_HIGH_RISK,
    months_after,
    months_before,
)
from spotlight.vocabulary import REACHED_OUTCOMES, EngagementOutcome

CHECKLIST = load_checklist(DEFAULT_CHECKLIST_PATH, CATALOGUE)
REVIEW_ITEMS = load_review_items(DEFAULT_REVIEW_PATH, CATALOGUE)

#: Chance that the survivor has a risk identification on the file, by practice level
IDENTIFICATION_CHANCE = {"accountable": 0.75, "mixed": 0.5, "blaming": 0.3}
#: Chance that an earlier service identified her risk before the case opened, and referred her to a Marac
BEFORE_THE_CASE_CHANCE = 0.1
#: Chance of one more identification after each, at least four weeks later
AGAIN_CHANCE = 0.3
#: Chance that an answer is "not known", by practice level
NOT_KNOWN_CHANCE = {"accountable": 0.04, "mixed": 0.1, "blaming": 0.16}
#: Chance that the worker records her professional judgement
JUDGEMENT_CHANCE = 0.15
#: Chance that an identification meeting a Marac criterion is referred
REFERRAL_CHANCE = 0.9
#: Chance that he is reviewed, and that a safety marker is set on him, by practice level
REVIEW_CHANCE = {"accountable": 0.6, "mixed": 0.25, "blaming": 0.06}
MARKER_CHANCE = {"accountable": 0.15, "mixed": 0.12, "blaming": 0.1}
#: Chance that the worker's answer to an item of his review is the suggestion as offered, by practice
FOLLOWS_SUGGESTION = {"accountable": 0.1, "mixed": 0.45, "blaming": 0.7}

#: How likely a question is answered yes when the record holds what it asks about, and when it does not
YES_IF_DRAWN, YES_OTHERWISE = 0.92, 0.1
SEVERE = frozenset({"strangulation", "threat_to_kill", "weapon"})
PHYSICAL = frozenset({"physical_assault", "strangulation", "weapon"})
CONTROL = frozenset({"isolation", "monitoring", "economic_abuse", "degradation", "jealousy"})


@dataclass(frozen=True)
class Drawn:
    """What the generator drew that bears on risk, with the day each is known from (None: from the start)."""

    him: Harm
    #: (kind of his behaviour, the day it happened or was told, his person id or "" where none is named)
    acts: tuple[tuple[str, dt.date | None, str], ...]
    #: kinds of his behaviour in his earlier relationships
    prior: frozenset[str]
    #: (day, his person id or ""): every dated incident drawn, and those the record dates (the kept map's
    #: dated entries and the notes' sentences that say on which day he did something)
    happened: tuple[tuple[dt.date, str], ...]
    recorded: tuple[dt.date, ...]
    efforts: tuple[tuple[str, dt.date | None], ...]
    #: (his person id, day) of each harm to a child drawn
    child_harms: tuple[tuple[str, dt.date | None], ...]
    #: the presenting incident: its kind and day
    presenting: tuple[str, dt.date]
    substance: frozenset[str]
    police: bool
    reached: frozenset[str]
    referred: frozenset[str]
    spoke: frozenset[str]
    #: when her children were born or are due
    births: tuple[dt.date, ...]

    def kinds(self, day: dt.date, person: str | None = None) -> set[str]:
        return {
            kind for kind, on, who in self.acts if (on is None or on <= day) and (person is None or who in (person, ""))
        }

    def days(self, day: dt.date, person: str | None = None) -> list[dt.date]:
        return sorted({on for on, who in self.happened if on <= day and (person is None or who in (person, ""))})


_SENTENCE = re.compile(r"(?<=[.?!])\s+")


def _dates_an_act(template: str) -> bool:
    """Does a sentence of the template say on which day he did something ({date} beside his act)?"""
    tells = any(kind == "behaviour" for kind, _ in TOLD.get(template, ()))
    return any("{date}" in part and ("{act}" in part or tells) for part in _SENTENCE.split(template))


def drawn_for_risk(
    f: FamilyFile,
    record: FamilyRecord,
    *,
    entries: Sequence[BehaviourEntryRecord],
    efforts: Sequence[ProtectiveEffortRecord],
    factors: Sequence[ComplicatingFactorRecord],
    attempts: Sequence[ContactAttemptRecord],
    referrals: Sequence[ProgrammeReferralRecord],
) -> Drawn:
    """What the generator drew (its whole map, before some families' maps kept only part of it, and
    what its notes tell as it wrote them), and which of his incidents the record dates."""
    told_on = _told_on(record)
    acts: list[tuple[str, dt.date | None, str]] = []
    prior: set[str] = set()
    child_harms: list[tuple[str, dt.date | None]] = []
    her_efforts: list[tuple[str, dt.date | None]] = [(e.kind, e.occurred_on) for e in efforts]
    for e in entries:
        if e.relationship == RELATIONSHIP_PRIOR:
            prior.add(e.kind)
            continue
        acts.append((e.kind, e.occurred_on, e.person))
        child_harms += [(e.person, e.occurred_on) for _ in e.child_harms]
    for text, (template, _child) in f.written.items():
        day = told_on(text)
        if day is None:
            continue
        for kind, catalogue_id in TOLD.get(template, ()):
            if kind == "behaviour":
                acts.append((catalogue_id, day, f.whose.get(text, "")))
            elif kind == "prior":
                prior.add(catalogue_id)
            elif kind == "child_harm":
                child_harms.append((f.whose.get(text, ""), day))
            else:
                her_efforts.append((catalogue_id, day))
    in_notes = [
        (day, f.whose.get(text, "")) for text, (t, day) in f.dated.items() if _dates_an_act(t) and told_on(text)
    ]
    mapped = [(e.occurred_on, e.person) for e in entries if e.relationship != RELATIONSHIP_PRIOR and e.occurred_on]
    kept = [e.occurred_on for e in record.behaviour_entries if e.relationship != RELATIONSHIP_PRIOR and e.occurred_on]
    presenting = next(e for e in entries if e.presenting_incident)
    return Drawn(
        him=f.harms[0],
        acts=tuple(acts),
        prior=frozenset(prior),
        happened=tuple(sorted(in_notes + mapped)),
        recorded=tuple(sorted(kept + [day for day, _ in in_notes])),
        efforts=tuple(her_efforts),
        child_harms=tuple(child_harms),
        presenting=(presenting.kind, presenting.occurred_on or f.start),
        substance=frozenset(c.person for c in factors if c.factor == "substance_use")
        | frozenset(
            f.whose.get(text, "") for text, (template, _) in f.written.items() if _drinks(template) and told_on(text)
        ),
        police=any(e.source == "police" for e in entries),
        reached=frozenset(a.person for a in attempts if a.outcome in REACHED_OUTCOMES),
        referred=frozenset(r.person for r in referrals),
        spoke=frozenset(
            f.whose.get(text, "") for text, (template, _) in f.written.items() if _spoke(template) and told_on(text)
        ),
        births=tuple(c.dob for c in f.children) + ((f.people.unborn_due,) if f.people.unborn_due else ()),
    )


_SPOKE_TEMPLATES = frozenset(
    template
    for pools in (HIM_CONTACT, HIM_CONTACT_THIN)
    for outcome, pool in pools.items()
    if outcome != EngagementOutcome.DECLINED
    for template in pool.all
)


#: Notes about him that say he drinks (not hers: "her use of alcohol")
_DRINKING_TEMPLATES = frozenset(t for t in ALL_TEXT if "drinking" in t or "alcohol use" in t)


def _drinks(template: str) -> bool:
    return template in _DRINKING_TEMPLATES


def _spoke(template: str) -> bool:
    """A note of a worker speaking with him, which records what he says."""
    return template in _SPOKE_TEMPLATES


def _told_on(record: FamilyRecord) -> Callable[[str], dt.date | None]:
    """The date of the first note that holds the words (None where no note does: a note cut short)."""
    notes = record.notes

    def told_on(text: str) -> dt.date | None:
        return next((note.date for note in notes if text in note.text), None)

    return told_on


# ------------------------------------------------------------------------------ her risk identification


@dataclass(frozen=True)
class _OnTheDay:
    """What the survivor could tell of him on the day of an identification, as the generator drew it."""

    kinds: frozenset[str]
    prior: bool
    escalating: bool
    severe: int
    injured: bool
    separated: bool
    pregnant: bool
    substance: bool
    police: bool
    child_harm: bool


def _escalating(days: Sequence[dt.date], day: dt.date) -> bool:
    """More dated incidents in the six months to ``day`` than in the six before, and at least two."""
    middle = months_before(day, ESCALATION_MONTHS)
    start = months_before(middle, ESCALATION_MONTHS)
    recent = sum(middle < on <= day for on in days)
    return recent >= 2 and recent > sum(start < on <= middle for on in days)


def _her_efforts(d: Drawn, day: dt.date) -> set[str]:
    return {kind for kind, on in d.efforts if on is None or on <= day}


def _on_the_day(d: Drawn, day: dt.date) -> _OnTheDay:
    kinds = frozenset(d.kinds(day))
    kind, presenting_on = d.presenting
    return _OnTheDay(
        kinds=kinds,
        prior=bool(d.prior),
        escalating=_escalating(d.days(day), day),
        severe=len(kinds & SEVERE),
        injured=kind in PHYSICAL and 0 <= (day - presenting_on).days <= 14,
        separated=not d.him.current or bool(_her_efforts(d, day) & {"left_or_moved", "legal_action"}),
        pregnant=any(
            day < born <= day + dt.timedelta(days=280) or months_before(day, NEW_BABY_MONTHS) < born <= day
            for born in d.births
        ),
        substance=bool(d.substance),
        police=d.police,
        child_harm=bool(d.child_harms) or "harming_children" in kinds,
    )


def _drawn(*kinds: str, otherwise: float = YES_OTHERWISE) -> Callable[[_OnTheDay], float]:
    wanted = frozenset(kinds)
    return lambda k: YES_IF_DRAWN if k.kinds & wanted else otherwise


#: Question id -> the chance she answers yes, from what the generator drew by the day
_YES_ODDS: dict[str, Callable[[_OnTheDay], float]] = {
    "current_injury": lambda k: 0.85 if k.injured else 0.08,
    "weapons": _drawn("weapon"),
    "threats_to_kill": _drawn("threat_to_kill"),
    "strangulation": _drawn("strangulation"),
    "sexual_abuse": lambda k: 0.2,
    "stalking": _drawn("stalking", "monitoring"),
    "controlling_jealous": _drawn(*CONTROL, otherwise=0.6),
    "more_often": lambda k: 0.85 if k.escalating else 0.4,
    "getting_worse": lambda k: 0.85 if k.escalating or k.severe else 0.4,
    "harm_to_others": lambda k: (
        YES_IF_DRAWN if "harming_children" in k.kinds or k.prior else 0.5 if k.child_harm else 0.1
    ),
    "harm_to_animals": _drawn("harming_pets"),
    "child_contact_conflict": lambda k: (
        YES_IF_DRAWN if k.kinds & {"contact_abuse", "children_as_weapons"} else 0.6 if k.separated else 0.2
    ),
    "suicide_threats": lambda k: 0.15,
    "substances_mental_health": lambda k: 0.9 if k.substance else 0.3,
    "breaches": _drawn("breaching_orders"),
    "police_history": lambda k: 0.9 if k.police or k.prior else 0.4,
    "very_frightened": lambda k: min(0.95, 0.6 + 0.15 * k.severe + (0.15 if k.escalating else 0.0)),
    "fears_further_harm": lambda k: min(0.95, 0.6 + 0.15 * k.severe + (0.15 if k.escalating else 0.0)),
    "isolated": _drawn("isolation", otherwise=0.45),
    "depressed_suicidal": lambda k: 0.4,
    "separation": lambda k: 0.92 if k.separated else 0.15,
    "pregnancy": lambda k: 0.97 if k.pregnant else 0.01,
    "financial": _drawn("economic_abuse", otherwise=0.4),
    "others_threaten": lambda k: 0.15,
}
if set(_YES_ODDS) != {q.id for q in CHECKLIST.questions}:  # pragma: no cover - a change to the checklist file
    raise ValueError("the synthetic answers need a rule for each question of Spotlight's own risk checklist")

_NOT_KNOWN_COMMENTS = (
    "She did not want to answer this today.",
    "Not asked: the children were in the room.",
    "She was not sure.",
)
_HER_FEARS = (
    "He will find out where we are living and come to the house.",
    "He says he will take the children and I will never see them again.",
    "He will kill me one day. I really believe that.",
    "It will calm down now he has moved out, but I am not sure.",
    "He will keep turning up at the school until I let him back.",
)
_WHO_SHE_FEARS = ("{p}.", "{p}, and his brother.", "{p}. His friends keep watching the house.")


def _answers(rng: random.Random, practice: str, k: _OnTheDay) -> list[RiskAnswerRecord]:
    """Her answer to each question, in the checklist's order."""
    found = []
    for question in CHECKLIST.questions:
        answer = YES if rng.random() < _YES_ODDS[question.id](k) else NO
        comment = ""
        if rng.random() < NOT_KNOWN_CHANCE[practice]:
            answer = NOT_KNOWN
            comment = rng.choice(_NOT_KNOWN_COMMENTS) if rng.random() < 0.3 else ""
        found.append(RiskAnswerRecord(question=question.id, answer=answer, comment=comment))  # type: ignore[arg-type]
    return found


def _label(kind: str) -> str:
    return next((k.label for g in CATALOGUE.behaviours for k in g.kinds if k.id == kind), kind).lower()


def _judgement(rng: random.Random, yes: int, kinds: frozenset[str], him: str) -> tuple[str | None, str]:
    """The worker's professional judgement (never below the level her answers reach), and its reasons."""
    if rng.random() >= JUDGEMENT_CHANCE:
        return None, ""
    reached = CHECKLIST.level_for(yes)
    top = CHECKLIST.levels[-1].id
    severe = sorted(kinds & SEVERE)
    if severe or rng.random() < 0.5:
        level = top
    else:
        level = max(reached.id, CHECKLIST.levels[1].id, key=CHECKLIST.rank)
    if severe:
        reasons = (
            f"{him} has used {join([_label(k) for k in severe])}; her answers understate the danger he poses "
            "to her and the children."
        )
    else:
        reasons = (
            f"{him}'s controlling behaviour is getting worse and she is frightened to say more while he has "
            "contact with the children."
        )
    return level, reasons


def marac_criteria(
    answers: Sequence[RiskAnswerRecord],
    judgement: str | None,
    day: dt.date,
    incidents: Iterable[dt.date],
    last_referral: dt.date | None,
) -> tuple[str, ...]:
    """The Marac criteria an identification meets, as the generator means them: the yes answers it drew,
    the judgement it drew, the days of the incidents it dated on the map and in notes, and the referral
    it drew before."""
    marac = CHECKLIST.marac
    met = []
    if sum(a.answer == YES for a in answers) >= marac.visible_high_risk.yes_at_least:
        met.append(VISIBLE_HIGH_RISK)
    if judgement and CHECKLIST.rank(judgement) >= CHECKLIST.rank(marac.professional_judgement.level):
        met.append(PROFESSIONAL_JUDGEMENT)
    days = set(incidents)
    since = months_before(day, marac.potential_escalation.within_months)
    if sum(since < on <= day for on in days) >= marac.potential_escalation.incidents_at_least:
        met.append(POTENTIAL_ESCALATION)
    if last_referral is not None:
        until = min(months_after(last_referral, marac.repeat.within_months), day)
        if any(last_referral < on <= until for on in days):
            met.append(REPEAT)
    return tuple(met)


def _identification_days(rng: random.Random, f: FamilyFile) -> list[tuple[dt.date, bool]]:
    """(day, made before the case opened) of each identification, oldest first: sometimes one by an
    earlier service, then one soon after the case opened, and now and then more, weeks apart."""
    days = []
    if rng.random() < BEFORE_THE_CASE_CHANCE:
        days.append((f.start - dt.timedelta(days=rng.randint(40, 330)), True))
    days.append((min(f.today, f.start + dt.timedelta(days=rng.randint(0, 21))), False))
    while rng.random() < AGAIN_CHANCE:
        later = days[-1][0] + dt.timedelta(days=rng.randint(28, 240))
        if later > f.today:
            break
        days.append((later, False))
    return days


def _identifications(
    rng: random.Random, f: FamilyFile, d: Drawn
) -> tuple[list[RiskIdentificationRecord], tuple[str, ...]]:
    """Her identifications, oldest first, and the Marac criteria the latest meets."""
    if rng.random() >= IDENTIFICATION_CHANCE[f.practice]:
        return [], ()
    days = _identification_days(rng, f)
    found: list[RiskIdentificationRecord] = []
    last_referral: dt.date | None = None
    criteria: tuple[str, ...] = ()
    him = f"{d.him.given} {d.him.family}"
    for n, (day, earlier_service) in enumerate(days):
        k = _on_the_day(d, day)
        answers = _answers(rng, f.practice, k)
        yes = sum(a.answer == YES for a in answers)
        judgement, reasons = _judgement(rng, yes, k.kinds, him)
        if earlier_service:
            judgement = CHECKLIST.levels[-1].id
            reasons = f"The police domestic abuse team referred her on their judgement of the risk {him} poses."
        criteria = marac_criteria(answers, judgement, day, d.recorded, last_referral)
        referred: dt.date | None = None
        if criteria and (earlier_service or rng.random() < REFERRAL_CHANCE):
            by = days[n + 1][0] - dt.timedelta(days=1) if n + 1 < len(days) else f.today
            referred = max(day, min(by, day + dt.timedelta(days=rng.randint(0, 7))))
        level = CHECKLIST.level_for(yes).id
        if judgement and CHECKLIST.rank(judgement) > CHECKLIST.rank(level):
            level = judgement
        found.append(
            RiskIdentificationRecord(
                id=f"ri{n + 1}",
                survivor=f.people.mother_pid,
                identified_on=day,
                answers=tuple(answers),
                what_she_thinks_will_happen=rng.choice(_HER_FEARS) if rng.random() < 0.85 else "",
                who_she_fears_most=rng.choice(_WHO_SHE_FEARS).format(p=d.him.given) if rng.random() < 0.85 else "",
                judgement_level=judgement,  # type: ignore[arg-type]  # pydantic checks it against the levels
                judgement_reasons=reasons,
                referred_to_marac_on=referred,
                next_review_on=day + dt.timedelta(days=CHECKLIST.review_after_days[level]),
            )
        )
        last_referral = referred or last_referral
    return found, criteria


# ------------------------------------------------------------------------------ his risk review


def his_risk(d: Drawn, day: dt.date) -> dict[str, bool]:
    """For each item of his review, whether the first person causing harm truly has that behaviour or
    situation by ``day``, from what the generator drew for him."""
    him = d.him.pid
    kinds = d.kinds(day, him)
    truth = {
        "escalation": _escalating(d.days(day, him), day),
        "strangulation": "strangulation" in kinds,
        "threats_to_kill": "threat_to_kill" in kinds,
        "weapons": "weapon" in kinds,
        "stalking": bool(kinds & {"stalking", "monitoring"}),
        "separation": not d.him.current or bool(_her_efforts(d, day) & {"left_or_moved", "legal_action"}),
        "children_and_contact": d.him.is_father
        or d.him.lives_with_her
        or bool(kinds & {"contact_abuse", "children_as_weapons", "children_to_monitor"}),
        "breaches": "breaching_orders" in kinds,
        "earlier_partners": bool(d.prior),
        "harm_to_children": "harming_children" in kinds
        or any(who in (him, "") and (on is None or on <= day) for who, on in d.child_harms),
        "harm_to_animals": "harming_pets" in kinds,
        "suicide_threats": "threat_suicide" in kinds,
        "substances_mental_health": him in d.substance,
        "engagement": him in d.reached,
        "programmes": him in d.referred,
        "his_account": him in d.spoke,
    }
    return {item.id: truth[item.id] for item in REVIEW_ITEMS.items}


#: His review's items that make the worker judge his risk high when she answers yes
_HIGH_RISK_ITEMS = frozenset({"escalation", "strangulation", "threats_to_kill", "weapons"})


def _review(rng: random.Random, f: FamilyFile, record: FamilyRecord, d: Drawn, since: dt.date) -> RiskReviewRecord:
    """A review of him on a day from ``since`` to today: Spotlight's suggestion for each item from the
    family's own record, and the worker's answer (her own reading, or the suggestion as offered)."""
    day = since + dt.timedelta(days=rng.randint(0, max(0, (f.today - since).days)))
    clues = read_record(record, record, today=day, him=d.him.pid, catalogue=CATALOGUE)
    truth = his_risk(d, day)
    items = []
    for suggestion in suggest(REVIEW_ITEMS, clues):
        if rng.random() < FOLLOWS_SUGGESTION[f.practice]:
            answer = suggestion.answer
        else:
            answer = YES if truth[suggestion.item.id] else NO
            if rng.random() < NOT_KNOWN_CHANCE[f.practice]:
                answer = NOT_KNOWN
        items.append(
            ReviewItemRecord(item=suggestion.item.id, suggested=suggestion.answer, answer=answer)  # type: ignore[arg-type]
        )
    yes = [item.item for item in items if item.answer == YES]
    level = "high" if _HIGH_RISK_ITEMS & set(yes) else "medium" if len(yes) >= 4 else "standard"
    if f.practice == "blaming" and level != "standard" and rng.random() < 0.4:
        level = "medium" if level == "high" else "standard"  # poor practice underrates him
    topics = [item.topic.lower() for item in REVIEW_ITEMS.items if item.id in yes and item.id in _HIGH_RISK_ITEMS]
    said = (
        f"{d.him.given}'s pattern includes {join(topics)}."
        if topics
        else f"The record holds little of {d.him.given}'s behaviour beyond the incident that brought the family in."
    )
    return RiskReviewRecord(
        id="rr1",
        person=d.him.pid,
        reviewed_on=day,
        items=tuple(items),
        level=level,  # type: ignore[arg-type]  # one of the review's levels
        reasons=" ".join([said, *clues.gaps]),
        next_review_on=day + dt.timedelta(days=REVIEW_ITEMS.review_after_days[level]),
    )


def _each(rng: random.Random, *chances: tuple[str, float]) -> list[str]:
    """Each name drawn with its chance, in order."""
    return [name for name, chance in chances if rng.random() < chance]


def _marker(rng: random.Random, f: FamilyFile, d: Drawn) -> SafetyMarkerRecord:
    """A safety marker on him: the risk to staff, how visits are arranged, who set it and when."""
    kinds = d.kinds(f.today, d.him.pid)
    risks = _each(
        rng,
        ("threats_to_staff", 0.6),
        ("violence_to_staff", 0.15),
        ("weapons", 0.8 if "weapon" in kinds else 0.05),
        ("dogs", 0.2),
        ("others_in_home", 0.1),
    ) or ["threats_to_staff"]
    arrangements = _each(
        rng, ("joint_visits", 0.7), ("office_only", 0.3), ("police_present", 0.5 if "weapons" in risks else 0.05)
    )
    set_on = f.start + dt.timedelta(days=rng.randint(0, max(0, (f.today - f.start).days)))
    details = f"{d.him.given} shouted at the duty social worker on the doorstep." if "threats_to_staff" in risks else ""
    return SafetyMarkerRecord(
        id="sm1",
        person=d.him.pid,
        risks=tuple(risks),  # type: ignore[arg-type]  # the literals above
        arrangements=tuple(arrangements),  # type: ignore[arg-type]
        details=details,
        set_on=set_on,
        review_on=set_on + dt.timedelta(days=90),
    )


def risk_records(f: FamilyFile, record: FamilyRecord, d: Drawn, truth: FamilyTruth) -> tuple[FamilyRecord, FamilyTruth]:
    """The family's record with its risk part, and its truth with what the generator knows of it (drawn
    from ``f.rng`` after everything else, in this order: her identifications, his review, a marker)."""
    rng = f.rng
    identifications, criteria = _identifications(rng, f, d)
    reviews = []
    if rng.random() < REVIEW_CHANCE[f.practice]:
        since = identifications[-1].identified_on if identifications else f.start
        reviews.append(_review(rng, f, record, d, since))
    markers = [_marker(rng, f, d)] if rng.random() < MARKER_CHANCE[f.practice] else []
    truth = replace(
        truth,
        risk_identification=identifications[-1].id if identifications else "",
        marac_criteria=criteria,
        his_risk=his_risk(d, f.today),
    )
    record = record.model_copy(
        update={
            "risk_identifications": tuple(identifications),
            "risk_reviews": tuple(reviews),
            "safety_markers": tuple(markers),
        }
    )
    return record, truth
