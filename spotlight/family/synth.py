"""Synthetic families for demos, tests and scale checks. Never real people.

Pure Python (no Django). `generate_families` streams `SyntheticFamily` objects: a
`FamilyRecord` in the case-file format (see `casefile.py`) together with a
`FamilyTruth`, what the generator knows about the quality of practice in that
family's file, so that later audit and language-review features can be measured
against a known answer.

Each family's file is written at one of three practice levels:

- "accountable": notes name him, what he did and its impact on named children;
  her protective efforts are recorded; workers make repeated efforts to reach him
  and assess him as a parent.
- "mixed": some of that, alongside blaming and mother-focused notes.
- "blaming": notes use blaming, mutualising, passive and "exposure" language,
  focus on the mother, and he is rarely contacted.

Everything is derived from `random.Random` seeded from (seed, family number) and
from name pools drawn once per seed from Faker's en_GB locale, so the same
(count, seed, today) gives the same output byte for byte, and family n is the same
whatever the count. Dates are never after `today`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import string
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import TextIO

from spotlight.casefile.format import FamilyRecord, dump_family
from spotlight.cases.domain.casefile import (
    AgencyRecord,
    ContactAttemptRecord,
    HouseholdRecord,
    NoteRecord,
    PersonRecord,
    RelationshipRecord,
)
from spotlight.pattern.domain.casefile import (
    BehaviourEntryRecord,
    ChildHarmRecord,
    ComplicatingFactorRecord,
    ProgrammeReferralRecord,
    ProtectiveEffortRecord,
)
from spotlight.vocabulary import (
    REACHED_OUTCOMES,
    AgencyKind,
    ContactType,
    EngagementMethod,
    EngagementOutcome,
    RelationshipKind,
    Role,
)

__all__ = [
    "BLAMING_PHRASES",
    "DEFAULT_TEAMS",
    "PRACTICE_LEVELS",
    "PRACTICE_WEIGHTS",
    "FamilyTruth",
    "SyntheticFamily",
    "generate_families",
    "truth_json",
    "write_synthetic_file",
]

DEFAULT_TEAMS: tuple[str, ...] = ("North", "South", "East")

PRACTICE_LEVELS: tuple[str, ...] = ("accountable", "mixed", "blaming")
#: Share of families at each practice level, in percent.
PRACTICE_WEIGHTS: tuple[int, ...] = (35, 40, 25)

#: The faulty phrases the blaming notes are written in. Every blaming note holds at
#: least one; no other generated text holds any (case-insensitive).
BLAMING_PHRASES: tuple[str, ...] = (
    "the mother failed to protect",
    "a volatile relationship",
    "the children were exposed to domestic violence",
    "non-engagement by mum",
    "she allowed him back into the home",
    "the couple argue",
    "domestic incident between the parents",
    "mum continues to expose the children",
    "she was assaulted",
    "he lost his temper",
    "only a slap",
    "his drinking causes the abuse",
    "witnessed domestic abuse",
    "mother minimising",
)


#: Programmes in the pattern catalogue, and invented providers.
_PROGRAMMES: tuple[str, ...] = (
    "community_programme",
    "criminal_justice_programme",
    "fathering_programme",
    "one_to_one",
)
_PROVIDERS: tuple[str, ...] = ("Northside Change Project", "Safer Families Service", "Riverside Men and Change")


@dataclass(frozen=True)
class FamilyTruth:
    """What the generator knows about the practice recorded in one family's file."""

    practice: str
    father_contacted: bool
    father_assessed_as_parent: bool
    protective_efforts_recorded: bool
    blaming_note_ids: tuple[str, ...]
    father_absent_note_ids: tuple[str, ...]
    # The pattern map (behaviour entries, harm to each child, her protective efforts):
    #: more than one kind of his behaviour, and at least one entry besides the presenting incident.
    pattern_beyond_incident: bool = False
    #: at least one entry from his earlier relationships, with its source.
    prior_relationships_recorded: bool = False
    #: every child born by today has at least one specific harm (his action and its impact) recorded.
    child_impact_specific: bool = False
    #: her efforts on the map include help-seeking and everyday kinds, each linked to a child.
    protective_efforts_full_spectrum: bool = False
    behaviour_kinds: int = 0
    prior_relationship_entries: int = 0
    #: a referral of him to a programme is on the map, and whether support was offered to her alongside.
    programme_referral_recorded: bool = False
    programme_with_support_for_her: bool = False


@dataclass(frozen=True)
class SyntheticFamily:
    record: FamilyRecord
    truth: FamilyTruth


def truth_json(family: SyntheticFamily) -> str:
    """One JSON line (no newline) of a family's truth, keyed by its family id."""
    data: dict[str, object] = {"family": family.record.id}
    data.update(asdict(family.truth))
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


# ---------------------------------------------------------------------------
# Templates
#
# Fields used in templates (all plain strings):
#   {p} him at first mention (full name or "Mr X"); {p_mr} "Mr X"; {p_given};
#   {p_rel} how he stands to the family ("the children's father", "Sarah's partner");
#   {p_goal} ("a good dad to Mia"); {where_met}; {by_method}; {via_agency}
#   {m} her (full name, "Ms X", or given name); {m_given}
#   {child}, {child_age} ("Mia (7)"), {cs} {co} {cp} the child's pronouns, {child2}
#   {kids} ("the children", or the only child's name); {kids_names} ("Mia and Leo")
#   {date} (a recent day), {month}, {pct}, {edd_month}
#   {school} {da} {programme} {agency} {gran} {substance}
# Templates that say "the children" or use {child2} are only used when at least two
# children have been born by the note's date. Templates in pools marked "no him"
# never refer to the person causing harm, and are formatted without his fields.
# ---------------------------------------------------------------------------

_ALL_TEXT: list[str] = []
_FIELD_RE = re.compile(r"\{[^}]*\}")


def _needs_plural(template: str) -> bool:
    return "{child2}" in template or "the children" in template.lower()


class _Pool:
    """Templates to choose from, with the ones that read right for one child set aside."""

    def __init__(self, *templates: str) -> None:
        for t in templates:
            _ALL_TEXT.append(t)
            for _, field, _, _ in string.Formatter().parse(t):
                if field is not None and field not in _FIELDS:
                    raise ValueError(f"unknown template field {field!r} in {t!r}")
        self.all: tuple[str, ...] = templates
        self.single: tuple[str, ...] = tuple(t for t in templates if not _needs_plural(t))

    def options(self, plural: bool) -> tuple[str, ...]:
        return self.all if plural or not self.single else self.single

    def pick(self, rng: random.Random, plural: bool, used: set[str] | None = None) -> str:
        return _choose(rng, (self,), plural, used, 1)[0]


def _choose(rng: random.Random, pools: Sequence[_Pool], plural: bool, used: set[str] | None, k: int) -> list[str]:
    """Up to k different templates from the pools, preferring ones this family has not used yet."""
    options = [t for pool in pools for t in pool.options(plural)]
    if used is not None:
        fresh = [t for t in options if t not in used]
        if len(fresh) >= k:
            options = fresh
    chosen = rng.sample(options, min(k, len(options)))
    if used is not None:
        used.update(chosen)
    return chosen


_FIELDS = frozenset(
    "p p_mr p_given p_rel p_goal where_met by_method via_agency m m_given child child_age cs co cp child2 "
    "kids kids_names date month pct edd_month school da programme agency gran substance act where m_pos m_subj".split()
)

# What he did: he is the actor, she is the object. {m_pos} is "her" or "Sarah's".
_ACTS = _Pool(
    "pushed {m} into the kitchen door",
    "pushed {m} backwards over the coffee table",
    "grabbed {m} by the throat",
    "threw a mug at {m}, cutting her forehead",
    "smashed {m_pos} phone so that she could not call anyone",
    "punched the bedroom door beside {m_pos} head",
    "took {m_pos} bank card and car keys and refused to give them back",
    "hit {m} across the face with the back of his hand",
    "held {m} against the wall by her shoulders",
    "dragged {m} across the hallway by her hair",
    "threatened to take the children abroad if {m_subj} went to the police",
    "told {m} she would never see the children again if she left him",
    "broke the television and the front-room window while shouting at {m}",
    "kept {m} awake until 4am questioning her about where she had been",
    "spat at {m} and called her degrading names",
    "stood over {m} with a kitchen knife and said he would 'finish it'",
    "kicked {m} in the legs as she tried to leave the room",
    "put his hand over {m_pos} mouth when she tried to shout for help",
    "strangled {m} until she nearly passed out",
    "threw {m_pos} clothes into the garden and told her to get out",
)

# Acts that carry their own place and name a child, so take no {where}.
_ACTS_PLACED = _Pool(
    "locked {m} out of the house for most of the night, leaving {child_age} inside with him",
    "sent {m} more than forty abusive messages in one evening, including threats to take {child_age} away",
    "came to {m_pos} home at 2am, shouted through the letterbox and kicked the door, waking {child_age}",
    "followed {m} to the school gate and shouted at her in front of {child_age} and other parents",
    "drove at speed with {m} and {child_age} in the car, refusing to stop, to frighten her",
    "slashed two tyres on {m_pos} car outside the house while {child_age} watched from the window",
    "emptied the joint account, leaving {m} with no money to feed {child_age}",
    "grabbed {child_age} from {m_pos} arms and refused to give {co} back for an hour",
)

# Where the children were (follows an act from _ACTS).
_PRESENCE = _Pool(
    "while {child_age} was in the room",
    "in front of {child_age}",
    "while {child_age} was in the next room",
    "while {child_age} and {child2} were upstairs",
    "with {child_age} standing at the bottom of the stairs",
    "while {child_age} was asleep upstairs; the noise woke {co}",
    "while {child_age} and {child2} were eating their tea at the table",
    "while {child_age} was sitting on the sofa beside her",
)

_INCIDENT_OPEN: dict[str, _Pool] = {
    "record": _Pool(
        "Police notification received. On {date} {p} ({p_rel}) {act}{where}.",
        "Record from {agency}: on {date} {p} {act}{where}.",
        "Notification of an incident on {date}: {p} {act}{where}. Officers attended and {p_mr} was arrested.",
        "{agency} shared their log for {date}. It records that {p} {act}{where}.",
        "Referral received. On {date} {p}, {p_rel}, {act}{where}.",
    ),
    "talk": _Pool(
        "{m} told me that on {date} {p} {act}{where}.",
        "{m} rang to say that on {date} {p} {act}{where}.",
        "I visited after the incident on {date}. {m_given} described how {p} {act}{where}.",
        "Discussed the events of {date} with {m}: {p} {act}{where}.",
        "{m_given} came to see me. On {date}, she said, {p} {act}{where}.",
    ),
    "meeting": _Pool(
        "Strategy discussion about {date}, when {p} {act}{where}.",
        "MARAC information sharing: on {date} {p} ({p_rel}) {act}{where}.",
        "Multi-agency meeting. Agencies shared what they know about {date}, when {p} {act}{where}.",
    ),
}

