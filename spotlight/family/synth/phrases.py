"""Every sentence the synthetic notes are written from, and the words around them.

The note templates, grouped in pools by what they say; the faulty phrases the blaming notes are
written in; the names of the invented agencies. `ALL_TEXT` gathers every word the generator can
write, so that names which are also such words can be kept out of the name pools (see `names`).
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Collection, Sequence

from spotlight.family.synth.dates import MONTHS, WEEKDAYS
from spotlight.vocabulary import AgencyKind, ContactType, EngagementMethod, EngagementOutcome

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

ALL_TEXT: list[str] = []
FIELD_RE = re.compile(r"\{[^}]*\}")


def _needs_plural(template: str) -> bool:
    return "{child2}" in template or "the children" in template.lower()


class Pool:
    """Templates to choose from, with the ones that read right for one child set aside."""

    def __init__(self, *templates: str) -> None:
        for t in templates:
            ALL_TEXT.append(t)
            for _, field, _, _ in string.Formatter().parse(t):
                if field is not None and field not in FIELDS:
                    raise ValueError(f"unknown template field {field!r} in {t!r}")
        self.all: tuple[str, ...] = templates
        self.single: tuple[str, ...] = tuple(t for t in templates if not _needs_plural(t))

    def options(self, plural: bool) -> tuple[str, ...]:
        return self.all if plural or not self.single else self.single

    def pick(self, rng: random.Random, plural: bool, used: set[str] | None = None) -> str:
        return choose(rng, (self,), plural, used, 1)[0]


def choose(rng: random.Random, pools: Sequence[Pool], plural: bool, used: set[str] | None, k: int) -> list[str]:
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


FIELDS = frozenset(
    "p p_mr p_given p_rel p_goal where_met by_method via_agency m m_given child child_age cs co cp child2 "
    "kids kids_names date month pct edd_month school da programme agency gran substance act where m_pos m_subj".split()
)

# What he did: he is the actor, she is the object. {m_pos} is "her" or "Sarah's".
ACTS = Pool(
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
ACTS_PLACED = Pool(
    "locked {m} out of the house for most of the night, leaving {child_age} inside with him",
    "sent {m} more than forty abusive messages in one evening, including threats to take {child_age} away",
    "came to {m_pos} home at 2am, shouted through the letterbox and kicked the door, waking {child_age}",
    "followed {m} to the school gate and shouted at her in front of {child_age} and other parents",
    "drove at speed with {m} and {child_age} in the car, refusing to stop, to frighten her",
    "slashed two tyres on {m_pos} car outside the house while {child_age} watched from the window",
    "emptied the joint account, leaving {m} with no money to feed {child_age}",
    "grabbed {child_age} from {m_pos} arms and refused to give {co} back for an hour",
)

# Where the children were (follows an act from ACTS).
PRESENCE = Pool(
    "while {child_age} was in the room",
    "in front of {child_age}",
    "while {child_age} was in the next room",
    "while {child_age} and {child2} were upstairs",
    "with {child_age} standing at the bottom of the stairs",
    "while {child_age} was asleep upstairs; the noise woke {co}",
    "while {child_age} and {child2} were eating their tea at the table",
    "while {child_age} was sitting on the sofa beside her",
)

INCIDENT_OPEN: dict[str, Pool] = {
    "record": Pool(
        "Police notification received. On {date} {p} ({p_rel}) {act}{where}.",
        "Record from {agency}: on {date} {p} {act}{where}.",
        "Notification of an incident on {date}: {p} {act}{where}. Officers attended and {p_mr} was arrested.",
        "{agency} shared their log for {date}. It records that {p} {act}{where}.",
        "Referral received. On {date} {p}, {p_rel}, {act}{where}.",
    ),
    "talk": Pool(
        "{m} told me that on {date} {p} {act}{where}.",
        "{m} rang to say that on {date} {p} {act}{where}.",
        "I visited after the incident on {date}. {m_given} described how {p} {act}{where}.",
        "Discussed the events of {date} with {m}: {p} {act}{where}.",
        "{m_given} came to see me. On {date}, she said, {p} {act}{where}.",
    ),
    "meeting": Pool(
        "Strategy discussion about {date}, when {p} {act}{where}.",
        "MARAC information sharing: on {date} {p} ({p_rel}) {act}{where}.",
        "Multi-agency meeting. Agencies shared what they know about {date}, when {p} {act}{where}.",
    ),
}

# The impact on a named child, by the child's age band.
IMPACT: dict[str, Pool] = {
    "infant": Pool(
        "{child} was in {m_given}'s arms at the time and could easily have been hurt.",
        "The health visitor reports that {child} has been unsettled, feeding poorly and startling at loud noises "
        "since then.",
        "{child} was screaming throughout and {m_given} could not get to {co} to comfort {co}.",
        "{m_given} says {child} now cries whenever a door bangs.",
        "{child} was in the cot in the same room when the glass broke.",
    ),
    "young": Pool(
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
    "teen": Pool(
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
RESPONSIBILITY = Pool(
    "{p_mr} was arrested and bailed with conditions not to contact {m_given} or go to the family home.",
    "{p_mr} told officers that {m_given} had wound him up; that does not make her responsible for what he chose to do.",
    "This fits a pattern of {p_given} controlling {m_given}'s money, phone and friendships.",
    "{p_given} has a previous conviction for violence against a former partner.",
    "{p_mr} has not yet accepted that his behaviour is harming {kids}.",
    "Nothing recorded suggests {m_given} provoked this; the decision to use violence was his.",
    "{p_given} had left before officers arrived and has not been interviewed yet.",
    "{p_mr} says he cannot remember; officers noted he had been drinking, which does not explain the choices he made.",
)

PLAN_ACCOUNTABLE = Pool(
    "Next step: write to {p_mr} and invite him to talk about what he did and how it has affected {kids}.",
    "Plan: ask the police for his history and refer him to {programme} if he will engage.",
    "I will see {p_mr} separately about his behaviour and what it means for his time with {kids}.",
    "Agreed with {m_given} that she will not be asked to manage his behaviour; we will take it up with him directly.",
    "Referral made to {da} for {m_given}, at her request.",
    "The child protection plan will set out what {p_mr} needs to change, not only what {m_given} must do.",
)

# Her protective efforts (may mention him). _SCHOOL_AGE pools are only used about a child of 5 or over.
PROTECTIVE = Pool(
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
PROTECTIVE_SCHOOL_AGE = Pool(
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
STRENGTHS = Pool(
    "{m_given} and {kids} have settled into the new flat and are making it their own.",
    "{m_given} has started a college course two mornings a week and is enjoying it.",
    "The home was warm and calm, with music on and toys out on the floor.",
    "{m_given} says the nights are quieter and everyone is sleeping better.",
    "{m_given} says she feels more confident since starting the women's group at {da}.",
    "{m_given} and {child} laughed together a lot while we talked.",
    "{child} was happy and settled when I saw {co}.",
    "{m_given} has made friends with two other mums at the community centre and meets them on Fridays.",
)
STRENGTHS_SCHOOL_AGE = Pool(
    "{child} has had full attendance this half term and {cp} teacher says {cs} is joining in more in class.",
    "{child} was relaxed and chatty and proudly showed me {cp} new bike.",
    "{gran} has been collecting {kids} from school twice a week, which gives {m_given} time for her appointments.",
    "{child} got {cp} swimming certificate and wanted me to see it.",
    "{child} has joined an after-school drama club and has a part in the end-of-term show.",
    "{child} was happy to talk to me on {cp} own and said home feels 'calmer now'.",
)

# Routine notes that need not mention him, by the kind of agency writing.
NEUTRAL: dict[str, Pool] = {
    "school": Pool(
        "Attendance for {child} is {pct}% this term and {school} have no new concerns.",
        "{school} say {child} has been talking happily about {cp} friends and a class trip to the coast.",
        "{child}'s school report received: reading is good and maths is improving.",
        "Transport to {school} has been arranged for {child}.",
        "{school} confirmed {child} will have extra help with reading from next half term.",
    ),
    "nursery": Pool(
        "{school} report that {child} is settling well and plays alongside the other children.",
        "{child}'s attendance at {school} is {pct}%; staff say {cs} is eating well and naps after lunch.",
        "{school} have offered {child} funded hours from next term.",
    ),
    "health": Pool(
        "Routine health review for {child}; immunisations are up to date.",
        "{child} seen by the GP for a chest infection; antibiotics prescribed.",
        "Dental check for {child} completed; no treatment needed.",
        "{child}'s hearing test was clear.",
    ),
    "housing": Pool(
        "Housing confirmed that the transfer application has been accepted and is waiting for a suitable offer.",
        "Housing have agreed to fit a new front door and a letterbox guard.",
        "Rent account checked with housing; the arrears are being repaid at an agreed rate.",
    ),
    "other": Pool(
        "Core group minutes circulated to all agencies.",
        "Benefits check completed with {m_given}; she is now receiving the child element she was missing.",
        "Case transferred within the team; an introductory visit has been booked.",
        "Appointment letter received and shared with {m_given}.",
        "Chronology updated for the review.",
        "Manager's oversight recorded: plan reviewed and agreed.",
    ),
}

# Context openers by contact type (no him).
OPEN: dict[ContactType, Pool] = {
    ContactType.HOME_VISIT: Pool("Home visit to {m}.", "Unannounced home visit.", "Planned visit to the family home."),
    ContactType.OFFICE_VISIT: Pool("{m} came to the office.", "Office appointment with {m}."),
    ContactType.PHONE_CALL: Pool("Phone call with {m}.", "{m} rang the duty line.", "Called {m} for an update."),
    ContactType.VIDEO_CALL: Pool("Video call with {m}.", "Video call with {m} and {child}."),
    ContactType.SCHOOL_VISIT: Pool("Visit to {school} to see {child}.", "Saw {child} at {school}."),
    ContactType.MULTI_AGENCY_MEETING: Pool(
        "Core group meeting.",
        "Child protection review conference.",
        "Child in need review meeting.",
        "Strategy discussion.",
    ),
    ContactType.LETTER_OR_MESSAGE: Pool("Message from {m}.", "Letter sent to {m}.", "Email from {agency}."),
    ContactType.RECORD: Pool("Information received from {agency}.", "Case recording.", "Case summary updated."),
}

# Mother-focused risk notes that should mention him and do not (no him).
ABSENT_BODY = Pool(
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
ABSENT_BODY_SCHOOL_AGE = Pool(
    "{child} was seen alone and said things at home are 'okay'; {cs} was asked about {cp} mum's mood.",
    "The school will monitor {child} and report any change in {cp} presentation.",
    "{child}'s attendance has dropped to {pct}%; {m_given} was reminded that getting {co} to school is her "
    "responsibility.",
)

ABSENT_PLAN = Pool(
    "Plan: visit again in two weeks; {m_given} to update on her progress with {da}.",
    "Next review in six weeks.",
    "Plan: continue with the child protection plan; {m_given} to attend all appointments.",
    "Plan: school to report any concerns about {child} straight away.",
    "Plan: {m_given} to complete the course and the case will be reviewed.",
)

# Blaming sentences that do not refer to him (no him). Each holds a BLAMING_PHRASE.
BLAME_NO_HIM = Pool(
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
BLAME_HIM = Pool(
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
HIM_IN_PASSING = Pool(
    "{p_mr} was not spoken to.",
    "{p_mr} was in the house but went out when I arrived.",
    "{p_given} was not present.",
    "{p_mr}'s views have not been sought.",
)

# Contact with him: what was said and his choices as a parent, by outcome.
HIM_CONTACT: dict[EngagementOutcome, Pool] = {
    EngagementOutcome.CONTACTED: Pool(
        "Contact with {p_mr} {by_method}. He agreed to come to the office to talk about {kids}.",
        "Contact with {p_mr} {by_method}. He asked what {m_given} had 'been saying'; I explained that our "
        "conversation is about his behaviour and what {kids} have been through.",
        "{p_mr} replied {by_method} to my letter and said he wants to talk about seeing {kids}. I said we would "
        "first need to talk about what happened on {date}.",
        "Contact with {p_mr} {by_method}. He said he has done nothing wrong. I set out the concerns about his "
        "violence and its effect on {child}, and offered a meeting.",
    ),
    EngagementOutcome.SEEN: Pool(
        "Met {p_mr} {where_met}. We went through the police log for {date}; he disputed parts of it but accepted "
        "that {child} was in the room.",
        "Saw {p} {where_met}. He talked about wanting to be {p_goal}. I asked what {child} needs from him now; he "
        "said 'for me to stop shouting'. That is a start, and we will build on it.",
        "Saw {p_mr} {where_met} with {kids}. He was warm with {child} but spoke over {m_given} several times and "
        "answered questions put to her.",
        "Met {p_mr} {where_met}. He said {m_given} exaggerates. We talked about what {child} told the school and "
        "what it says about how safe {cs} feels around him.",
    ),
    EngagementOutcome.SEEN_ALONE: Pool(
        "Saw {p_mr} on his own {where_met}. I asked how he thinks {child} felt on {date}; he said he had not "
        "thought about it. He agreed to think about it before we next meet.",
        "Individual session with {p_mr} {where_met}. He admitted he checks {m_given}'s phone and tracks her "
        "location. We talked about how that control shapes everyday life for {kids}.",
        "Met {p_mr} alone {where_met}. He said the problem is {m_given}'s attitude. I was clear that his violence "
        "is his responsibility and is the main risk to {kids}.",
        "Saw {p_mr} alone {where_met} to discuss a referral to {programme}. He agreed to attend an assessment.",
    ),
    EngagementOutcome.ASSESSED_AS_PARENT: Pool(
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
    EngagementOutcome.DECLINED: Pool(
        "{p_mr} was contacted {by_method} but declined to discuss the incident and said social services should be "
        "talking to {m_given}. I explained why we speak to him directly; the offer stays open.",
        "{p_mr} said {by_method} that he will not meet the social worker. This was shared with the core group so "
        "that the plan still addresses the risk he poses.",
        "{p_mr} said {by_method} that he will not engage while the police investigation is ongoing. His time with "
        "{kids} will be considered in light of that choice.",
    ),
}

# Thin records of contact with him (mixed and blaming practice).
HIM_CONTACT_THIN: dict[EngagementOutcome, Pool] = {
    EngagementOutcome.CONTACTED: Pool(
        "Spoke briefly to {p_mr}; he said things are better at home. No further action with him at this stage.",
        "{p_mr} rang for an update. Information given.",
    ),
    EngagementOutcome.SEEN: Pool(
        "{p_mr} was seen {where_met}. He said he is working long hours and is hardly there.",
        "{p_mr} seen briefly {where_met}; he was polite and had no concerns.",
    ),
    EngagementOutcome.DECLINED: Pool(
        "{p_mr} did not want to talk. Work continues with {m_given}.",
        "{p_mr} declined. No further contact planned with him.",
    ),
}

# Short notes on a contact attempt.
ATTEMPT_NOTE: dict[EngagementMethod, Pool] = {
    EngagementMethod.LETTER: Pool(
        "Letter sent inviting {p_mr} to discuss the children; no reply.",
        "Second letter sent to {p_mr} offering an appointment; no reply.",
    ),
    EngagementMethod.PHONE: Pool("Called {p_mr}; no answer, message left.", "Called {p_mr} twice; voicemail full."),
    EngagementMethod.TEXT_OR_EMAIL: Pool("Texted {p_mr} asking him to get in touch.", "Emailed {p_mr}; no reply."),
    EngagementMethod.HOME_VISIT: Pool("Called at {p_given}'s address; no answer.", "Visited his address; not in."),
    EngagementMethod.OFFICE_APPOINTMENT: Pool("Office appointment offered; {p_mr} did not attend."),
    EngagementMethod.THROUGH_ANOTHER_AGENCY: Pool("Asked {via_agency} to pass on a request to meet."),
}

OUTCOME_NOTE: dict[EngagementOutcome, str] = {
    EngagementOutcome.CONTACTED: "Spoke with him.",
    EngagementOutcome.SEEN: "Seen; see case note.",
    EngagementOutcome.SEEN_ALONE: "Seen on his own.",
    EngagementOutcome.ASSESSED_AS_PARENT: "Parenting assessment session.",
    EngagementOutcome.DECLINED: "He declined to meet.",
}

PREGNANCY = Pool(
    "{m_given} is pregnant and the baby is due in {edd_month}.",
    "{m_given} has told me she is expecting a baby in {edd_month}; the midwife is aware of the history.",
    "A pre-birth assessment is needed for the unborn baby, due in {edd_month}.",
)

# ---------------------------------------------------------------------------
# Agencies
# ---------------------------------------------------------------------------

AGENCY_CONTACT: dict[AgencyKind, str] = {
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

NURSERIES = ("Little Acorns Nursery", "Bright Start Nursery")
PRIMARIES = (
    "Riverside Primary School",
    "Hollybank Primary School",
    "St Aidan's Primary School",
    "Moorside Primary School",
)
SECONDARIES = ("Westgate Academy", "Northshire High School", "Castlefield School")
COLLEGES = ("Northshire College",)
OTHER_AGENCY_NAMES = (
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
ALL_TEXT.extend(NURSERIES + PRIMARIES + SECONDARIES + COLLEGES + OTHER_AGENCY_NAMES)
ALL_TEXT.extend(AGENCY_CONTACT.values())
ALL_TEXT.extend(OUTCOME_NOTE.values())
ALL_TEXT.extend(MONTHS + WEEKDAYS)
ALL_TEXT.extend(
    (
        "the children's father", "former partner", "partner", "a good dad to", "a good stepdad to",
        "someone can rely on", "at the office", "at his flat", "at the family home", "by phone", "in a letter",
        "by text message", "through", "another agency", "the domestic abuse service", "a behaviour change programme",
        "her mother", "her sister", "the substance use service", "Allocated social worker", "Duty social worker",
        "household", "address", "family", "Unborn baby", "children's services", "school", "mum", "the mother",
        "Ms", "Mr", "and", "months", "weeks",
    )
)  # fmt: skip


def join(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


#: The first letter of a sentence, when it is lower case ("she talked..." after a field).
SENTENCE_START = re.compile(r"(?:^|(?<=[.?!] ))[a-z]")
_SENTENCE_END = re.compile(r"[.?!](?=\s|$)")
_MAX_SENTENCES = 6


def fit(parts: Sequence[str], keep: Collection[str] = ()) -> str:
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
