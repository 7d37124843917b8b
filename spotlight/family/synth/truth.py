"""The practice-quality truth: what each practice level means, and what the generator knows.

Each family's file is written at one of three practice levels:

- "accountable": notes name him, what he did and its impact on named children;
  her protective efforts are recorded; workers make repeated efforts to reach him
  and assess him as a parent.
- "mixed": some of that, alongside blaming and mother-focused notes.
- "blaming": notes use blaming, mutualising, passive and "exposure" language,
  focus on the mother, and he is rarely contacted.

The tables here set how often each part of the file is written well at each level; the parts
that draw in steps of their own (how often he is reached, in `engagement`; how much of his
pattern is mapped, in `pattern_map`; the first note, in `notes`) say so where they draw.
`FamilyTruth` is what the generator knows about the practice in one family's file, so that
audit and language-review features can be measured against a known answer.
"""

from __future__ import annotations

import json
import random
from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass, field

from spotlight.casefile.format import FamilyRecord
from spotlight.cases.domain.casefile import ContactAttemptRecord
from spotlight.family.synth.catalogue import EFFORT_GROUP
from spotlight.family.synth.told_in_notes import Told
from spotlight.pattern.domain.casefile import BehaviourEntryRecord, ProgrammeReferralRecord, ProtectiveEffortRecord
from spotlight.vocabulary import REACHED_OUTCOMES, EngagementOutcome

PRACTICE_LEVELS: tuple[str, ...] = ("accountable", "mixed", "blaming")
#: Share of families at each practice level, in percent.
PRACTICE_WEIGHTS: tuple[int, ...] = (35, 40, 25)

#: Kinds of note (after the first) and their weights at each practice level, in this order.
NOTE_KINDS = ("incident", "protective", "strengths", "neutral", "absent", "blaming")
NOTE_KIND_WEIGHTS: dict[str, tuple[float, ...]] = {
    "accountable": (22, 22, 16, 18, 4, 2),
    "mixed": (14, 10, 10, 16, 22, 28),
    "blaming": (3, 4, 6, 17, 30, 40),
}
#: Chance that a reached contact attempt also has a case note.
CONTACT_NOTE_CHANCE = {"accountable": 0.85, "mixed": 0.55, "blaming": 0.4}
#: Weight of a domestic abuse service, and of a programme for him, among the agencies on the file.
DA_SERVICE_WEIGHT = {"accountable": 4.0, "mixed": 2.5, "blaming": 2.5}
PROGRAMME_AGENCY_WEIGHT = {"accountable": 2.0, "mixed": 0.8, "blaming": 0.3}
#: Chance that he is referred to a programme, and that support is offered to her alongside.
PROGRAMME_REFERRAL_CHANCE = {"accountable": 0.6, "mixed": 0.3, "blaming": 0.05}
SUPPORT_FOR_HER_CHANCE = {"accountable": 0.9, "mixed": 0.5, "blaming": 0.2}
#: Chance that a complicating factor, and how it interacts with his pattern, is on the map.
COMPLICATING_FACTOR_CHANCE = {"accountable": 0.4, "mixed": 0.3, "blaming": 0.25}


def draw_practice(rng: random.Random, weights: Sequence[int]) -> str:
    """The practice level one family's file is written at."""
    return rng.choices(PRACTICE_LEVELS, weights=weights)[0]