# The impact on a named child, by the child's age band.
_IMPACT: dict[str, _Pool] = {
    "infant": _Pool(
        "{child} was in {m_given}'s arms at the time and could easily have been hurt.",
        "The health visitor reports that {child} has been unsettled, feeding poorly and startling at loud noises "
        "since then.",
        "{child} was screaming throughout and {m_given} could not get to {co} to comfort {co}.",
        "{m_given} says {child} now cries whenever a door bangs.",
        "{child} was in the cot in the same room when the glass broke.",
    ),
    "young": _Pool(
        "{child} told {cp} teacher that {cs} hid under the table until it went quiet.",
        "{child} has started wetting the bed again and will not sleep unless {m_given} stays in the room.",
        "{child} told me {cs} is frightened when {p_given} raises his voice and that {cs} covers {cp} ears.",
        "The school says {child} has been falling asleep in class and not eating {cp} lunch.",
        "{child} drew a picture at school of the door breaking and called it 'the loud night'.",
        "{child} tried to get in between them and {p_given} pushed {co} out of the way.",
        "{child} has been biting and hitting other children since, which is new for {co}.",
        "{child} keeps asking {cp} teacher whether {m_given} will still be there at home time.",
        "{child} told the school nurse that {cs} does not like it when {p_given} comes home.",
    ),
    "teen": _Pool(
        "{child} rang 999 from the landing and gave the operator the address.",
        "{child} has stopped bringing friends home and has missed eleven days of school this term.",
        "{child} told me {cs} stays in {cp} room with headphones on so that {cs} does not have to hear {p_given}.",
        "{child} says {cs} worries about {cp} mum all day at school and checks {cp} phone in every lesson.",
        "{child} stood in front of {m_given} to stop {p_given} reaching her and was shoved against the radiator.",
        "{child} has started self-harming, and the mental health team have been asked to see {co} urgently.",
        "{child} said {cs} is thinking of moving out to a friend's because of how {p_given} treats {cp} mum.",
    ),
}

# Holding him responsible.
_RESPONSIBILITY = _Pool(
    "{p_mr} was arrested and bailed with conditions not to contact {m_given} or go to the family home.",
    "{p_mr} told officers that {m_given} had wound him up; that does not make her responsible for what he chose to do.",
    "This fits a pattern of {p_given} controlling {m_given}'s money, phone and friendships.",
    "{p_given} has a previous conviction for violence against a former partner.",
    "{p_mr} has not yet accepted that his behaviour is harming {kids}.",
    "Nothing recorded suggests {m_given} provoked this; the decision to use violence was his.",
    "{p_given} had left before officers arrived and has not been interviewed yet.",
    "{p_mr} says he cannot remember; officers noted he had been drinking, which does not explain the choices he made.",
)

_PLAN_ACCOUNTABLE = _Pool(
    "Next step: write to {p_mr} and invite him to talk about what he did and how it has affected {kids}.",
    "Plan: ask the police for his history and refer him to {programme} if he will engage.",
    "I will see {p_mr} separately about his behaviour and what it means for his time with {kids}.",
    "Agreed with {m_given} that she will not be asked to manage his behaviour; we will take it up with him directly.",
    "Referral made to {da} for {m_given}, at her request.",
    "The child protection plan will set out what {p_mr} needs to change, not only what {m_given} must do.",
)

# Her protective efforts (may mention him). _SCHOOL_AGE pools are only used about a child of 5 or over.
_PROTECTIVE = _Pool(
    "When {p_given} started shouting on {date}, {m} took {kids} to her sister's and rang the police from there.",
    "{m} called the police as soon as {p_given} came to the door, as her safety plan set out, and had already "
    "taken {child} upstairs.",
    "{m_given} has kept bedtimes and mealtimes the same for {kids} through everything that has happened.",
    "{m_given} has had the locks changed and has applied for a non-molestation order.",
    "{m_given} keeps her bank card and the car keys at {gran}'s because {p_given} has taken them before.",
    "{m_given} has arranged for any time {kids} spend with {p_given} to be at the contact centre, so that it is "
    "supervised.",
    "{m_given} registered {kids} with a GP near the refuge within two days of arriving.",
    "{m_given} reads with {child} every evening and says it settles both of them.",
    "{m} has attended every appointment with {da} and every review, while working and looking after {kids}.",
    "{m_given} moved {kids} to {gran}'s for a week after the incident so they were safe while the locks were changed.",
    "{m_given} has kept a record of every message {p_given} has sent, with dates, for the police.",
    "{m_given} worked out a safety plan with {da}: a bag packed by the door, numbers saved under other names, and "
    "a neighbour who will call the police if she hears shouting.",
    "{m_given} has not told {p_given} where {kids} see the doctor, so that he cannot turn up there.",
    "{m_given} took {child} to the GP herself the morning after, to have {co} checked over.",
)
_PROTECTIVE_SCHOOL_AGE = _Pool(
    "{m_given} has kept {kids} in school every day this week, even after broken nights, so their days stay "
    "predictable.",
    "{m} has completed a safety plan with {da} and agreed a code word with {child}'s school.",
    "{m_given} makes sure {child} still goes to football on Saturdays because it is what {cs} looks forward to most.",
    "{m} has given {school} a photograph of {p_given} and a list of who may collect {kids}.",
    "{m_given} now keeps her phone charged and with her, and {child} knows to go to the neighbour's if there is "
    "shouting.",
    "{m_given} spoke to {school} herself so that staff would understand why {child} was tired and upset.",
    "{m_given} explained to {child}, in words {cs} could understand, that what happened was not {cp} fault.",
)

# What is going well (no him).
_STRENGTHS = _Pool(
    "{m_given} and {kids} have settled into the new flat and are making it their own.",
    "{m_given} has started a college course two mornings a week and is enjoying it.",
    "The home was warm and calm, with music on and toys out on the floor.",
    "{m_given} says the nights are quieter and everyone is sleeping better.",
    "{m_given} says she feels more confident since starting the women's group at {da}.",
    "{m_given} and {child} laughed together a lot while we talked.",
    "{child} was happy and settled when I saw {co}.",
    "{m_given} has made friends with two other mums at the community centre and meets them on Fridays.",
)
_STRENGTHS_SCHOOL_AGE = _Pool(
    "{child} has had full attendance this half term and {cp} teacher says {cs} is joining in more in class.",
    "{child} was relaxed and chatty and proudly showed me {cp} new bike.",
    "{gran} has been collecting {kids} from school twice a week, which gives {m_given} time for her appointments.",
    "{child} got {cp} swimming certificate and wanted me to see it.",
    "{child} has joined an after-school drama club and has a part in the end-of-term show.",
    "{child} was happy to talk to me on {cp} own and said home feels 'calmer now'.",
)

# Routine notes that need not mention him, by the kind of agency writing.
_NEUTRAL: dict[str, _Pool] = {
    "school": _Pool(
        "Attendance for {child} is {pct}% this term and {school} have no new concerns.",
        "{school} say {child} has been talking happily about {cp} friends and a class trip to the coast.",
        "{child}'s school report received: reading is good and maths is improving.",
        "Transport to {school} has been arranged for {child}.",
        "{school} confirmed {child} will have extra help with reading from next half term.",
    ),
    "nursery": _Pool(
        "{school} report that {child} is settling well and plays alongside the other children.",
        "{child}'s attendance at {school} is {pct}%; staff say {cs} is eating well and naps after lunch.",
        "{school} have offered {child} funded hours from next term.",
    ),
    "health": _Pool(
        "Routine health review for {child}; immunisations are up to date.",
        "{child} seen by the GP for a chest infection; antibiotics prescribed.",
        "Dental check for {child} completed; no treatment needed.",
        "{child}'s hearing test was clear.",
    ),
    "housing": _Pool(
        "Housing confirmed that the transfer application has been accepted and is waiting for a suitable offer.",
        "Housing have agreed to fit a new front door and a letterbox guard.",
        "Rent account checked with housing; the arrears are being repaid at an agreed rate.",
    ),
    "other": _Pool(
        "Core group minutes circulated to all agencies.",
        "Benefits check completed with {m_given}; she is now receiving the child element she was missing.",
        "Case transferred within the team; an introductory visit has been booked.",
        "Appointment letter received and shared with {m_given}.",
        "Chronology updated for the review.",
        "Manager's oversight recorded: plan reviewed and agreed.",
    ),
}

# Context openers by contact type (no him).
_OPEN: dict[ContactType, _Pool] = {
    ContactType.HOME_VISIT: _Pool("Home visit to {m}.", "Unannounced home visit.", "Planned visit to the family home."),
    ContactType.OFFICE_VISIT: _Pool("{m} came to the office.", "Office appointment with {m}."),
    ContactType.PHONE_CALL: _Pool("Phone call with {m}.", "{m} rang the duty line.", "Called {m} for an update."),
    ContactType.VIDEO_CALL: _Pool("Video call with {m}.", "Video call with {m} and {child}."),
    ContactType.SCHOOL_VISIT: _Pool("Visit to {school} to see {child}.", "Saw {child} at {school}."),
    ContactType.MULTI_AGENCY_MEETING: _Pool(
        "Core group meeting.",
        "Child protection review conference.",
        "Child in need review meeting.",
        "Strategy discussion.",
    ),
    ContactType.LETTER_OR_MESSAGE: _Pool("Message from {m}.", "Letter sent to {m}.", "Email from {agency}."),
    ContactType.RECORD: _Pool("Information received from {agency}.", "Case recording.", "Case summary updated."),
}

# Mother-focused risk notes that should mention him and do not (no him).
_ABSENT_BODY = _Pool(
    "{m_given} was reminded that she needs to keep {kids} safe and that further incidents will lead to escalation.",
    "{m} agreed to call the police if anything else happens and to keep {kids} away from any conflict.",
    "Risk assessed as medium; {m_given} is to attend a domestic abuse awareness course.",
    "{m_given} has been asked to show that she is engaging with {da}.",
    "There are ongoing concerns about {m_given}'s ability to put the needs of {kids} first.",
    "{m_given} signed a written agreement that she will not let anyone into the home who may pose a risk to {kids}.",
    "{m_given} presented as tired and tearful and was advised to see her GP about her low mood.",
    "{m_given} was told the local authority may have to consider legal proceedings if things do not improve.",
    "{m_given} was asked to keep a diary of incidents and bring it to the next visit.",
    "{m_given} said she is coping and did not want to talk about what happened.",
    "{m_given}'s mental health and her use of alcohol were discussed as factors in the risk to {kids}.",
    "{child} appeared well cared for; there was food in the fridge and the home was clean.",
    "The impact on {kids} of living with domestic abuse was explained to {m_given}.",
    "{m_given} is to tell the social worker about any change in who lives in or visits the home.",
    "{m_given} was given information about refuges and the national helpline.",
    "{m_given} was asked why she did not call the police sooner.",
    "{m_given} needs to show she understands the risks before the plan can be stepped down.",
)
_ABSENT_BODY_SCHOOL_AGE = _Pool(
    "{child} was seen alone and said things at home are 'okay'; {cs} was asked about {cp} mum's mood.",
    "The school will monitor {child} and report any change in {cp} presentation.",
    "{child}'s attendance has dropped to {pct}%; {m_given} was reminded that getting {co} to school is her "
    "responsibility.",
)

_ABSENT_PLAN = _Pool(
    "Plan: visit again in two weeks; {m_given} to update on her progress with {da}.",
    "Next review in six weeks.",
    "Plan: continue with the child protection plan; {m_given} to attend all appointments.",
    "Plan: school to report any concerns about {child} straight away.",
    "Plan: {m_given} to complete the course and the case will be reviewed.",
)

