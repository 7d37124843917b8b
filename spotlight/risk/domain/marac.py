"""What a risk identification's answers come to: the number of yes answers, the level, and which of
the four Marac referral criteria are met, each with its reasons in plain words. Pure, no Django.

- Visible high risk: at least the checklist's number of yes answers (14 in Spotlight's own file).
- Professional judgement: the worker's own judgement, allowed whatever the answers, with her reasons;
  it may raise the level, never lower what the answers reach.
- Potential escalation: at least the set number of incidents (3) in the months before the
  identification (12), counted from every dated incident the record holds (his dated behaviour on the
  pattern map and dated facts found in notes of any kind, not only police call-outs), one incident a
  day, each listed.
- Repeat: any new abuse between the same people within the set months (12) of the last Marac
  referral, whatever the answers say.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from spotlight.clock import long_date
from spotlight.risk.domain.checklist import YES, AnswersInvalid, Checklist, answer_problems

VISIBLE_HIGH_RISK = "visible_high_risk"
PROFESSIONAL_JUDGEMENT = "professional_judgement"
POTENTIAL_ESCALATION = "potential_escalation"
REPEAT = "repeat"
CRITERIA = {
    VISIBLE_HIGH_RISK: "Visible high risk",
    PROFESSIONAL_JUDGEMENT: "Professional judgement",
    POTENTIAL_ESCALATION: "Potential escalation",
    REPEAT: "Repeat",
}


@dataclass(frozen=True)
class Incident:
    """Something he did on a day, as the record holds it."""

    on: dt.date
    #: what happened, in the record's words or its catalogue label ("Non-fatal strangulation")
    what: str
    #: where the record holds it ("the pattern map, source: police", "the note of 4 March 2026")
    where: str
    #: the record's id for it (an entry's or a note's), for a link; "" if it has none
    ref: str = ""


@dataclass(frozen=True)
class Judgement:
    """The worker's professional judgement: a level (or "" for none) and her reasons."""

    level: str = ""
    reasons: str = ""


@dataclass(frozen=True)
class Criterion:
    id: str
    label: str
    met: bool
    #: why, in plain words, whether met or not
    why: str
    incidents: tuple[Incident, ...] = ()


@dataclass(frozen=True)
class RiskResult:
    yes: int
    not_known: int
    #: the level the answers reach, and the level after professional judgement
    answers_level: str
    level: str
    criteria: tuple[Criterion, ...] = field(default=())

    @property
    def criteria_met(self) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.met)

    @property
    def refer_to_marac(self) -> bool:
        return any(c.met for c in self.criteria)