@dataclass(frozen=True)
class FamilyTruth:
    """What the generator knows about the practice recorded in one family's file."""

    practice: str
    father_contacted: bool
    father_assessed_as_parent: bool
    protective_efforts_recorded: bool
    blaming_note_ids: tuple[str, ...]
    father_absent_note_ids: tuple[str, ...]
    # The pattern (his behaviours, the harm to each child, her protective efforts), on the map or told
    # in the notes (see `told_in_notes`):
    #: more than one kind of his behaviour, and at least one entry besides the presenting incident.
    pattern_beyond_incident: bool = False
    #: at least one entry from his earlier relationships, with its source.
    prior_relationships_recorded: bool = False
    #: every child born by today has at least one specific harm recorded (on the map, or told in a note).
    child_impact_specific: bool = False
    #: her efforts (mapped or told) include help-seeking and everyday kinds, those on the map each linked to a child.
    protective_efforts_full_spectrum: bool = False
    behaviour_kinds: int = 0
    prior_relationship_entries: int = 0
    #: a referral of him to a programme is on the map, and whether support was offered to her alongside.
    programme_referral_recorded: bool = False
    programme_with_support_for_her: bool = False
    # Risk (see `risk`):
    #: her latest risk identification ("" where she has none), and the Marac criteria it meets as the
    #: generator meant them (ids from spotlight.risk.domain.marac, in its order)
    risk_identification: str = ""
    marac_criteria: tuple[str, ...] = ()
    #: each item of his risk review (the first person causing harm): whether he truly has that behaviour
    #: or situation by today, from what the generator drew for him
    his_risk: dict[str, bool] = field(default_factory=dict)
    # Outcomes (see `outcomes`):
    #: respondent (survivor, child, worker, person_causing_harm: those who answered at intake) -> measure ->
    #: the family's true mean change from intake to exit; empty where no outcomes are recorded
    outcome_effects: dict[str, dict[str, float]] = field(default_factory=dict)
    #: the chance that a kind of abuse happening at intake has stopped by exit (0 where no outcomes)
    abuse_stop_chance: float = 0.0


@dataclass(frozen=True)
class SyntheticFamily:
    record: FamilyRecord
    truth: FamilyTruth


def truth_json(family: SyntheticFamily) -> str:
    """One JSON line (no newline) of a family's truth, keyed by its family id."""
    data: dict[str, object] = {"family": family.record.id}
    data.update(asdict(family.truth))
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def family_truth(
    *,
    practice: str,
    notes: Sequence[tuple[str, str, bool]],
    attempts: Sequence[ContactAttemptRecord],
    entries: Sequence[BehaviourEntryRecord],
    efforts: Sequence[ProtectiveEffortRecord],
    referrals: Sequence[ProgrammeReferralRecord],
    children: Collection[str],
    told: Told | None = None,
) -> FamilyTruth:
    """The truth of a file, from its notes (id, kind of note, whether it refers to him, in date
    order), contact attempts, pattern map, the ids of the children born by today, and what its
    notes tell (``told``): a fact counts whether it is on the map or only told in a note.

    A "blaming" note is blaming; a mother-focused ("absent") or blaming note that does not
    refer to him leaves him absent.
    """
    blaming_ids = [note_id for note_id, kind, _ in notes if kind == "blaming"]
    absent_ids = [
        note_id for note_id, kind, mentions_him in notes if kind in ("absent", "blaming") and not mentions_him
    ]
    told = told or Told()
    born_now = set(children)
    harmed = {h.child for b in entries for h in b.child_harms} | told.children_harmed
    effort_groups = {EFFORT_GROUP[e.kind] for e in efforts} | {EFFORT_GROUP[k] for k in told.efforts}
    kinds = {b.kind for b in entries} | told.behaviour_kinds | told.prior_kinds
    presenting = {b.kind for b in entries if b.presenting_incident}
    beyond = (
        any(not b.presenting_incident for b in entries)
        or bool(told.behaviour_kinds - presenting)
        or bool(told.prior_kinds)
    )
    prior = sum(b.relationship == "prior" for b in entries) + len(told.prior_kinds - {b.kind for b in entries})
    return FamilyTruth(
        practice=practice,
        father_contacted=any(a.outcome in REACHED_OUTCOMES for a in attempts),
        father_assessed_as_parent=any(a.outcome == EngagementOutcome.ASSESSED_AS_PARENT for a in attempts),
        protective_efforts_recorded=any(kind == "protective" for _, kind, _ in notes),
        blaming_note_ids=tuple(blaming_ids),
        father_absent_note_ids=tuple(absent_ids),
        pattern_beyond_incident=len(kinds) > 1 and beyond,
        prior_relationships_recorded=prior > 0,
        child_impact_specific=bool(born_now) and born_now <= harmed,
        protective_efforts_full_spectrum=effort_groups == {"help_seeking", "everyday"}
        and all(e.children for e in efforts),
        behaviour_kinds=len(kinds),
        prior_relationship_entries=prior,
        programme_referral_recorded=bool(referrals),
        programme_with_support_for_her=any(r.support_for_her for r in referrals),
    )
