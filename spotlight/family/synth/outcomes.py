"""The outcome records of a synthetic family's file, drawn last of all (after risk, so that every earlier
field of every family stays as it was), with effects the generator knows.

- For a share of families that depends on the practice level, an intake: the adult survivor's answers,
  each child's of eight and over, the worker's and, where he has a programme referral on the map, his.
  Sometimes a review. For a share, an exit some months later, if that day has come; the others have not
  ended (yet): their intake stands alone, so a cohort report has drop-outs to count. At exit a child may
  not be seen and he may have left his programme (he answers less often the less of it he did); now and
  then a question is left unanswered.
- The true effect: for each respondent and measure, the family's true mean change from intake to exit
  (`FamilyTruth.outcome_effects`, respondent -> measure -> change). It grows with the practice level (the
  service works better where practice holds him to account) and, on the measures a programme works on,
  with how much of his programme he did (completed, or started); his awareness changes only through a
  programme. Each family's effects are scaled by one draw of its own (families differ), and each
  respondent sees the change from where they stand (a child less of it, him least).
- The answers: an intake answer from the part of the scale where the exit cannot fall off it, and the
  exit answer the intake plus the effect (its whole part, plus one with the chance of its fraction) plus
  noise of -1, 0 or +1 (mean 0). So the expected change is the true effect exactly, never bent by the
  ends of the scale, and a matched cohort's mean change estimates the mean of its families' effects.
- The abuse checklist, from her and the worker, at intake and exit: a kind is happening at intake with a
  chance that follows what the generator drew of his behaviour; one happening at intake has stopped by
  exit with the family's chance of stopping (`FamilyTruth.abuse_stop_chance`), higher with better
  practice and with his programme; one not happening seldom starts. Some answers are "not known".

The measures are Spotlight's own file, never an authority's copy: the same seed must give the same
families wherever it runs. Dates are never after `today`.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, replace

from spotlight.casefile.format import FamilyRecord
from spotlight.family.synth.dates import age_years
from spotlight.family.synth.family_file import FamilyFile
from spotlight.family.synth.risk import CONTROL, PHYSICAL, Drawn
from spotlight.family.synth.truth import FamilyTruth
from spotlight.outcomes.domain.casefile import OutcomeRecordRecord
from spotlight.outcomes.domain.measures import (
    DEFAULT_MEASURES_PATH,
    EXIT,
    INTAKE,
    NO,
    NOT_KNOWN,
    YES,
    OutcomeMeasures,
    load_measures,
)

MEASURES: OutcomeMeasures = load_measures(DEFAULT_MEASURES_PATH)
REVIEW = "review"
SURVIVOR, CHILD, WORKER, HIM = "survivor", "child", "worker", "person_causing_harm"

#: Chance that a family's outcomes are recorded at all, by practice level
OUTCOMES_CHANCE = {"accountable": 0.75, "mixed": 0.55, "blaming": 0.35}
#: Chance that the family reaches an exit (if its day has come), and has a review before it
EXIT_CHANCE = 0.65
REVIEW_CHANCE = 0.5
#: Days from the case opening to the intake (at most), from intake to a review, and to the exit
INTAKE_WITHIN = 42
REVIEW_AFTER = (56, 112)
EXIT_AFTER = (120, 400)
#: The age from which a child answers
CHILD_AGE = 8
#: Chance that each answers at exit (him: by how far his programme went), and that a question is left unanswered
AT_EXIT = {SURVIVOR: 0.95, CHILD: 0.85, WORKER: 1.0}
HIM_AT_EXIT = {"completed": 0.9, "started": 0.6}
HIM_AT_EXIT_OTHERWISE = 0.25
UNANSWERED = 0.03

#: The true mean change from the service, by practice level, and from his programme (on the measures it works on)
PRACTICE_EFFECT = {"accountable": 0.8, "mixed": 0.4, "blaming": 0.0}
PROGRAMME_EFFECT = 0.6
PROGRAMME_MEASURES = frozenset({"his_awareness", "respectful_relationships", "safe_parenting", "safety"})
#: Measures that only his programme changes
PROGRAMME_ONLY = frozenset({"his_awareness"})
#: How much of his programme he did: by the status of his referral (the others: none)
PROGRAMME_DOSE = {"completed": 1.0, "started": 0.5}
#: How much of the change each respondent sees
SEES = {SURVIVOR: 1.0, CHILD: 0.75, WORKER: 1.0, HIM: 0.5}
#: Each family's effects are scaled by a draw from this range; none is above the largest
SCALED = (0.5, 1.5)
LARGEST_EFFECT = 2.0
#: Noise on an exit answer (mean 0)
NOISE = (-1, 0, 0, 1)

#: The kinds of his behaviour (pattern catalogue ids) that make each kind of abuse likely at intake
ABUSE_FROM = {
    "physical": PHYSICAL | {"assault_in_pregnancy"},
    "sexual": frozenset({"sexual_assault", "sexual_coercion"}),
    "harassment_stalking": frozenset({"stalking", "monitoring"}),
    "jealous_controlling": CONTROL,
    "economic": frozenset({"economic_abuse"}),
}
HAPPENING_IF_DRAWN, HAPPENING_OTHERWISE = 0.85, 0.15
#: Chance that a kind happening at intake has stopped by exit, by practice, and more with his programme
STOP_CHANCE = {"accountable": 0.7, "mixed": 0.55, "blaming": 0.35}
STOP_WITH_PROGRAMME = 0.2
#: Chance that a kind not happening at intake has started by exit, and that an answer is "not known"
STARTS_CHANCE = 0.05
ABUSE_NOT_KNOWN = {SURVIVOR: 0.03, WORKER: 0.1}

if set(ABUSE_FROM) != {a.id for a in MEASURES.abuse_checklist}:  # pragma: no cover - a change to the measures file
    raise ValueError("the synthetic answers need a rule for each kind of abuse on Spotlight's own checklist")

_COMMENTS = {
    SURVIVOR: ("She answered at the office while the children were at school.", "She answered by phone."),
    CHILD: ("{child} answered on their own with the worker.", "{child} answered with a trusted adult at school."),
    WORKER: ("From the visits and the other agencies' reports.",),
    HIM: ("He answered at the programme's office.",),
}
COMMENT_CHANCE = 0.2


@dataclass(frozen=True)
class _Respondent:
    respondent: str
    person: str | None
    given: str = ""


def true_effects(practice: str, dose: float, scale: float) -> dict[str, dict[str, float]]:
    """Respondent -> measure -> the family's true mean change from intake to exit (rounded to 0.01, and
    the answers are drawn from the rounded value, so it is exact)."""
    effects: dict[str, dict[str, float]] = {}
    for respondent, sees in SEES.items():
        effects[respondent] = {}
        for measure in MEASURES.measures:
            if respondent not in measure.asks:
                continue
            effect = 0.0 if measure.id in PROGRAMME_ONLY else PRACTICE_EFFECT[practice]
            if measure.id in PROGRAMME_MEASURES:
                effect += PROGRAMME_EFFECT * dose
            effects[respondent][measure.id] = round(min(LARGEST_EFFECT, sees * scale * effect), 2)
    return effects


def _intake_answer(rng: random.Random, low: int, high: int, effect: float) -> int:
    """An answer from the part of the scale where intake + effect + noise cannot leave it."""
    lowest = max(low, low + 1 - math.floor(effect))
    highest = min(high, high - 1 - math.ceil(effect))
    return rng.randint(lowest, max(lowest, highest))


def _moved(rng: random.Random, answer: int, effect: float, low: int, high: int) -> int:
    """The answer moved by ``effect`` on average: its whole part, one more with the chance of its fraction,
    and noise of mean 0 (kept on the scale, which an intake answer drawn by `_intake_answer` never needs)."""
    whole = math.floor(effect)
    moved = answer + whole + (rng.random() < effect - whole) + rng.choice(NOISE)
    return min(high, max(low, moved))


def _scale(measure_id: str) -> tuple[int, int]:
    measure = MEASURES.measure(measure_id)
    assert measure is not None  # noqa: S101  # ids come from the measures themselves
    values = [p.value for p in MEASURES.points(measure)]
    return values[0], values[-1]


def _answers(
    rng: random.Random, effects: dict[str, float], *, intake: dict[str, int] | None, share: float
) -> dict[str, int]:
    """Each measure's answer: at intake (``intake`` None) drawn for the effect, else the intake answer moved
    by ``share`` of the effect (1 at exit, a half at a review); a few left unanswered."""
    answers: dict[str, int] = {}
    for measure_id, effect in effects.items():
        low, high = _scale(measure_id)
        if intake is None:
            value = _intake_answer(rng, low, high, effect)
        elif measure_id in intake:
            value = _moved(rng, intake[measure_id], effect * share, low, high)
        else:
            continue
        if rng.random() >= UNANSWERED:
            answers[measure_id] = value
    return answers


def _abuse_at_intake(rng: random.Random, d: Drawn, day: dt.date) -> dict[str, bool]:
    kinds = d.kinds(day, d.him.pid)
    return {
        kind: rng.random() < (HAPPENING_IF_DRAWN if kinds & ABUSE_FROM[kind] else HAPPENING_OTHERWISE)
        for kind in ABUSE_FROM
    }


def _abuse_at_exit(rng: random.Random, at_intake: dict[str, bool], stop_chance: float) -> dict[str, bool]:
    return {
        kind: (rng.random() >= stop_chance) if happening else (rng.random() < STARTS_CHANCE)
        for kind, happening in at_intake.items()
    }


def _as_answered(rng: random.Random, happening: dict[str, bool], respondent: str) -> dict[str, str]:
    return {
        kind: NOT_KNOWN if rng.random() < ABUSE_NOT_KNOWN[respondent] else YES if yes else NO
        for kind, yes in happening.items()
    }


def _comment(rng: random.Random, who: _Respondent) -> str:
    if rng.random() >= COMMENT_CHANCE:
        return ""
    return rng.choice(_COMMENTS[who.respondent]).format(child=who.given)


def _respondents(f: FamilyFile, intake_on: dt.date, his_status: str | None) -> list[_Respondent]:
    """Who answers at intake: her, each child of eight and over, the worker, and him if he has a referral."""
    who = [_Respondent(SURVIVOR, f.people.mother_pid)]
    who += [_Respondent(CHILD, c.pid, c.given) for c in f.born(intake_on) if age_years(c.dob, intake_on) >= CHILD_AGE]
    who.append(_Respondent(WORKER, None))
    if his_status is not None and f.harms:
        who.append(_Respondent(HIM, f.harms[0].pid))
    return who


def _days(rng: random.Random, f: FamilyFile) -> tuple[dt.date, dt.date | None, dt.date | None]:
    """The intake, a review (or None) and the exit (None: not ended, or its day has not come)."""
    intake_on = f.start + dt.timedelta(days=rng.randint(0, min(INTAKE_WITHIN, (f.today - f.start).days)))
    ends = rng.random() < EXIT_CHANCE
    exit_on = intake_on + dt.timedelta(days=rng.randint(*EXIT_AFTER))
    review_on = intake_on + dt.timedelta(days=rng.randint(*REVIEW_AFTER))
    reviewed = rng.random() < REVIEW_CHANCE
    return (
        intake_on,
        review_on if reviewed and review_on <= f.today else None,
        exit_on if ends and exit_on <= f.today else None,
    )


def _him(record: FamilyRecord, f: FamilyFile) -> str | None:
    """The status of his referral to a programme on the map (None where he has none)."""
    if not f.harms:
        return None
    return next((r.status for r in record.programme_referrals if r.person == f.harms[0].pid), None)


def outcome_records(
    f: FamilyFile, record: FamilyRecord, d: Drawn, truth: FamilyTruth
) -> tuple[FamilyRecord, FamilyTruth]:
    """The family's record with its outcomes part, and its truth with the effects the generator drew
    (from ``f.rng`` after everything else; see the module's docstring)."""
    rng = f.rng
    if rng.random() >= OUTCOMES_CHANCE[f.practice]:
        return record, truth
    his_status = _him(record, f)
    dose = PROGRAMME_DOSE.get(his_status or "", 0.0)
    effects = true_effects(f.practice, dose, round(rng.uniform(*SCALED), 2))
    stop_chance = round(min(1.0, STOP_CHANCE[f.practice] + STOP_WITH_PROGRAMME * dose), 2)
    intake_on, review_on, exit_on = _days(rng, f)
    who = _respondents(f, intake_on, his_status)
    happening = _abuse_at_intake(rng, d, intake_on)
    stopped = _abuse_at_exit(rng, happening, stop_chance)
    rows: list[tuple[dt.date, str, _Respondent, dict[str, int], dict[str, str]]] = []
    for one in who:
        mine = effects[one.respondent]
        first = _answers(rng, mine, intake=None, share=0.0)
        asked = one.respondent in ABUSE_NOT_KNOWN
        rows.append((intake_on, INTAKE, one, first, _as_answered(rng, happening, one.respondent) if asked else {}))
        if review_on is not None:
            rows.append((review_on, REVIEW, one, _answers(rng, mine, intake=first, share=0.5), {}))
        at_exit = AT_EXIT.get(one.respondent, HIM_AT_EXIT.get(his_status or "", HIM_AT_EXIT_OTHERWISE))
        if exit_on is not None and rng.random() < at_exit:
            abuse = _as_answered(rng, stopped, one.respondent) if asked else {}
            rows.append((exit_on, EXIT, one, _answers(rng, mine, intake=first, share=1.0), abuse))
    order = {occasion: i for i, occasion in enumerate((INTAKE, REVIEW, EXIT))}
    rows.sort(key=lambda row: (row[0], order[row[1]]))
    outcomes = tuple(
        OutcomeRecordRecord(
            id=f"o{i}",
            respondent=one.respondent,  # type: ignore[arg-type]  # one of the literals
            person=one.person,
            occasion=occasion,
            recorded_on=day,
            scores=scores,
            abuse=abuse,  # type: ignore[arg-type]  # yes, no or not_known
            comment=_comment(rng, one),
        )
        for i, (day, occasion, one, scores, abuse) in enumerate(rows, start=1)
    )
    truth = replace(
        truth,
        outcome_effects={one.respondent: effects[one.respondent] for one in who},
        abuse_stop_chance=stop_chance,
    )
    return record.model_copy(update={"outcomes": outcomes}), truth
