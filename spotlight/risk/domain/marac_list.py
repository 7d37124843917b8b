"""Who meets a Marac referral criterion, family by family: every adult survivor whose latest risk
identification on or before a day meets one, with the criteria and their reasons. Pure, no Django: the
command line runs it on a case-file export (`spotlight risk marac`).

Each identification is worked out as the risk pages work it out: the checklist in use, every dated
incident the record holds (`evidence.read_record`: his dated behaviour on the pattern map and the dated
facts found in notes), and her last Marac referral (the latest `referred_to_marac_on` of an
identification made before it). A question a file leaves out reads as not known, and a judgement that
would lower what her answers reach does not change the level (as an import reads them).

Two ways to read a family, with the same answers (tests/risk/test_marac_cli.py holds them to it):

- `listed` reads every note of the family (the plain path);
- `listed_quickly` reads only the notes that can change a criterion: a dated incident counts only
  inside the escalation window before her identification or after her last referral, and a note can
  only date a fact with a day it names. A day named without a year falls in the year before the note's
  date (as `notefacts.stated_date` reads it), and "yesterday" or "this morning" the day before or the
  day of the note; so a note whose named days all fall outside every window, and that names no year
  and no numeric date, cannot add an incident that counts, and is not read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from spotlight.cases.domain.casefile import CaseRecordPart, NoteRecord
from spotlight.clock import MONTHS
from spotlight.pattern.domain.casefile import PatternMapPart
from spotlight.risk.domain.casefile import RiskIdentificationRecord, RiskPart
from spotlight.risk.domain.checklist import NOT_KNOWN, Checklist
from spotlight.risk.domain.evidence import read_record
from spotlight.risk.domain.marac import (
    Incident,
    Judgement,
    RiskAnswersInvalid,
    RiskResult,
    identify,
    months_after,
    months_before,
)
from spotlight.vocabulary import Role

#: A part of the timeline (after, up to and including) in which an incident can change a criterion
Window = tuple[dt.date, dt.date]
#: Reads a family's incidents: (case record, pattern map, the day as of which) -> every dated incident
ReadIncidents = Callable[[CaseRecordPart, PatternMapPart, dt.date], Sequence[Incident]]


@dataclass(frozen=True)
class Listed:
    """One adult survivor whose latest risk identification meets a Marac criterion."""

    family: str
    family_name: str
    survivor: str
    survivor_name: str
    identification: str
    identified_on: dt.date
    result: RiskResult


@dataclass(frozen=True)
class Hers:
    """Her latest identification on or before the day, and her last Marac referral before it."""

    survivor: str
    name: str
    latest: RiskIdentificationRecord
    last_referral: dt.date | None


def latest_identifications(case: CaseRecordPart, risk: RiskPart, as_of: dt.date) -> list[Hers]:
    """For each adult survivor with an identification on or before ``as_of`` (in the order of the people),
    the latest (the last the file lists, of those on its day) and her last referral before it."""
    found = []
    for person in case.people:
        if person.role != Role.ADULT_SURVIVOR:
            continue
        hers = sorted(
            (i for i in risk.risk_identifications if i.survivor == person.id and i.identified_on <= as_of),
            key=lambda i: i.identified_on,
        )
        if not hers:
            continue
        latest = hers[-1]
        referrals = [i.referred_to_marac_on for i in hers if i.identified_on < latest.identified_on]
        last = max((day for day in referrals if day is not None), default=None)
        found.append(Hers(person.id, f"{person.given_name} {person.family_name}".strip(), latest, last))
    return found


def result_of(
    checklist: Checklist, ident: RiskIdentificationRecord, incidents: Sequence[Incident], last_referral: dt.date | None
) -> RiskResult:
    """An identification's result: a question it leaves out reads as not known, and a judgement the
    checklist would refuse (without reasons, or below what her answers reach) does not count."""
    given = {a.question: a.answer for a in ident.answers}
    answers = {q.id: given.get(q.id, NOT_KNOWN) for q in checklist.questions}

    def result(judgement: Judgement) -> RiskResult:
        return identify(
            checklist,
            answers,
            judgement=judgement,
            incidents=incidents,
            last_referral=last_referral,
            on=ident.identified_on,
        )

    try:
        return result(Judgement(ident.judgement_level or "", ident.judgement_reasons))
    except RiskAnswersInvalid:
        return result(Judgement())


def _listed(
    family: CaseRecordPart, checklist: Checklist, incidents: Sequence[Incident], hers: Iterable[Hers]
) -> list[Listed]:
    found = []
    for her in hers:
        result = result_of(checklist, her.latest, incidents, her.last_referral)
        if result.refer_to_marac:
            found.append(
                Listed(family.id, family.name, her.survivor, her.name, her.latest.id, her.latest.identified_on, result)
            )
    return found


def read_every_incident(*, second_reader: bool = False) -> ReadIncidents:
    """Every dated incident in the record, every note read (rules alone unless ``second_reader``)."""

    def read(case: CaseRecordPart, pattern: PatternMapPart, as_of: dt.date) -> Sequence[Incident]:
        return read_record(case, pattern, today=as_of, second_reader=second_reader).incidents

    return read


def listed(
    case: CaseRecordPart,
    pattern: PatternMapPart,
    risk: RiskPart,
    *,
    as_of: dt.date,
    checklist: Checklist,
    read: ReadIncidents | None = None,
) -> list[Listed]:
    """The survivors of one family whose latest identification on or before ``as_of`` meets a Marac
    criterion (the plain path: every note read)."""
    hers = latest_identifications(case, risk, as_of)
    if not hers:
        return []
    incidents = (read or read_every_incident())(case, pattern, as_of)
    return _listed(case, checklist, incidents, hers)


def windows(checklist: Checklist, hers: Iterable[Hers]) -> list[Window]:
    """Where on the timeline an incident can change one of her criteria: the escalation window before
    each identification, and the repeat window after her last referral."""
    found = []
    for her in hers:
        on = her.latest.identified_on
        found.append((months_before(on, checklist.marac.potential_escalation.within_months), on))
        if her.last_referral is not None:
            until = min(months_after(her.last_referral, checklist.marac.repeat.within_months), on)
            if until > her.last_referral:
                found.append((her.last_referral, until))
    return found


_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
# Looser than the fact finder's own date patterns (notefacts.stated_date): every day they can read in a
# sentence is one of these matches; a year or a numeric date could name any day, so such a note is read.
_DAY_MONTH = re.compile(rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_NAMES})", re.IGNORECASE)
_MONTH_DAY = re.compile(rf"({_MONTH_NAMES})\.?\s+(\d{{1,2}})", re.IGNORECASE)
_ANY_DAY = re.compile(r"\d{4}|\d{1,2}[/.]\d{1,2}[/.]\d{2}")
_RELATIVE = re.compile(r"yesterday|last night|this morning|this afternoon|this evening|tonight|today", re.IGNORECASE)
_MAY_NAME_A_DAY = re.compile(r"\d|" + _RELATIVE.pattern, re.IGNORECASE)


def _days_named(text: str, written_on: dt.date) -> Iterable[dt.date]:
    """Every day a sentence of the note could name without a year, read as the fact finder reads it."""
    for pattern, day_first in ((_DAY_MONTH, True), (_MONTH_DAY, False)):
        for match in pattern.finditer(text):
            day, month = (match.group(1), match.group(2)) if day_first else (match.group(2), match.group(1))
            try:
                found = dt.date(written_on.year, MONTHS[month.lower()], int(day))
                yield found if found <= written_on else found.replace(year=written_on.year - 1)
            except (ValueError, KeyError):
                continue
    if _RELATIVE.search(text):
        yield from (written_on, written_on - dt.timedelta(days=1))


def may_count(note: NoteRecord, where: Sequence[Window]) -> bool:
    """Can a fact in this note be a dated incident inside one of the windows?"""
    if _MAY_NAME_A_DAY.search(note.text) is None:
        return False
    if _ANY_DAY.search(note.text):
        return True
    return any(after < day <= until for day in _days_named(note.text, note.date) for after, until in where)


def listed_quickly(
    case: CaseRecordPart,
    pattern: PatternMapPart,
    risk: RiskPart,
    *,
    as_of: dt.date,
    checklist: Checklist,
    read: ReadIncidents | None = None,
) -> list[Listed]:
    """The same as `listed`, reading only the notes that can change a criterion (see the module's
    docstring)."""
    hers = latest_identifications(case, risk, as_of)
    if not hers:
        return []
    where = windows(checklist, hers)
    notes = tuple(note for note in case.notes if may_count(note, where))
    incidents = (read or read_every_incident())(case.model_copy(update={"notes": notes}), pattern, as_of)
    return _listed(case, checklist, incidents, hers)