class RiskAnswersInvalid(AnswersInvalid):
    """Her checklist's answers cannot be used; ``problems`` names each, by question or field."""


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` months earlier (the month's last day where it has no such day)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def months_after(day: dt.date, months: int) -> dt.date:
    return months_before(day, -months)


def check_answers(checklist: Checklist, answers: Mapping[str, str], judgement: Judgement) -> None:
    """Refuse answers that cannot be used, naming each problem: a question left unanswered (not known is
    an answer), an answer or a question the checklist does not have, professional judgement without
    reasons or at a level the checklist does not have, or judgement that would lower the answers' level."""
    asked = [(q.id, q.topic) for q in checklist.questions]
    problems = answer_problems(asked, answers, "a question of this checklist")
    if judgement.level:
        level = checklist.level(judgement.level)
        if level is None:
            problems.append(("judgement_level", f"“{judgement.level}” is not a level of this checklist"))
        elif not judgement.reasons.strip():
            problems.append(("judgement_reasons", "Give the reasons for your professional judgement"))
        else:
            yes = sum(1 for value in answers.values() if value == YES)
            reached = checklist.level_for(yes)
            if checklist.rank(level.id) < checklist.rank(reached.id):
                problems.append(
                    (
                        "judgement_level",
                        f"Professional judgement can raise the level, not lower it: {yes} yes answers are "
                        f"{reached.label.lower()} risk. Choose {reached.label.lower()} or higher, or no judgement",
                    )
                )
    elif judgement.reasons.strip():
        problems.append(
            ("judgement_level", "Choose the level your professional judgement puts her at, or clear the reasons")
        )
    if problems:
        raise RiskAnswersInvalid(problems)


def identify(
    checklist: Checklist,
    answers: Mapping[str, str],
    *,
    judgement: Judgement = Judgement(),
    incidents: Sequence[Incident] = (),
    last_referral: dt.date | None = None,
    on: dt.date,
) -> RiskResult:
    """The result of a risk identification made on ``on`` (the answers are checked first: see
    ``check_answers``). ``incidents``: every dated incident the record holds; ``last_referral``: the
    day of her last Marac referral, if any."""
    check_answers(checklist, answers, judgement)
    yes = sum(1 for value in answers.values() if value == YES)
    not_known = sum(1 for value in answers.values() if value == "not_known")
    reached = checklist.level_for(yes)
    level = reached.id
    if judgement.level and checklist.rank(judgement.level) > checklist.rank(level):
        level = judgement.level
    criteria = (
        _visible_high_risk(checklist, yes),
        _professional_judgement(checklist, judgement),
        _potential_escalation(checklist, incidents, on),
        _repeat(checklist, incidents, last_referral, on),
    )
    return RiskResult(yes=yes, not_known=not_known, answers_level=reached.id, level=level, criteria=criteria)


def _visible_high_risk(checklist: Checklist, yes: int) -> Criterion:
    needed = checklist.marac.visible_high_risk.yes_at_least
    met = yes >= needed
    why = (
        f"{yes} of {len(checklist.questions)} answers are yes: {needed} or more meet this criterion"
        if met
        else f"{yes} of {len(checklist.questions)} answers are yes: this criterion needs {needed} or more"
    )
    return Criterion(VISIBLE_HIGH_RISK, CRITERIA[VISIBLE_HIGH_RISK], met, why)


def _professional_judgement(checklist: Checklist, judgement: Judgement) -> Criterion:
    refers_at = checklist.marac.professional_judgement.level
    met = bool(judgement.level) and checklist.rank(judgement.level) >= checklist.rank(refers_at)
    label = (checklist.level(refers_at) or checklist.levels[-1]).label.lower()
    if met:
        why = f"The worker judged the risk {label}, for these reasons: {judgement.reasons.strip()}"
    elif judgement.level:
        judged = (checklist.level(judgement.level) or checklist.levels[0]).label.lower()
        why = f"The worker's judgement ({judged}) is below {label}"
    else:
        why = "No professional judgement was recorded"
    return Criterion(PROFESSIONAL_JUDGEMENT, CRITERIA[PROFESSIONAL_JUDGEMENT], met, why)


def one_a_day(incidents: Sequence[Incident]) -> list[Incident]:
    """One incident a day (the first the record lists for that day; several entries about one day are
    one incident), oldest first."""
    days: dict[dt.date, Incident] = {}
    for incident in sorted(incidents, key=lambda i: i.on):
        days.setdefault(incident.on, incident)
    return list(days.values())


def _potential_escalation(checklist: Checklist, incidents: Sequence[Incident], on: dt.date) -> Criterion:
    setting = checklist.marac.potential_escalation
    since = months_before(on, setting.within_months)
    counted = tuple(i for i in one_a_day(incidents) if since < i.on <= on)
    met = len(counted) >= setting.incidents_at_least
    span = f"in the {setting.within_months} months to {long_date(on)}"
    if met:
        why = f"{len(counted)} incidents {span}: {setting.incidents_at_least} or more meet this criterion"
    else:
        plural = "s" if len(counted) != 1 else ""
        why = f"{len(counted)} incident{plural} {span}: this criterion needs {setting.incidents_at_least} or more"
    return Criterion(POTENTIAL_ESCALATION, CRITERIA[POTENTIAL_ESCALATION], met, why, counted)


def _repeat(
    checklist: Checklist, incidents: Sequence[Incident], last_referral: dt.date | None, on: dt.date
) -> Criterion:
    months = checklist.marac.repeat.within_months
    if last_referral is None:
        return Criterion(REPEAT, CRITERIA[REPEAT], False, "She has not been referred to a Marac before")
    until = min(months_after(last_referral, months), on)
    new = tuple(i for i in one_a_day(incidents) if last_referral < i.on <= until)
    referred = f"{long_date(last_referral)}"
    if new:
        why = (
            f"New abuse within {months} months of her last Marac referral ({referred}): "
            f"{len(new)} incident{'s' if len(new) != 1 else ''}, the first on {long_date(new[0].on)}"
        )
        return Criterion(REPEAT, CRITERIA[REPEAT], True, why, new)
    if on > months_after(last_referral, months):
        why = f"Her last Marac referral ({referred}) was more than {months} months ago"
    else:
        why = f"No new abuse recorded since her last Marac referral ({referred})"
    return Criterion(REPEAT, CRITERIA[REPEAT], False, why)


def stored_criteria(result: RiskResult) -> list[dict[str, object]]:
    """The criteria as a record keeps them (JSON): id, label, met, why, and the incidents counted."""
    return [
        {
            "id": c.id,
            "label": c.label,
            "met": c.met,
            "why": c.why,
            "incidents": [
                {"on": i.on.isoformat(), "what": i.what, "where": i.where, "ref": i.ref} for i in c.incidents
            ],
        }
        for c in result.criteria
    ]