# Blaming sentences that do not refer to him (no him). Each holds a BLAMING_PHRASE.
_BLAME_NO_HIM = _Pool(
    "Concerns remain that the mother failed to protect {kids} from further harm.",
    "The mother failed to protect {child} by staying in the home after the last incident.",
    "The children were exposed to domestic violence over a long period.",
    "Non-engagement by mum with {da} remains a concern.",
    "Non-engagement by mum is the main barrier to progress.",
    "Mum continues to expose the children to risk by keeping in contact.",
    "Mum continues to expose the children to an unsafe home.",
    "She was assaulted at the weekend and has bruising to her arm.",
    "{m_given} said she was assaulted on {date} and did not call the police.",
    "{child} has witnessed domestic abuse for most of {cp} life.",
    "{child} witnessed domestic abuse at home on several occasions.",
    "Mother minimising the seriousness of what has happened and saying things are fine now.",
    "There is evidence of mother minimising; she says the bruises were an accident.",
)

# Blaming sentences that refer to him, or to "the couple" or "the parents".
_BLAME_HIM = _Pool(
    "{m} and {p_mr} are in a volatile relationship.",
    "This is a volatile relationship and both adults need to take responsibility.",
    "The couple argue frequently in front of {kids}.",
    "The couple argue about money and {p_mr}'s friends.",
    "Police were called to a domestic incident between the parents on {date}.",
    "Domestic incident between the parents; {child} was at home at the time.",
    "Despite the written agreement, she allowed him back into the home in {month}.",
    "{m_given} admitted she allowed him back into the home for {child}'s birthday.",
    "{p_mr} said he lost his temper because {m_given} had been out all day.",
    "{p_mr} accepts that he lost his temper but says it will not happen again.",
    "The injury was minor and {p_mr} maintains it was only a slap.",
    "It was only a slap according to both adults, and no medical treatment was needed.",
    "{p_mr} has a long history of alcohol use and his drinking causes the abuse.",
    "Everyone agrees his drinking causes the abuse, so a referral to {substance} has been suggested.",
    "{kids_names} witnessed domestic abuse between {m_given} and {p_given}.",
)

# Non-flagged sentences that mention him in passing without engaging him.
_HIM_IN_PASSING = _Pool(
    "{p_mr} was not spoken to.",
    "{p_mr} was in the house but went out when I arrived.",
    "{p_given} was not present.",
    "{p_mr}'s views have not been sought.",
)

# Contact with him: what was said and his choices as a parent, by outcome.
_HIM_CONTACT: dict[EngagementOutcome, _Pool] = {
    EngagementOutcome.CONTACTED: _Pool(
        "Contact with {p_mr} {by_method}. He agreed to come to the office to talk about {kids}.",
        "Contact with {p_mr} {by_method}. He asked what {m_given} had 'been saying'; I explained that our "
        "conversation is about his behaviour and what {kids} have been through.",
        "{p_mr} replied {by_method} to my letter and said he wants to talk about seeing {kids}. I said we would "
        "first need to talk about what happened on {date}.",
        "Contact with {p_mr} {by_method}. He said he has done nothing wrong. I set out the concerns about his "
        "violence and its effect on {child}, and offered a meeting.",
    ),
    EngagementOutcome.SEEN: _Pool(
        "Met {p_mr} {where_met}. We went through the police log for {date}; he disputed parts of it but accepted "
        "that {child} was in the room.",
        "Saw {p} {where_met}. He talked about wanting to be {p_goal}. I asked what {child} needs from him now; he "
        "said 'for me to stop shouting'. That is a start, and we will build on it.",
        "Saw {p_mr} {where_met} with {kids}. He was warm with {child} but spoke over {m_given} several times and "
        "answered questions put to her.",
        "Met {p_mr} {where_met}. He said {m_given} exaggerates. We talked about what {child} told the school and "
        "what it says about how safe {cs} feels around him.",
    ),
    EngagementOutcome.SEEN_ALONE: _Pool(
        "Saw {p_mr} on his own {where_met}. I asked how he thinks {child} felt on {date}; he said he had not "
        "thought about it. He agreed to think about it before we next meet.",
        "Individual session with {p_mr} {where_met}. He admitted he checks {m_given}'s phone and tracks her "
        "location. We talked about how that control shapes everyday life for {kids}.",
        "Met {p_mr} alone {where_met}. He said the problem is {m_given}'s attitude. I was clear that his violence "
        "is his responsibility and is the main risk to {kids}.",
        "Saw {p_mr} alone {where_met} to discuss a referral to {programme}. He agreed to attend an assessment.",
    ),
    EngagementOutcome.ASSESSED_AS_PARENT: _Pool(
        "Parenting assessment session with {p_mr} {where_met}. We looked at his understanding of {child}'s needs, "
        "his routines when {kids} stay with him, and how the way he treats {m_given} affects his parenting. He "
        "knew {child}'s school but not {cp} GP or what frightens {co}.",
        "Parenting assessment session with {p_mr}. He has missed three of the last five contact sessions without "
        "warning; {child} waited at the window each time. He said work got in the way.",
        "Assessment of {p_mr} as a parent completed. Strengths: he is affectionate with {child} and on time for "
        "contact. Risks: he has not acknowledged the violence, and he drove to the house after drinking on "
        "{child}'s birthday in breach of his bail.",
        "Assessment session with {p_mr}: he chose to bring up {m_given}'s new friendships during contact, in front "
        "of {child}. We discussed how this puts {child} in the middle.",
    ),
    EngagementOutcome.DECLINED: _Pool(
        "{p_mr} was contacted {by_method} but declined to discuss the incident and said social services should be "
        "talking to {m_given}. I explained why we speak to him directly; the offer stays open.",
        "{p_mr} said {by_method} that he will not meet the social worker. This was shared with the core group so "
        "that the plan still addresses the risk he poses.",
        "{p_mr} said {by_method} that he will not engage while the police investigation is ongoing. His time with "
        "{kids} will be considered in light of that choice.",
    ),
}

# Thin records of contact with him (mixed and blaming practice).
_HIM_CONTACT_THIN: dict[EngagementOutcome, _Pool] = {
    EngagementOutcome.CONTACTED: _Pool(
        "Spoke briefly to {p_mr}; he said things are better at home. No further action with him at this stage.",
        "{p_mr} rang for an update. Information given.",
    ),
    EngagementOutcome.SEEN: _Pool(
        "{p_mr} was seen {where_met}. He said he is working long hours and is hardly there.",
        "{p_mr} seen briefly {where_met}; he was polite and had no concerns.",
    ),
    EngagementOutcome.DECLINED: _Pool(
        "{p_mr} did not want to talk. Work continues with {m_given}.",
        "{p_mr} declined. No further contact planned with him.",
    ),
}

# Short notes on a contact attempt.
_ATTEMPT_NOTE: dict[EngagementMethod, _Pool] = {
    EngagementMethod.LETTER: _Pool(
        "Letter sent inviting {p_mr} to discuss the children; no reply.",
        "Second letter sent to {p_mr} offering an appointment; no reply.",
    ),
    EngagementMethod.PHONE: _Pool("Called {p_mr}; no answer, message left.", "Called {p_mr} twice; voicemail full."),
    EngagementMethod.TEXT_OR_EMAIL: _Pool("Texted {p_mr} asking him to get in touch.", "Emailed {p_mr}; no reply."),
    EngagementMethod.HOME_VISIT: _Pool("Called at {p_given}'s address; no answer.", "Visited his address; not in."),
    EngagementMethod.OFFICE_APPOINTMENT: _Pool("Office appointment offered; {p_mr} did not attend."),
    EngagementMethod.THROUGH_ANOTHER_AGENCY: _Pool("Asked {via_agency} to pass on a request to meet."),
}

_OUTCOME_NOTE: dict[EngagementOutcome, str] = {
    EngagementOutcome.CONTACTED: "Spoke with him.",
    EngagementOutcome.SEEN: "Seen; see case note.",
    EngagementOutcome.SEEN_ALONE: "Seen on his own.",
    EngagementOutcome.ASSESSED_AS_PARENT: "Parenting assessment session.",
    EngagementOutcome.DECLINED: "He declined to meet.",
}

_PREGNANCY = _Pool(
    "{m_given} is pregnant and the baby is due in {edd_month}.",
    "{m_given} has told me she is expecting a baby in {edd_month}; the midwife is aware of the history.",
    "A pre-birth assessment is needed for the unborn baby, due in {edd_month}.",
)

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


# ---------------------------------------------------------------------------
# Agencies
# ---------------------------------------------------------------------------

_AGENCY_CONTACT: dict[AgencyKind, str] = {
    AgencyKind.POLICE: "Public protection unit",
    AgencyKind.SCHOOL: "Designated safeguarding lead",
    AgencyKind.HEALTH: "Health visitor",
    AgencyKind.DOMESTIC_ABUSE_SERVICE: "IDVA",
    AgencyKind.PERPETRATOR_PROGRAMME: "Programme facilitator",
    AgencyKind.PROBATION: "Probation officer",
    AgencyKind.HOUSING: "Housing officer",
    AgencyKind.MENTAL_HEALTH: "Care coordinator",
    AgencyKind.SUBSTANCE_USE: "Recovery worker",
    AgencyKind.CHILDRENS_SOCIAL_CARE: "Emergency duty team",
    AgencyKind.ADULT_SOCIAL_CARE: "Duty worker",
    AgencyKind.OTHER: "Adviser",
}

_NURSERIES = ("Little Acorns Nursery", "Bright Start Nursery")
_PRIMARIES = (
    "Riverside Primary School",
    "Hollybank Primary School",
    "St Aidan's Primary School",
    "Moorside Primary School",
)
_SECONDARIES = ("Westgate Academy", "Northshire High School", "Castlefield School")
_COLLEGES = ("Northshire College",)
_OTHER_AGENCY_NAMES = (
    "Northshire Police",
    "Northshire Health Visiting Team",
    "Northshire Maternity Service",
    "Eastbrook Medical Practice",
    "Northshire Domestic Abuse Service",
    "Northshire IDVA Service",
    "Harbour Women's Aid",
    "Safer Families Programme",
    "Probation Service North",
    "Northshire Housing",
    "Northshire Community Mental Health",
    "Northshire Child and Adolescent Mental Health Service",
    "Northshire Drug and Alcohol Service",
    "Northshire Emergency Duty Team",
    "Northshire Adult Social Care",
    "Citizens Advice Northshire",
)
_ALL_TEXT.extend(_NURSERIES + _PRIMARIES + _SECONDARIES + _COLLEGES + _OTHER_AGENCY_NAMES)
_ALL_TEXT.extend(_AGENCY_CONTACT.values())
_ALL_TEXT.extend(_OUTCOME_NOTE.values())
_ALL_TEXT.extend(_MONTHS + _WEEKDAYS)
_ALL_TEXT.extend(
    (
        "the children's father", "former partner", "partner", "a good dad to", "a good stepdad to",
        "someone can rely on", "at the office", "at his flat", "at the family home", "by phone", "in a letter",
        "by text message", "through", "another agency", "the domestic abuse service", "a behaviour change programme",
        "her mother", "her sister", "the substance use service", "Allocated social worker", "Duty social worker",
        "household", "address", "family", "Unborn baby", "children's services", "school", "mum", "the mother",
        "Ms", "Mr", "and", "months", "weeks",
    )
)  # fmt: skip

