"""Who meets a Marac referral criterion, family by family: every adult survivor whose latest risk
identification on or before a day meets one, with the criteria and their reasons. Pure, no Django: the
command line runs it on a case-file export (`spotlight risk marac`).

Each identification is worked out as the risk pages work it out: the checklist in use, every dated
incident the record holds (`evidence.read_record`: his dated behaviour on the pattern map and the dated
facts found in notes), and her last Marac referral (the latest `referred_to_marac_on` of an
identification made before it). A question a file leaves out reads as not known, and a judgement the
checklist would refuse does not change the level (as an import reads them).

Two ways to read a family, with the same survivors, criteria met and reasons (tests/risk/test_marac_cli.py
holds them to it on synthetic families):

- `listed` reads every note of the family (the plain path);
- `listed_quickly` reads only the sentences of notes that can change a criterion met. A dated incident
  counts only inside the escalation window before her identification or the repeat window after her last
  referral, and a fact found in a note has a day only where its sentence names one: a day and a month
  without a year fall in the year to the note's date (as `notefacts.stated_date` reads them), "yesterday"
  or "this morning" on the day before or the day of the note, and a year or a numeric date could be any
  day. So the days each note could name are found first, cheaply; escalation is decided without reading
  any where the map's dated incidents and those days in its window come to fewer than it needs, and
  repeat where neither holds a day after her referral; otherwise each sentence that could name a day in
  the window is read, with the sentence either side (a fact whose words run over a sentence's end), so
  that the criterion's count, incidents and reasons are whole. Only the reasons of a criterion not met,
  which the command does not show, may differ.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from spotlight.cases.domain.casefile import CaseRecordPart, NoteRecord
from spotlight.clock import MONTHS
from spotlight.pattern.domain.casefile import PatternMapPart
from spotlight.pattern.domain.catalogue import default_catalogue
from spotlight.pattern.domain.notefacts import sentences_of
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

    catalogue = default_catalogue()  # once, not a look at its file for every family

    def read(case: CaseRecordPart, pattern: PatternMapPart, as_of: dt.date) -> Sequence[Incident]:
        return read_record(case, pattern, today=as_of, catalogue=catalogue, second_reader=second_reader).incidents

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


# Every day the fact finder can read in a sentence (notefacts.stated_date) is found here, and perhaps a few
# more: a day and a month next to each other ("3 March", "3rd of March", "March 3"), read in the year
# before the note's date; "yesterday", "today" and the like; and a year or a numeric date, which could
# name any day (None). The text is first lower-cased as the fact finder's patterns ignore case (its
# three letters that match an ASCII letter and lower-case to another, too).
_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})
#: Every name of a month begins with its first three letters ("sept", "september": "sep")
_MONTH_OF = {name[:3]: number for name, number in MONTHS.items()}
if any(_MONTH_OF[name[:3]] != number for name, number in MONTHS.items()):  # pragma: no cover - clock.MONTHS
    raise ValueError("each month's names must begin with the same three letters")
_DIGITS = re.compile(r"\d+")
_AFTER_A_DAY = re.compile(r"(?:st|nd|rd|th)?\s+(?:of\s+)?")
_ANY_DAY = re.compile(r"\d{4}|\d{1,2}[/.]\d{1,2}[/.]\d{2}")
_RELATIVE = re.compile("yesterday|last night|this morning|this afternoon|this evening|tonight|today")
_RELATIVE_HINTS = ("yesterday", "night", "this ", "today")

#: Each note (by its place) that could name a day: where in its text, and the day (None: any day)
_Named = dict[int, list[tuple[int, dt.date | None]]]


def _in_the_year_to(written_on: dt.date, month: int, day: int) -> dt.date | None:
    try:
        found = dt.date(written_on.year, month, day)
        return found if found <= written_on else found.replace(year=written_on.year - 1)
    except ValueError:
        return None


def _month_before(lower: str, at: int) -> int:
    """The month of a word just before ``at``, then perhaps a full stop, then space ("March 3", "Sept. 3"):
    any month's three letters in the word (every word a month's name is among them), or 0."""
    end = at
    while end > 0 and lower[end - 1].isspace():
        end -= 1
    if end == at:
        return 0
    end -= lower[end - 1] == "."
    start = end
    while start > 0 and lower[start - 1].isalpha():
        start -= 1
    return next((_MONTH_OF[lower[i : i + 3]] for i in range(start, end - 2) if lower[i : i + 3] in _MONTH_OF), 0)


def _days_named(text: str, written_on: dt.date) -> Iterator[tuple[int, dt.date | None]]:
    """(where in the note, the day) of every day the note could name (see above)."""
    lower = text.lower() if text.isascii() else text.translate(_FOLD).lower()
    for match in _ANY_DAY.finditer(text):
        yield match.start(), None
    for run in _DIGITS.finditer(text):
        after = _AFTER_A_DAY.match(lower, run.end())
        if after and lower[after.end() : after.end() + 3] in _MONTH_OF:  # "3 March": the last one or two digits
            found = _in_the_year_to(written_on, _MONTH_OF[lower[after.end() : after.end() + 3]], int(run[0][-2:]))
            if found is not None:
                yield run.start(), found
        month = _month_before(lower, run.start())
        if month:  # "March 3": the first one or two digits
            found = _in_the_year_to(written_on, month, int(run[0][:2]))
            if found is not None:
                yield run.start(), found
    if any(hint in lower for hint in _RELATIVE_HINTS):
        for match in _RELATIVE.finditer(lower):
            yield match.start(), written_on
            yield match.start(), written_on - dt.timedelta(days=1)


def days_named(notes: Sequence[NoteRecord]) -> _Named:
    """Every day each note could name, and where (see the module's docstring)."""
    named: _Named = {}
    for n, note in enumerate(notes):
        found = list(_days_named(note.text, note.date))
        if found:
            named[n] = found
    return named


def _in(named: _Named, after: dt.date, until: dt.date) -> tuple[set[tuple[int, int]], set[dt.date], bool]:
    """Where the notes could name a day in the window (note, place in its text), the days, and whether
    one could name any day."""
    where = {(n, at) for n, found in named.items() for at, day in found if day is None or after < day <= until}
    days = {day for n, found in named.items() for _, day in found if day is not None and after < day <= until}
    any_day = any(day is None for found in named.values() for _, day in found)
    return where, days, any_day


def places_to_read(
    checklist: Checklist, hers: Iterable[Hers], on_map: Iterable[dt.date], named: _Named
) -> set[tuple[int, int]]:
    """Where the notes name a day that can decide one of her criteria. Escalation is decided without them
    where the map's dated incidents and every day the notes could name in its window come to fewer than
    it needs; repeat, where neither holds a day after her last referral. Otherwise every place that could
    name a day in the window is read, so that the criterion's count and its reasons are whole."""
    map_days = set(on_map)
    wanted: set[tuple[int, int]] = set()
    needed = checklist.marac.potential_escalation.incidents_at_least
    for her in hers:
        (after, until), *repeat = windows(checklist, [her])
        where, days, any_day = _in(named, after, until)
        if any_day or len(days | {d for d in map_days if after < d <= until}) >= needed:
            wanted |= where
        for after, until in repeat:
            where, days, any_day = _in(named, after, until)
            if any_day or days or any(after < d <= until for d in map_days):
                wanted |= where
    return wanted


def _passages(notes: Sequence[NoteRecord], wanted: set[tuple[int, int]]) -> Iterator[NoteRecord]:
    """The notes cut down to the sentences (as `notefacts.sentences_of` splits them) that hold a wanted
    place and the sentence either side of each (a fact whose words run over the end of a sentence is
    read in both), in the notes' order, each keeping its note's id and date."""
    for n in sorted({n for n, _ in wanted}):
        note = notes[n]
        spans = sentences_of(note.text)
        starts = [start for start, _ in spans]
        runs: list[list[int]] = []
        for s in sorted({max(0, bisect_right(starts, at) - 1) for m, at in wanted if m == n}):
            lo, hi = max(0, s - 1), min(len(spans) - 1, s + 1)
            if runs and lo <= runs[-1][1] + 1:
                runs[-1][1] = max(runs[-1][1], hi)
            else:
                runs.append([lo, hi])
        for lo, hi in runs:
            yield note.model_copy(update={"text": note.text[spans[lo][0] : spans[hi][1]]})


def listed_quickly(
    case: CaseRecordPart,
    pattern: PatternMapPart,
    risk: RiskPart,
    *,
    as_of: dt.date,
    checklist: Checklist,
    read: ReadIncidents | None = None,
) -> list[Listed]:
    """The same survivors as `listed`, each with the same criteria met and the same reasons for them,
    reading only the sentences of notes that can decide a criterion (see the module's docstring)."""
    hers = latest_identifications(case, risk, as_of)
    if not hers:
        return []
    read = read or read_every_incident()
    people = case.model_copy(update={"notes": (), "contact_attempts": (), "relationships": ()})
    incidents = list(read(people, PatternMapPart(behaviour_entries=pattern.behaviour_entries), as_of))
    named = days_named(case.notes)
    wanted = places_to_read(checklist, hers, (i.on for i in incidents), named)
    if wanted:  # the map's incidents first, then the notes', as read_record lists them
        notes = tuple(_passages(case.notes, wanted))
        incidents += read(people.model_copy(update={"notes": notes}), PatternMapPart(), as_of)
    return _listed(case, checklist, incidents, hers)