# (weight, agency kind or None for the authority's own workers, contact types)
_Setting = tuple[float, AgencyKind | None, tuple[ContactType, ...]]
_CT = ContactType
_SETTINGS: dict[str, tuple[_Setting, ...]] = {
    "incident": (
        (3.0, AgencyKind.POLICE, (_CT.RECORD,)),
        (2.0, None, (_CT.PHONE_CALL, _CT.HOME_VISIT, _CT.OFFICE_VISIT)),
        (0.7, None, (_CT.MULTI_AGENCY_MEETING,)),
        (1.0, AgencyKind.DOMESTIC_ABUSE_SERVICE, (_CT.PHONE_CALL, _CT.RECORD)),
        (0.7, AgencyKind.SCHOOL, (_CT.PHONE_CALL, _CT.SCHOOL_VISIT)),
    ),
    "protective": (
        (3.0, None, (_CT.HOME_VISIT, _CT.OFFICE_VISIT, _CT.PHONE_CALL, _CT.VIDEO_CALL)),
        (1.5, AgencyKind.DOMESTIC_ABUSE_SERVICE, (_CT.PHONE_CALL, _CT.OFFICE_VISIT, _CT.RECORD)),
        (1.0, AgencyKind.SCHOOL, (_CT.SCHOOL_VISIT, _CT.PHONE_CALL)),
        (0.7, AgencyKind.HEALTH, (_CT.HOME_VISIT,)),
    ),
    "strengths": (
        (3.0, None, (_CT.HOME_VISIT, _CT.OFFICE_VISIT, _CT.VIDEO_CALL)),
        (1.5, AgencyKind.SCHOOL, (_CT.SCHOOL_VISIT,)),
        (0.7, AgencyKind.HEALTH, (_CT.HOME_VISIT,)),
        (0.7, AgencyKind.DOMESTIC_ABUSE_SERVICE, (_CT.PHONE_CALL,)),
    ),
    "neutral": (
        (2.5, None, (_CT.RECORD, _CT.MULTI_AGENCY_MEETING, _CT.PHONE_CALL, _CT.LETTER_OR_MESSAGE)),
        (2.0, AgencyKind.SCHOOL, (_CT.SCHOOL_VISIT, _CT.LETTER_OR_MESSAGE)),
        (1.5, AgencyKind.HEALTH, (_CT.HOME_VISIT, _CT.RECORD)),
        (1.0, AgencyKind.HOUSING, (_CT.LETTER_OR_MESSAGE, _CT.PHONE_CALL)),
        (0.5, AgencyKind.MENTAL_HEALTH, (_CT.LETTER_OR_MESSAGE,)),
        (0.5, AgencyKind.SUBSTANCE_USE, (_CT.RECORD,)),
        (0.3, AgencyKind.OTHER, (_CT.LETTER_OR_MESSAGE,)),
    ),
    "absent": (
        (4.0, None, (_CT.HOME_VISIT, _CT.PHONE_CALL, _CT.OFFICE_VISIT, _CT.MULTI_AGENCY_MEETING)),
        (1.0, AgencyKind.SCHOOL, (_CT.SCHOOL_VISIT,)),
        (0.6, AgencyKind.HEALTH, (_CT.HOME_VISIT,)),
    ),
    "blaming": (
        (4.0, None, (_CT.HOME_VISIT, _CT.MULTI_AGENCY_MEETING, _CT.PHONE_CALL, _CT.RECORD)),
        (1.5, AgencyKind.POLICE, (_CT.RECORD,)),
        (0.7, AgencyKind.SCHOOL, (_CT.SCHOOL_VISIT,)),
        (0.3, AgencyKind.CHILDRENS_SOCIAL_CARE, (_CT.RECORD,)),
    ),
}

# Kinds of note (after the first) by practice level: weights for
# incident, protective, strengths, neutral, absent, blaming.
_NOTE_KINDS = ("incident", "protective", "strengths", "neutral", "absent", "blaming")
_KIND_WEIGHTS: dict[str, tuple[float, ...]] = {
    "accountable": (22, 22, 16, 18, 4, 2),
    "mixed": (14, 10, 10, 16, 22, 28),
    "blaming": (3, 4, 6, 17, 30, 40),
}
# Chance that a reached contact attempt also has a case note.
_CONTACT_NOTE_CHANCE = {"accountable": 0.85, "mixed": 0.55, "blaming": 0.4}

_METHODS: dict[EngagementOutcome, tuple[EngagementMethod, ...]] = {
    EngagementOutcome.ATTEMPTED: (
        EngagementMethod.LETTER,
        EngagementMethod.PHONE,
        EngagementMethod.TEXT_OR_EMAIL,
        EngagementMethod.HOME_VISIT,
        EngagementMethod.OFFICE_APPOINTMENT,
        EngagementMethod.THROUGH_ANOTHER_AGENCY,
    ),
    EngagementOutcome.CONTACTED: (EngagementMethod.PHONE, EngagementMethod.TEXT_OR_EMAIL),
    EngagementOutcome.SEEN: (EngagementMethod.HOME_VISIT, EngagementMethod.OFFICE_APPOINTMENT),
    EngagementOutcome.SEEN_ALONE: (EngagementMethod.OFFICE_APPOINTMENT, EngagementMethod.HOME_VISIT),
    EngagementOutcome.ASSESSED_AS_PARENT: (EngagementMethod.OFFICE_APPOINTMENT, EngagementMethod.HOME_VISIT),
    EngagementOutcome.DECLINED: (
        EngagementMethod.PHONE,
        EngagementMethod.LETTER,
        EngagementMethod.TEXT_OR_EMAIL,
        EngagementMethod.THROUGH_ANOTHER_AGENCY,
    ),
}

_METHOD_CONTACT_TYPE: dict[EngagementMethod, ContactType] = {
    EngagementMethod.PHONE: ContactType.PHONE_CALL,
    EngagementMethod.LETTER: ContactType.LETTER_OR_MESSAGE,
    EngagementMethod.TEXT_OR_EMAIL: ContactType.LETTER_OR_MESSAGE,
    EngagementMethod.HOME_VISIT: ContactType.HOME_VISIT,
    EngagementMethod.OFFICE_APPOINTMENT: ContactType.OFFICE_VISIT,
    EngagementMethod.THROUGH_ANOTHER_AGENCY: ContactType.RECORD,
}


# ---------------------------------------------------------------------------
# The pattern map
#
# Fields: {p} his given name, {m} hers (or, for an earlier relationship, the earlier
# partner's), {kids} the children's names, {c} one child's name, {age} that child's age.
# ---------------------------------------------------------------------------

_EFFORT_GROUP: dict[str, str] = {
    **dict.fromkeys(("called_police", "told_someone", "da_service", "legal_action", "left_or_moved"), "help_seeking"),
    **dict.fromkeys(
        ("routines", "school_attendance", "took_children_out", "safety_plan", "managed_his_behaviour", "comfort"),
        "everyday",
    ),
}
_HELP_SEEKING = tuple(k for k, g in _EFFORT_GROUP.items() if g == "help_seeking")
_EVERYDAY = tuple(k for k, g in _EFFORT_GROUP.items() if g == "everyday")

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
_PRESENTING_KINDS = ("physical_assault", "strangulation", "damage_property", "threat_to_kill")
_FURTHER_KINDS = tuple(k for k in _BEHAVIOUR_TEXT if k not in ("harming_children",))
_CHILD_KINDS = ("undermining_parenting", "children_as_weapons", "children_to_monitor", "harming_children")
_PRIOR_KINDS = ("physical_assault", "stalking", "breaching_orders", "threat_harm", "monitoring", "isolation")
_SOURCES = ("adult_survivor", "child", "police", "health", "school", "records")
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
_FACTOR_TEXT: dict[str, tuple[bool, str]] = {  # (about him?, how it interacts with his pattern)
    "substance_use": (True, "{p} drinks more at weekends; his monitoring and threats carry on when he is sober."),
    "mental_health": (False, "{m}'s anxiety is worse since {p} began checking her phone; he calls her unfit."),
    "immigration": (False, "{p} threatens to report {m} to the Home Office; her visa depends on him."),
    "poverty_housing": (False, "{p} controls the money, so {m} cannot afford to move out with {kids}."),
}
_PRIOR_PARTNER_GIVEN = ("Kelly", "Donna", "Leanne", "Natalie", "Stacey", "Gemma", "Claire", "Amy")


# ---------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _NamePools:
    male: tuple[str, ...]
    female: tuple[str, ...]
    family: tuple[str, ...]


def _template_words() -> frozenset[str]:
    words: set[str] = set()
    for text in _ALL_TEXT:
        words.update(w.lower() for w in re.findall(r"[A-Za-z']+", _FIELD_RE.sub(" ", text)))
    words.update(p.lower() for phrase in BLAMING_PHRASES for p in phrase.split())
    return frozenset(words)


@lru_cache(maxsize=8)
def _name_pools(seed: int) -> _NamePools:
    """Synthetic name pools drawn once per seed from Faker's en_GB locale.

    Names that are also words in the templates (May, Day, Bell...) are left out, so
    that a note can be checked for a person's name by looking for the word.
    """
    from faker import Faker  # imported here: slow to import, and only needed once per seed

    fake = Faker("en_GB")
    fake.seed_instance(seed)
    banned = _template_words()

    def draw(make: Callable[[], str], n: int) -> tuple[str, ...]:
        names = (make() for _ in range(n))
        return tuple(x for x in names if x.lower() not in banned and re.fullmatch(r"[A-Za-z][A-Za-z'-]*", x))

    return _NamePools(
        male=draw(fake.first_name_male, 2000),
        female=draw(fake.first_name_female, 2000),
        family=draw(fake.last_name, 3000),
    )


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _age_years(dob: dt.date, on: dt.date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def _age_text(dob: dt.date, on: dt.date) -> str:
    years = _age_years(dob, on)
    if years >= 1:
        return str(years)
    months = (on.year - dob.year) * 12 + on.month - dob.month - (on.day < dob.day)
    if months >= 1:
        return f"{months} month" if months == 1 else f"{months} months"
    weeks = max(1, (on - dob).days // 7)
    return f"{weeks} week" if weeks == 1 else f"{weeks} weeks"


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


def _day_text(day: dt.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]}"


def _join(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


#: The first letter of a sentence, when it is lower case ("she talked..." after a field).
_SENTENCE_START = re.compile(r"(?:^|(?<=[.?!] ))[a-z]")
_SENTENCE_END = re.compile(r"[.?!](?=\s|$)")
_MAX_SENTENCES = 6


def _fit(parts: Sequence[str], keep: Collection[str] = ()) -> str:
    """Joins the parts of a note, dropping optional ones from the end until it is at most six sentences.

    The first part and any part in `keep` are never dropped.
    """
    kept = list(parts)
    sentences = [len(_SENTENCE_END.findall(p)) for p in kept]
    i = len(kept) - 1
    while sum(sentences) > _MAX_SENTENCES and i > 0:
        if kept[i] not in keep:
            del kept[i], sentences[i]
        i -= 1
    if not 1 <= sum(sentences) <= _MAX_SENTENCES:  # pragma: no cover - the templates are built to fit
        raise RuntimeError(f"a note came out with {sum(sentences)} sentences: {kept}")
    return " ".join(kept)


# ---------------------------------------------------------------------------
# Building one family
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Child:
    pid: str
    given: str
    dob: dt.date
    female: bool


@dataclass(frozen=True)
class _Harm:
    pid: str
    given: str
    family: str
    is_father: bool
    current: bool
    lives_with_her: bool
    step: bool


@dataclass
class _Draft:
    date: dt.date
    order: int
    kind: str
    contact_type: ContactType
    agency: str | None
    author: str
    present: tuple[str, ...]
    text: str
    mentions_him: bool


class _FamilyBuilder:
    def __init__(
        self,
        *,
        rng: random.Random,
        pools: _NamePools,
        family_id: str,
        team: str,
        worker: str | None,
        today: dt.date,
        practice_weights: Sequence[int] = PRACTICE_WEIGHTS,
    ) -> None:
        self.rng = rng
        self.pools = pools
        self.family_id = family_id
        self.team = team
        self.worker = worker
        self.today = today
        self.practice = rng.choices(PRACTICE_LEVELS, weights=practice_weights)[0]
        self.start = today - dt.timedelta(days=rng.randint(14, 730))
        self.used: set[str] = set()  # templates this family has used, to avoid repeating them

    # -- names -------------------------------------------------------------

    def _name(self, pool: tuple[str, ...], avoid: set[str]) -> str:
        for _ in range(50):
            name = self.rng.choice(pool)
            if name.lower() not in avoid:
                return name
        raise RuntimeError("name pool too small")  # pragma: no cover - pools hold hundreds of names

    # -- the family --------------------------------------------------------

    def build(self) -> SyntheticFamily:
        rng = self.rng
        today = self.today
        scenario = rng.choices(("together", "separated", "new_partner", "two"), weights=(35, 35, 20, 10))[0]

        # People causing harm first, so everyone else can be kept clear of their names.
        harms: list[_Harm] = []
        his_tokens: set[str] = set()
        father_surname = self._name(self.pools.family, his_tokens)
        if scenario in ("together", "separated"):
            given = self._name(self.pools.male, {father_surname.lower()})
            together = scenario == "together"
            harms.append(_Harm("p1", given, father_surname, True, together, together, False))
        else:
            lives = rng.random() < 0.7
            partner_surname = self._name(self.pools.family, {father_surname.lower()})
            given = self._name(self.pools.male, {father_surname.lower(), partner_surname.lower()})
            harms.append(_Harm("p1", given, partner_surname, False, True, lives, lives and rng.random() < 0.35))
            if scenario == "two":
                given2 = self._name(self.pools.male, {father_surname.lower(), partner_surname.lower(), given.lower()})
                harms.append(_Harm("p2", given2, father_surname, True, False, False, False))
        for h in harms:
            his_tokens.update((h.given.lower(), h.family.lower()))

        avoid = set(his_tokens)
        maiden = self._name(self.pools.family, avoid)
        avoid.add(maiden.lower())
        father_on_file = any(h.is_father for h in harms)
        if father_on_file:
            mother_surname = father_surname if rng.random() < 0.55 else maiden
            children_surname = father_surname if rng.random() < 0.8 else mother_surname
        else:
            mother_surname = maiden
            children_surname = maiden
        mother_given = self._name(self.pools.female, avoid)
        avoid.add(mother_given.lower())
        self.mother_safe_surname = mother_surname.lower() not in his_tokens

        # Children: the eldest was born by the time the case opened.
        earliest = _years_before(today, 18) + dt.timedelta(days=1)
        eldest = earliest + dt.timedelta(days=rng.randint(0, (self.start - earliest).days))
        wanted = rng.choices((1, 2, 3, 4), weights=(35, 35, 20, 10))[0]
        dobs = [eldest]
        while len(dobs) < wanted:
            nxt = dobs[-1] + dt.timedelta(days=rng.randint(320, 2200))
            if nxt > today:
                break
            dobs.append(nxt)
        children: list[_Child] = []
        people_n = len(harms) + 1
        for born_on in dobs:
            female = rng.random() < 0.5
            given = self._name(self.pools.female if female else self.pools.male, avoid)
            avoid.add(given.lower())
            people_n += 1
            children.append(_Child(f"p{people_n}", given, born_on, female))
        self.children = children

        unborn_due: dt.date | None = None
        unborn_pid: str | None = None
        if rng.random() < 0.05:
            unborn_due = today + dt.timedelta(days=rng.randint(31, 243))
            people_n += 1
            unborn_pid = f"p{people_n}"

        gran: tuple[str, str, str, bool] | None = None  # pid, given, family, female
        if rng.random() < 0.22:
            female = rng.random() < 0.8
            given = self._name(self.pools.female if female else self.pools.male, avoid)
            avoid.add(given.lower())
            people_n += 1
            gran = (f"p{people_n}", given, maiden, female)

        mother_pid = f"p{len(harms) + 1}"
        self.harms = harms
        self.mother_given = mother_given
        self.mother_surname = mother_surname
        self.mother_pid = mother_pid
        self.unborn_due = unborn_due
        self.gran = gran

        # Households: hers, and his when he lives elsewhere.
        households = [HouseholdRecord(id="h1", name=f"{mother_given} {mother_surname} and the children")]
        living_apart = [h for h in harms if not h.lives_with_her]
        if living_apart and (scenario != "new_partner" or rng.random() < 0.6):
            elsewhere = living_apart[-1]
            households.append(HouseholdRecord(id="h2", name=f"{elsewhere.given} {elsewhere.family}'s address"))
        his_household = {h.pid: ("h1" if h.lives_with_her else None) for h in harms}
        if len(households) == 2:
            his_household[living_apart[-1].pid] = "h2"

        people: list[PersonRecord] = []
        mother_dob = _years_before(eldest, rng.randint(17, 36)) - dt.timedelta(days=rng.randint(0, 364))
        for h in harms:
            dob: dt.date | None = None
            if rng.random() < 0.92:
                dob = mother_dob + dt.timedelta(days=rng.randint(-9 * 365, 3 * 365))
            people.append(
                PersonRecord(
                    id=h.pid,
                    role=Role.PERSON_CAUSING_HARM,
                    given_name=h.given,
                    family_name=h.family,
                    date_of_birth=dob,
                    household=his_household[h.pid],
                )
            )
        people.append(
            PersonRecord(
                id=mother_pid,
                role=Role.ADULT_SURVIVOR,
                given_name=mother_given,
                family_name=mother_surname,
                date_of_birth=mother_dob,
                household="h1",
            )
        )
        for c in children:
            people.append(
                PersonRecord(
                    id=c.pid,
                    role=Role.CHILD,
                    given_name=c.given,
                    family_name=children_surname,
                    date_of_birth=c.dob,
                    household="h1",
                )
            )
        if unborn_pid is not None:
            people.append(
                PersonRecord(
                    id=unborn_pid,
                    role=Role.CHILD,
                    given_name="Unborn baby",
                    family_name=mother_surname,
                    expected_date_of_birth=unborn_due,
                )
            )
        if gran is not None:
            gran_dob = _years_before(mother_dob, rng.randint(18, 32)) - dt.timedelta(days=rng.randint(0, 364))
            people.append(
                PersonRecord(
                    id=gran[0],
                    role=Role.OTHER_ADULT,
                    given_name=gran[1],
                    family_name=gran[2],
                    date_of_birth=gran_dob,
                    household="h1" if rng.random() < 0.3 else None,
                )
            )

        relationships = self._relationships(unborn_pid)
        self._choose_agencies()
        attempts = self._contact_attempts()
        drafts = self._notes(attempts)
        # Drawn last, so that adding the map left every earlier field of every family as it was.
        entries, efforts, factors = self._pattern_map()
        referrals = self._programme_referrals(attempts)  # and after the map, for the same reason

        notes: list[NoteRecord] = []
        blaming_ids: list[str] = []
        absent_ids: list[str] = []
        protective = False
        drafts.sort(key=lambda d: (d.date, d.order))
        for i, d in enumerate(drafts, start=1):
            note_id = f"n{i:02d}"
            notes.append(
                NoteRecord(
                    id=note_id,
                    date=d.date,
                    contact_type=d.contact_type,
                    agency=d.agency,
                    author=d.author,
                    present=d.present,
                    text=d.text,
                )
            )
            if d.kind == "blaming":
                blaming_ids.append(note_id)
            if d.kind in ("absent", "blaming") and not d.mentions_him:
                absent_ids.append(note_id)
            protective = protective or d.kind == "protective"

        allocated = (self.worker,) if self.worker else ()
        record = FamilyRecord(
            id=self.family_id,
            name=f"{children_surname} family",
            team=self.team,
            allocated_to=allocated,
            households=tuple(households),
            people=tuple(people),
            relationships=tuple(relationships),
            agencies=tuple(self.agencies),
            notes=tuple(notes),
            contact_attempts=tuple(attempts),
            behaviour_entries=tuple(entries),
            protective_efforts=tuple(efforts),
            complicating_factors=tuple(factors),
            programme_referrals=tuple(referrals),
        )
        born_now = {c.pid for c in self.children}
        harmed = {h.child for b in entries for h in b.child_harms}
        effort_groups = {_EFFORT_GROUP[e.kind] for e in efforts}
        truth = FamilyTruth(
            practice=self.practice,
            father_contacted=any(a.outcome in REACHED_OUTCOMES for a in attempts),
            father_assessed_as_parent=any(a.outcome == EngagementOutcome.ASSESSED_AS_PARENT for a in attempts),
            protective_efforts_recorded=protective,
            blaming_note_ids=tuple(blaming_ids),
            father_absent_note_ids=tuple(absent_ids),
            pattern_beyond_incident=len({b.kind for b in entries}) > 1
            and any(not b.presenting_incident for b in entries),
            prior_relationships_recorded=any(b.relationship == "prior" for b in entries),
            child_impact_specific=bool(born_now) and born_now <= harmed,
            protective_efforts_full_spectrum=effort_groups == {"help_seeking", "everyday"}
            and all(e.children for e in efforts),
            behaviour_kinds=len({b.kind for b in entries}),
            prior_relationship_entries=sum(b.relationship == "prior" for b in entries),
            programme_referral_recorded=bool(referrals),
            programme_with_support_for_her=any(r.support_for_her for r in referrals),
        )
        return SyntheticFamily(record=record, truth=truth)

    def _programme_referrals(self, attempts: list[ContactAttemptRecord]) -> list[ProgrammeReferralRecord]:
        """A referral of him to a programme: often in accountable files, rarely in blaming ones."""
        rng = self.rng
        chance = {"accountable": 0.6, "mixed": 0.3, "blaming": 0.05}[self.practice]
        if not self.harms or rng.random() >= chance:
            return []
        him = self.harms[0]
        reached = any(a.person == him.pid and a.outcome in REACHED_OUTCOMES for a in attempts)
        span = max(0, (self.today - self.start).days)
        referred_on = self.start + dt.timedelta(days=rng.randint(0, span))
        if reached:
            status = rng.choices(
                ("assessed", "started", "completed", "declined", "stopped", "not_accepted"), weights=(2, 4, 2, 2, 1, 1)
            )[0]
        else:
            status = rng.choice(("referred", "declined"))
        later = (self.today - referred_on).days
        status_on = None if status == "referred" else referred_on + dt.timedelta(days=rng.randint(0, later))
        support = rng.random() < {"accountable": 0.9, "mixed": 0.5, "blaming": 0.2}[self.practice]
        return [
            ProgrammeReferralRecord(
                id="pr1",
                person=him.pid,
                programme=rng.choice(_PROGRAMMES),
                provider=rng.choice(_PROVIDERS),
                referred_on=referred_on,
                status=status,  # type: ignore[arg-type]  # pydantic checks it against the literal
                status_on=status_on,
                support_for_her=support,
            )
        ]

    def _relationships(self, unborn_pid: str | None) -> list[RelationshipRecord]:
        rels: list[RelationshipRecord] = []

        def rel(a: str, b: str, kind: RelationshipKind) -> None:
            rels.append(RelationshipRecord.model_validate({"from": a, "to": b, "kind": kind}))

        for h in self.harms:
            rel(h.pid, self.mother_pid, RelationshipKind.PARTNER if h.current else RelationshipKind.FORMER_PARTNER)
            for c in self.children:
                if h.is_father:
                    kind = RelationshipKind.PARENT
                elif h.step:
                    kind = RelationshipKind.STEP_PARENT
                elif h.lives_with_her:
                    kind = RelationshipKind.MOTHERS_PARTNER
                else:
                    kind = RelationshipKind.OTHER
                rel(h.pid, c.pid, kind)
        for c in self.children:
            rel(self.mother_pid, c.pid, RelationshipKind.PARENT)
        if unborn_pid is not None:
            rel(self.mother_pid, unborn_pid, RelationshipKind.PARENT)
            rel(self.harms[0].pid, unborn_pid, RelationshipKind.PARENT)
        if self.gran is not None:
            for c in self.children:
                rel(self.gran[0], c.pid, RelationshipKind.GRANDPARENT)
        return rels

    def _choose_agencies(self) -> None:
        rng = self.rng
        ages = [_age_years(c.dob, self.today) for c in self.children]
        practice = self.practice
        candidates: list[tuple[float, AgencyKind, str]] = [(5.0, AgencyKind.POLICE, "Northshire Police")]
        eldest = max(ages)
        if eldest >= 16:
            candidates.append((3.0, AgencyKind.SCHOOL, rng.choice(_COLLEGES)))
        elif eldest >= 11:
            candidates.append((4.0, AgencyKind.SCHOOL, rng.choice(_SECONDARIES)))
        elif eldest >= 4:
            candidates.append((4.0, AgencyKind.SCHOOL, rng.choice(_PRIMARIES)))
        elif eldest >= 2:
            candidates.append((2.5, AgencyKind.SCHOOL, rng.choice(_NURSERIES)))
        if min(ages) < 5:
            candidates.append((2.5, AgencyKind.HEALTH, "Northshire Health Visiting Team"))
        elif self.unborn_due is not None:
            candidates.append((4.0, AgencyKind.HEALTH, "Northshire Maternity Service"))
        else:
            candidates.append((0.8, AgencyKind.HEALTH, "Eastbrook Medical Practice"))
        candidates.append(
            (
                4.0 if practice == "accountable" else 2.5,
                AgencyKind.DOMESTIC_ABUSE_SERVICE,
                rng.choice(("Northshire Domestic Abuse Service", "Northshire IDVA Service", "Harbour Women's Aid")),
            )
        )
        candidates.append(
            ({"accountable": 2.0, "mixed": 0.8, "blaming": 0.3}[practice], AgencyKind.PERPETRATOR_PROGRAMME,
             "Safer Families Programme")
        )  # fmt: skip
        candidates.append((0.8, AgencyKind.PROBATION, "Probation Service North"))
        candidates.append((1.0, AgencyKind.HOUSING, "Northshire Housing"))
        if eldest >= 11:
            candidates.append((0.6, AgencyKind.MENTAL_HEALTH, "Northshire Child and Adolescent Mental Health Service"))
        candidates.append((0.5, AgencyKind.MENTAL_HEALTH, "Northshire Community Mental Health"))
        candidates.append((0.6, AgencyKind.SUBSTANCE_USE, "Northshire Drug and Alcohol Service"))
        candidates.append((0.4, AgencyKind.CHILDRENS_SOCIAL_CARE, "Northshire Emergency Duty Team"))
        candidates.append((0.15, AgencyKind.ADULT_SOCIAL_CARE, "Northshire Adult Social Care"))
        candidates.append((0.2, AgencyKind.OTHER, "Citizens Advice Northshire"))

        k = rng.randint(2, 5)
        # Weighted sampling without replacement (Efraimidis and Spirakis), kept in list order.
        keyed = sorted(range(len(candidates)), key=lambda i: rng.random() ** (1.0 / candidates[i][0]), reverse=True)
        chosen = sorted(keyed[:k])
        self.agencies = [
            AgencyRecord(
                id=f"a{n}", name=candidates[i][2], kind=candidates[i][1], contact=_AGENCY_CONTACT[candidates[i][1]]
            )
            for n, i in enumerate(chosen, start=1)
        ]
        self.agency_by_kind: dict[AgencyKind, AgencyRecord] = {}
        for a in self.agencies:
            self.agency_by_kind.setdefault(a.kind, a)

    # -- contact attempts --------------------------------------------------

    def _outcomes(self, primary: bool) -> list[EngagementOutcome]:
        rng = self.rng
        o = EngagementOutcome
        if self.practice == "accountable":
            if not primary and rng.random() < 0.35:
                return [o.ATTEMPTED] * rng.randint(1, 2)
            if rng.random() < 0.08:  # tried hard, never reached him
                return [o.ATTEMPTED] * rng.randint(2, 4)
            seq = [o.ATTEMPTED] * rng.randint(0, 2) + [o.CONTACTED]
            if rng.random() < 0.12:
                seq.append(o.DECLINED)
                if rng.random() < 0.5:
                    seq.append(o.ATTEMPTED)
                return seq
            if rng.random() < 0.8:
                seq.append(o.SEEN)
            if rng.random() < 0.7:
                seq.append(o.SEEN_ALONE)
            if rng.random() < (0.7 if primary else 0.4):
                seq.append(o.ASSESSED_AS_PARENT)
            return seq
        if self.practice == "mixed":
            if rng.random() < (0.25 if primary else 0.6):
                return []
            seq = [o.ATTEMPTED] * rng.randint(1, 2)
            r = rng.random()
            if r < 0.1:
                seq.append(o.DECLINED)
            elif r < 0.65:
                seq.append(o.CONTACTED)
                if rng.random() < 0.35:
                    seq.append(o.SEEN)
                    if rng.random() < 0.4:
                        seq.append(o.ASSESSED_AS_PARENT)
            return seq
        r = rng.random()
        if r < 0.6 or not primary:
            return []
        if r < 0.9:
            return [o.ATTEMPTED] * rng.randint(1, 2)
        return [o.CONTACTED] if rng.random() < 0.5 else [o.ATTEMPTED, o.DECLINED]

    def _contact_attempts(self) -> list[ContactAttemptRecord]:
        rng = self.rng
        span = (self.today - self.start).days
        rows: list[tuple[dt.date, int, _Harm, EngagementOutcome, EngagementMethod, str]] = []
        order = 0
        via = self.agency_by_kind.get(AgencyKind.PROBATION) or self.agency_by_kind.get(AgencyKind.PERPETRATOR_PROGRAMME)
        for idx, h in enumerate(self.harms):
            outcomes = self._outcomes(primary=idx == 0)
            days = sorted(rng.randint(0, span) for _ in outcomes)
            ctx = self._ctx(self.today, target=h)
            ctx["via_agency"] = via.name if via else "another agency"
            for day, outcome in zip(days, outcomes, strict=True):
                methods = _METHODS[outcome]
                if via is None:
                    methods = tuple(m for m in methods if m != EngagementMethod.THROUGH_ANOTHER_AGENCY)
                method = rng.choice(methods)
                if outcome == EngagementOutcome.ATTEMPTED:
                    note = _ATTEMPT_NOTE[method].pick(rng, True).format_map(ctx)
                elif self.practice == "accountable" or rng.random() < 0.5:
                    note = _OUTCOME_NOTE[outcome]
                else:
                    note = ""
                order += 1
                rows.append((self.start + dt.timedelta(days=day), order, h, outcome, method, note))
        rows.sort(key=lambda r: (r[0], r[1]))
        author = self.worker or "Allocated social worker"
        self._attempt_rows = rows
        return [
            ContactAttemptRecord(
                id=f"c{i:02d}", person=h.pid, date=day, outcome=outcome, method=method, author=author, note=note
            )
            for i, (day, _, h, outcome, method, note) in enumerate(rows, start=1)
        ]

    # -- text --------------------------------------------------------------

    def _born(self, on: dt.date) -> list[_Child]:
        return [c for c in self.children if c.dob <= on]

    # -- the pattern map ---------------------------------------------------

    def _pattern_map(
        self,
    ) -> tuple[list[BehaviourEntryRecord], list[ProtectiveEffortRecord], list[ComplicatingFactorRecord]]:
        """His behaviours, the harm to each child, her efforts and complicating factors, as the
        file's practice level would record them: the pattern over time, earlier relationships and
        each child's harm when practice is good; only the presenting incident when it is poor."""
        rng = self.rng
        today = self.today
        practice = self.practice
        primary = self.harms[0]
        m = self.mother_given
        born_at_start = self._born(self.start) or self.children[:1]
        ctx = {"p": primary.given, "m": m, "kids": _join([c.given for c in born_at_start]), "c": ""}
        rows: list[dict[str, object]] = []

        def add(kind: str, **fields: object) -> dict[str, object]:
            row: dict[str, object] = {"kind": kind, "harms": [], **fields}
            rows.append(row)
            return row

        # The presenting incident: a few days before the case opened.
        incident_day = self.start - dt.timedelta(days=rng.randint(1, 10))
        detailed = practice != "blaming" or rng.random() < 0.3
        incident = add(
            rng.choice(_PRESENTING_KINDS),
            person=primary.pid,
            relationship="current",
            occurred_on=incident_day,
            period="",
            place=rng.choice(_PLACES) if detailed else "",
            presenting=True,
            before=rng.choice(_BEFORE).format_map(ctx) if detailed else "",
            after=rng.choice(_AFTER).format_map(ctx) if detailed else "",
            source="police" if rng.random() < 0.7 else "adult_survivor",
        )
        lo = max(self.children[0].dob - dt.timedelta(days=700), self.start - dt.timedelta(days=6 * 365))

        def dated(row_kind: str, person: str, source: str, earliest: dt.date = lo) -> dict[str, object]:
            days = max(1, (today - earliest).days)
            day = earliest + dt.timedelta(days=rng.randint(0, days))
            period = ""
            occurred: dt.date | None = day
            if rng.random() < 0.2:
                occurred, period = None, f"{day.year - 1} to {day.year}" if day.year < today.year else str(day.year)
            return add(
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

        if practice == "accountable":
            further, prior_chance = rng.randint(3, 6), 0.75
        elif practice == "mixed":
            further, prior_chance = (rng.randint(1, 2) if rng.random() < 0.35 else 0), 0.12
        else:
            further, prior_chance = 0, 0.0
        for kind in rng.sample(_FURTHER_KINDS, further):
            dated(kind, primary.pid, rng.choice(_SOURCES))
        if practice == "accountable":
            for h in self.harms[1:]:
                dated(rng.choice(_FURTHER_KINDS), h.pid, rng.choice(_SOURCES))
        prior_partner = ""
        if rng.random() < prior_chance:
            prior_partner = f"{rng.choice(_PRIOR_PARTNER_GIVEN)}, his partner before {m}"
            first_year = self.start.year - rng.randint(6, 14)
            for kind in rng.sample(_PRIOR_KINDS, rng.randint(1, 2)):
                add(
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
                    source=rng.choice(("records", "police")),
                )

        # Harm to each child: specific, linked to a behaviour that happened after the child was born.
        def harm(row: dict[str, object], child: _Child) -> None:
            cctx = {**ctx, "c": child.given, "age": _age_text(child.dob, today)}
            row["harms"].append(  # type: ignore[attr-defined]
                ChildHarmRecord.model_construct(  # generated clean: skip validation, for speed
                    child=child.pid,
                    his_action=rng.choice(_HIS_ACTION).format_map(cctx),
                    impact=rng.choice(_CHILD_IMPACT).format_map(cctx),
                )
            )

        if practice == "accountable":
            for child in self.children:
                current = [
                    r
                    for r in rows
                    if r["relationship"] == "current" and r["person"] == primary.pid
                    and _row_day(r) >= child.dob
                ]  # fmt: skip
                if current:
                    harm(rng.choice(current), child)
                else:
                    row = dated(rng.choice(_CHILD_KINDS), primary.pid, rng.choice(_SOURCES), earliest=child.dob)
                    harm(row, child)
        elif practice == "mixed" and rng.random() < 0.5:
            harm(incident, born_at_start[0])

        entries = [
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
                        "c": born_at_start[0].given,
                    }
                ),  # fmt: skip
                child_harms=tuple(r["harms"]),  # type: ignore[arg-type]
            )
            for i, r in enumerate(sorted(rows, key=_map_order), start=1)
        ]

        # Her protective efforts: help-seeking and the everyday when practice is good; at most a
        # call to the police when it is mixed; nothing when it is poor.
        if practice == "accountable":
            kinds = rng.sample(_HELP_SEEKING, rng.randint(1, 2)) + rng.sample(_EVERYDAY, rng.randint(2, 3))
            link = 1.0
        elif practice == "mixed":
            kinds = [rng.choice(("called_police", "left_or_moved"))] if rng.random() < 0.6 else []
            if rng.random() < 0.2:
                kinds.append(rng.choice(_EVERYDAY))
            link = 0.5
        else:
            kinds, link = [], 0.0
        efforts: list[ProtectiveEffortRecord] = []
        case_days = max(1, (today - incident_day).days)
        for i, kind in enumerate(kinds, start=1):
            day = incident_day + dt.timedelta(days=rng.randint(0, case_days))
            protected = self._born(day) or born_at_start
            efforts.append(
                ProtectiveEffortRecord.model_construct(
                    id=f"e{i:02d}",
                    survivor=self.mother_pid,
                    kind=kind,
                    occurred_on=day,
                    description=_EFFORT_TEXT[kind].format_map({**ctx, "kids": _join([c.given for c in protected])}),
                    source=rng.choice(("adult_survivor", "adult_survivor", "school", "health", "child")),
                    children=tuple(c.pid for c in protected) if rng.random() < link else (),
                )
            )
        efforts.sort(key=lambda e: (e.occurred_on or today, e.id))

        factors: list[ComplicatingFactorRecord] = []
        if rng.random() < {"accountable": 0.4, "mixed": 0.3, "blaming": 0.25}[practice]:
            factor = rng.choice(tuple(_FACTOR_TEXT))
            about_him, text = _FACTOR_TEXT[factor]
            factors.append(
                ComplicatingFactorRecord(
                    id="f01",
                    person=primary.pid if about_him else self.mother_pid,
                    factor=factor,
                    interaction=text.format_map(ctx),
                    source=rng.choice(("adult_survivor", "health", "records")),
                )
            )
        return entries, efforts, factors

    def _ctx(
        self,
        on: dt.date,
        *,
        target: _Harm | None,
        child: _Child | None = None,
        agency: AgencyRecord | None = None,
    ) -> dict[str, str]:
        """Template fields for a note dated `on`; without `target`, nothing that names him."""
        rng = self.rng
        born = self._born(on) or self.children[:1]
        child = child or rng.choice(born)
        others = [c for c in born if c is not child]
        child2 = rng.choice(others) if others else child
        mg, ms = self.mother_given, self.mother_surname
        if target is None and not self.mother_safe_surname:
            m = rng.choice((mg, mg, mg, "mum"))
        else:
            m = rng.choice((mg, mg, f"Ms {ms}", f"Ms {ms}", f"{mg} {ms}"))
        incident = on - dt.timedelta(days=rng.randint(0, 6))
        earlier = on - dt.timedelta(days=rng.randint(20, 120))
        gran = self.gran
        if gran is not None and gran[3]:
            gran_ref = rng.choice((f"{gran[1]} {gran[2]}", f"{mg}'s mother"))
        elif gran is not None:
            gran_ref = f"{gran[1]} {gran[2]}"
        else:
            gran_ref = "her mother"
        school = self.agency_by_kind.get(AgencyKind.SCHOOL)
        da = self.agency_by_kind.get(AgencyKind.DOMESTIC_ABUSE_SERVICE)
        prog = self.agency_by_kind.get(AgencyKind.PERPETRATOR_PROGRAMME)
        subst = self.agency_by_kind.get(AgencyKind.SUBSTANCE_USE)
        due = self.unborn_due
        ctx = {
            "m": m,
            "m_pos": f"{mg}'s",
            "m_subj": mg,
            "m_given": mg,
            "child": child.given,
            "child_age": f"{child.given} ({_age_text(child.dob, on)})",
            "cs": "she" if child.female else "he",
            "co": "her" if child.female else "him",
            "cp": "her" if child.female else "his",
            "child2": child2.given,
            "kids": "the children" if len(born) > 1 else child.given,
            "kids_names": _join([c.given for c in born]),
            "date": _day_text(incident),
            "month": _MONTHS[earlier.month - 1],
            "pct": str(rng.randint(82, 99)),
            "edd_month": f"{_MONTHS[due.month - 1]} {due.year}" if due else "",
            "school": school.name if school else "school",
            "da": da.name if da else "the domestic abuse service",
            "programme": prog.name if prog else "a behaviour change programme",
            "agency": agency.name if agency else "the police",
            "gran": gran_ref,
            "substance": subst.name if subst else "the substance use service",
        }
        if target is not None:
            full = f"{target.given} {target.family}"
            mr = f"Mr {target.family}"
            if target.is_father:
                rel = "the children's father" if len(born) > 1 else f"{child.given}'s father"
                goal = f"a good dad to {child.given}"
            else:
                rel = f"{mg}'s partner" if target.current else f"{mg}'s former partner"
                goal = f"a good stepdad to {child.given}" if target.step else f"someone {child.given} can rely on"
            ctx.update(
                p=rng.choice((full, full, mr)),
                p_mr=mr,
                p_given=target.given,
                p_rel=rel,
                p_goal=goal,
            )
        return ctx

    def _fmt(self, template: str, ctx: Mapping[str, str]) -> str:
        return _SENTENCE_START.sub(lambda m: m.group(0).upper(), template.format_map(ctx))

    def _setting(self, kind: str) -> tuple[ContactType, AgencyRecord | None]:
        rng = self.rng
        options = [s for s in _SETTINGS[kind] if s[1] is None or s[1] in self.agency_by_kind]
        _weight, agency_kind, types = rng.choices(options, weights=[s[0] for s in options])[0]
        return rng.choice(types), (self.agency_by_kind[agency_kind] if agency_kind else None)

    def _author(self, agency: AgencyRecord | None, *, first: bool = False) -> str:
        if agency is not None:
            return agency.contact
        if first:
            return "Duty social worker"
        return self.worker or "Allocated social worker"

    def _present(self, ct: ContactType, on: dt.date, child: _Child | None) -> tuple[str, ...]:
        born = self._born(on)
        if ct in (ContactType.RECORD, ContactType.LETTER_OR_MESSAGE):
            return ()
        if ct == ContactType.SCHOOL_VISIT:
            return (child.pid,) if child else tuple(c.pid for c in born[:1])
        if ct == ContactType.HOME_VISIT:
            return (self.mother_pid, *(c.pid for c in born))
        if ct == ContactType.MULTI_AGENCY_MEETING:
            with_gran = (self.gran[0],) if self.gran and self.rng.random() < 0.3 else ()
            return (self.mother_pid, *with_gran)
        return (self.mother_pid,)

    def _target(self) -> _Harm:
        if len(self.harms) > 1 and self.rng.random() < 0.3:
            return self.harms[1]
        return self.harms[0]

    def _pregnancy(self, on: dt.date, ctx: Mapping[str, str]) -> list[str]:
        due = self.unborn_due
        if due is None or on < due - dt.timedelta(days=210) or self.rng.random() > 0.35:
            return []
        return [self._one(_PREGNANCY, True, ctx)]

    @staticmethod
    def _band(child: _Child, on: dt.date) -> str:
        age = _age_years(child.dob, on)
        return "infant" if age < 3 else "young" if age < 11 else "teen"

    def _incident_sentences(self, ct: ContactType, ctx: dict[str, str], plural: bool) -> list[str]:
        """The opening sentence of an incident: he, what he did, and which child was there."""
        rng = self.rng
        channel = (
            "record"
            if ct in (ContactType.RECORD, ContactType.LETTER_OR_MESSAGE)
            else "meeting"
            if ct == ContactType.MULTI_AGENCY_MEETING
            else "talk"
        )
        act_ctx = dict(ctx)
        if channel == "talk":  # she is telling it: "she told me he pushed her"
            act_ctx.update(m="her", m_pos="her", m_subj="she")
        if rng.random() < 0.3:
            ctx["act"] = _ACTS_PLACED.pick(rng, plural, self.used).format_map(act_ctx)
            ctx["where"] = ""
        else:
            ctx["act"] = _ACTS.pick(rng, plural, self.used).format_map(act_ctx)
            ctx["where"] = " " + _PRESENCE.pick(rng, plural, self.used).format_map(act_ctx)
        return [self._fmt(_INCIDENT_OPEN[channel].pick(rng, plural, self.used), ctx)]

    def _some(self, pools: Sequence[_Pool], k: int, plural: bool, ctx: Mapping[str, str]) -> list[str]:
        return [self._fmt(t, ctx) for t in _choose(self.rng, pools, plural, self.used, k)]

    def _one(self, pool: _Pool, plural: bool, ctx: Mapping[str, str]) -> str:
        return self._fmt(pool.pick(self.rng, plural, self.used), ctx)

    def _note_text(
        self, kind: str, on: dt.date, ct: ContactType, agency: AgencyRecord | None
    ) -> tuple[str, bool, _Child]:
        """(text, whether it refers to him, the child it is mostly about)."""
        rng = self.rng
        born = self._born(on)
        child = rng.choice(born)
        plural = len(born) > 1
        school_age = _age_years(child.dob, on) >= 5
        out: list[str]
        keep: list[str] = []
        mentions = False
        if kind == "incident":
            target = self._target()
            ctx = self._ctx(on, target=target, child=child, agency=agency)
            out = self._incident_sentences(ct, ctx, plural)
            for c in rng.sample(born, min(len(born), rng.choice((1, 1, 2)))):
                cctx = self._ctx(on, target=target, child=c, agency=agency)
                out.append(self._one(_IMPACT[self._band(c, on)], plural, cctx))
            if rng.random() < 0.6:
                out.append(self._one(_RESPONSIBILITY, plural, ctx))
            if rng.random() < 0.5:
                out.append(self._one(_PLAN_ACCOUNTABLE, plural, ctx))
            mentions = True
        elif kind == "protective":
            ctx = self._ctx(on, target=self._target(), child=child, agency=agency)
            pools = (_PROTECTIVE, _PROTECTIVE_SCHOOL_AGE) if school_age else (_PROTECTIVE,)
            out = self._some(pools, rng.randint(1, 3), plural, ctx)
            if rng.random() < 0.4:
                out.insert(0, self._one(_OPEN[ct], plural, ctx))
            out += self._pregnancy(on, ctx)
        elif kind == "strengths":
            ctx = self._ctx(on, target=None, child=child, agency=agency)
            pools = (_STRENGTHS, _STRENGTHS_SCHOOL_AGE) if school_age else (_STRENGTHS,)
            out = self._some(pools, rng.randint(1, 3), plural, ctx)
            if rng.random() < 0.5:
                out.insert(0, self._one(_OPEN[ct], plural, ctx))
            out += self._pregnancy(on, ctx)
        elif kind == "neutral":
            if agency is not None and agency.kind == AgencyKind.SCHOOL:
                group = "nursery" if "Nursery" in agency.name else "school"
                # Routine school news is about a child who goes there.
                pupils = [c for c in born if (_age_years(c.dob, on) < 5) == (group == "nursery")]
                child = rng.choice(pupils) if pupils else child
            else:
                group = {AgencyKind.HEALTH: "health", AgencyKind.HOUSING: "housing"}.get(
                    agency.kind if agency else AgencyKind.OTHER, "other"
                )
            ctx = self._ctx(on, target=None, child=child, agency=agency)
            out = self._some((_NEUTRAL[group],), rng.randint(1, 2), plural, ctx)
            out += self._pregnancy(on, ctx)
        elif kind == "absent":
            ctx = self._ctx(on, target=None, child=child, agency=agency)
            pools = (_ABSENT_BODY, _ABSENT_BODY_SCHOOL_AGE) if school_age else (_ABSENT_BODY,)
            out = [self._one(_OPEN[ct], plural, ctx)]
            out += self._some(pools, rng.randint(1, 3), plural, ctx)
            if rng.random() < 0.5:
                out.append(self._one(_ABSENT_PLAN, plural, ctx))
            out += self._pregnancy(on, ctx)
        else:  # blaming: at least one flagged sentence, at most six sentences
            mentions = rng.random() < 0.55
            ctx = self._ctx(on, target=self._target() if mentions else None, child=child, agency=agency)
            if mentions and self.practice == "mixed" and rng.random() < 0.4:
                out = self._incident_sentences(ct, ctx, plural)
            elif rng.random() < 0.6:
                out = [self._one(_OPEN[ct], plural, ctx)]
            else:
                out = []
            body: list[str] = []
            if mentions:
                body.append(self._one(_BLAME_HIM, plural, ctx))
                if rng.random() < 0.4:
                    body.append(self._one(_BLAME_NO_HIM, plural, ctx))
                keep += body
                if rng.random() < 0.3:
                    body.append(self._one(_HIM_IN_PASSING, plural, ctx))
            else:
                body += self._some((_BLAME_NO_HIM,), rng.choice((1, 1, 2)), plural, ctx)
                keep += body
            pools = (_ABSENT_BODY, _ABSENT_BODY_SCHOOL_AGE) if school_age else (_ABSENT_BODY,)
            body += self._some(pools, rng.randint(0, 2), plural, ctx)
            rng.shuffle(body)
            out += body
        return _fit(out, keep), mentions, child

    def _contact_note(self, day: dt.date, h: _Harm, outcome: EngagementOutcome, method: EngagementMethod) -> _Draft:
        rng = self.rng
        thin = self.practice != "accountable" and outcome in _HIM_CONTACT_THIN and rng.random() < 0.6
        pools = _HIM_CONTACT_THIN if thin else _HIM_CONTACT
        ct = _METHOD_CONTACT_TYPE[method]
        agency: AgencyRecord | None = None
        if method == EngagementMethod.THROUGH_ANOTHER_AGENCY:
            agency = self.agency_by_kind.get(AgencyKind.PROBATION) or self.agency_by_kind.get(
                AgencyKind.PERPETRATOR_PROGRAMME
            )
        ctx = self._ctx(day, target=h, agency=agency)
        if method == EngagementMethod.OFFICE_APPOINTMENT:
            ctx["where_met"] = "at the office"
        elif h.lives_with_her:
            ctx["where_met"] = "at the family home"
        else:
            ctx["where_met"] = "at his flat"
        ctx["by_method"] = {
            EngagementMethod.PHONE: "by phone",
            EngagementMethod.LETTER: "in a letter",
            EngagementMethod.TEXT_OR_EMAIL: "by text message",
        }.get(method, f"through {agency.name}" if agency else "through another agency")
        ctx["via_agency"] = agency.name if agency else "another agency"
        text = self._one(pools[outcome], len(self._born(day)) > 1, ctx)
        if outcome == EngagementOutcome.SEEN and method == EngagementMethod.HOME_VISIT and h.lives_with_her:
            present: tuple[str, ...] = (h.pid, self.mother_pid, *(c.pid for c in self._born(day)))
        elif ct in (ContactType.RECORD, ContactType.LETTER_OR_MESSAGE):
            present = ()
        else:
            present = (h.pid,)
        return _Draft(
            day, 1000, "contact", ct, agency.id if agency else None, self._author(agency), present, text, True
        )

    def _notes(self, attempts: list[ContactAttemptRecord]) -> list[_Draft]:
        rng = self.rng
        total = min(25, int(rng.triangular(3, 26, 8)))
        drafts: list[_Draft] = []
        chance = _CONTACT_NOTE_CHANCE[self.practice]
        for day, _, h, outcome, method, _ in self._attempt_rows:
            if outcome in REACHED_OUTCOMES and len(drafts) < total - 2 and rng.random() < chance:
                drafts.append(self._contact_note(day, h, outcome, method))
        span = (self.today - self.start).days
        weights = _KIND_WEIGHTS[self.practice]
        first_kind = {
            "accountable": "incident",
            "mixed": rng.choice(("incident", "blaming")),
            "blaming": "blaming",
        }[self.practice]
        for n in range(total - len(drafts)):
            if n == 0:
                kind, day = first_kind, self.start
            else:
                kind = rng.choices(_NOTE_KINDS, weights=weights)[0]
                day = self.start + dt.timedelta(days=rng.randint(1, span))
            ct, agency = self._setting(kind)
            text, mentions, child = self._note_text(kind, day, ct, agency)
            drafts.append(
                _Draft(
                    day,
                    n + 1,
                    kind,
                    ct,
                    agency.id if agency else None,
                    self._author(agency, first=n == 0),
                    self._present(ct, day, child),
                    text,
                    mentions,
                )
            )
        return drafts


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------


def generate_families(
    *,
    count: int,
    seed: int,
    today: dt.date,
    teams: Sequence[str] = DEFAULT_TEAMS,
    workers: Mapping[str, Sequence[str]] | None = None,
    practice_weights: Sequence[int] = PRACTICE_WEIGHTS,
) -> Iterator[SyntheticFamily]:
    """Streams `count` synthetic families, one at a time (memory stays flat).

    Family n (from 1) has id "SYN-{seed}-{n:06d}" and depends only on (seed, n,
    today, teams, workers, practice_weights), so a shorter run is a prefix of a
    longer one. `workers` maps a team to usernames; each family is allocated to one
    worker of its team (none if the team has no workers listed).
    `practice_weights` gives the relative share of families at each of
    PRACTICE_LEVELS (accountable, mixed, blaming), in that order: more weight on
    "accountable" makes a round of better practice. The default is today's mix.
    """
    if count < 0:
        raise ValueError("count must not be negative")
    weights = tuple(practice_weights)
    if len(weights) != len(PRACTICE_LEVELS):
        raise ValueError(f"practice_weights needs one weight for each of {', '.join(PRACTICE_LEVELS)}")
    if any(w < 0 for w in weights) or not any(weights):
        raise ValueError("practice_weights must not be negative, and at least one must be above 0")
    team_list = tuple(teams)
    if not team_list:
        raise ValueError("at least one team is needed")
    staff = {team: tuple(names) for team, names in (workers or {}).items()}
    pools = _name_pools(seed)

    def families() -> Iterator[SyntheticFamily]:
        for n in range(1, count + 1):
            rng = random.Random(f"spotlight-synth:{seed}:{n}")  # noqa: S311  # reproducible test data, not security
            team = rng.choice(team_list)
            names = staff.get(team, ())
            worker = rng.choice(names) if names else None
            builder = _FamilyBuilder(
                rng=rng,
                pools=pools,
                family_id=f"SYN-{seed}-{n:06d}",
                team=team,
                worker=worker,
                today=today,
                practice_weights=weights,
            )
            yield builder.build()

    return families()


def write_synthetic_file(
    target: str | os.PathLike[str] | TextIO,
    *,
    count: int,
    seed: int,
    today: dt.date,
    teams: Sequence[str] = DEFAULT_TEAMS,
    workers: Mapping[str, Sequence[str]] | None = None,
    progress: Callable[[int], None] | None = None,
    truth_out: TextIO | None = None,
    progress_every: int = 500,
    practice_weights: Sequence[int] = PRACTICE_WEIGHTS,
) -> int:
    """Writes `count` families as case-file lines; returns how many were written.

    `target` is a path or an open text file. `progress`, if given, is called with
    the number of families written since its last call (every `progress_every`
    families and once at the end), so it can advance a progress bar. `truth_out`,
    if given, receives one JSON line per family (see `truth_json`).
    `practice_weights` is passed to `generate_families`.
    """
    if isinstance(target, (str, os.PathLike)):
        with Path(target).open("w", encoding="utf-8", newline="\n") as fh:
            return _write(fh, count, seed, today, teams, workers, progress, truth_out, progress_every, practice_weights)
    return _write(target, count, seed, today, teams, workers, progress, truth_out, progress_every, practice_weights)


def _write(
    out: TextIO,
    count: int,
    seed: int,
    today: dt.date,
    teams: Sequence[str],
    workers: Mapping[str, Sequence[str]] | None,
    progress: Callable[[int], None] | None,
    truth_out: TextIO | None,
    progress_every: int,
    practice_weights: Sequence[int],
) -> int:
    written = 0
    pending = 0
    families = generate_families(
        count=count, seed=seed, today=today, teams=teams, workers=workers, practice_weights=practice_weights
    )
    for family in families:
        out.write(dump_family(family.record))
        out.write("\n")
        if truth_out is not None:
            truth_out.write(truth_json(family))
            truth_out.write("\n")
        written += 1
        pending += 1
        if progress is not None and pending >= progress_every:
            progress(pending)
            pending = 0
    if progress is not None and pending:
        progress(pending)
    return written
