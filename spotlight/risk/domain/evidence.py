"""What the record already says that bears on risk: for each question of her checklist and each item of
his review, the lines of the record that speak to it (pattern map entries, facts found in notes,
contact attempts, programme referrals), and every dated incident, for the escalation and repeat
criteria. Pure, no Django: it reads a family in the case-file format, from the database or an export.

Nothing here answers a question: the answers are hers (and his review is the worker's judgement).
Every line says where it is in the record, in the record's own words or the catalogue's label, and
never states what the record does not hold: a fact in a note with no date is shown, and not counted
as an incident, because the note does not say when it happened.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from spotlight.cases.domain.casefile import CaseRecordPart, NoteRecord, PersonRecord
from spotlight.clock import long_date
from spotlight.pattern.domain.casefile import RELATIONSHIP_PRIOR, PatternMapPart
from spotlight.pattern.domain.catalogue import Catalogue, default_catalogue
from spotlight.pattern.domain.notefacts import (
    BEHAVIOUR,
    CHILD_HARM,
    COMPLICATING_FACTOR,
    ENGAGEMENT,
    PROTECTIVE_EFFORT,
    FoundFact,
    find_facts,
    members_from,
)
from spotlight.risk.domain.checklist import Evidence
from spotlight.risk.domain.marac import Incident, months_before, one_a_day
from spotlight.vocabulary import RELATIONSHIP_PHRASES, Role

#: How long after a birth her checklist's pregnancy question still reads the record (eighteen months)
NEW_BABY_MONTHS = 18
#: Escalation compares the dated incidents of the last six months with the six before
ESCALATION_MONTHS = 6
#: The longest stretch of a note's sentence a line quotes
QUOTE_CHARS = 220

#: What notes say of tries to engage him that did not reach him: not his engagement
_NOT_REACHED = frozenset({"not_reached", "declined"})

ENTRY, NOTE, CONTACT, REFERRAL, PERSON = "entry", "note", "contact_attempt", "programme_referral", "person"


@dataclass(frozen=True)
class Line:
    """One thing the record holds that bears on a question, and where it is."""

    says: str
    on: dt.date | None
    #: what kind of record it is in (ENTRY, NOTE, CONTACT, REFERRAL, PERSON) and its id there
    kind: str
    ref: str


@dataclass
class Clues:
    """A family's record read once for risk: lines by catalogue kind and by record clue, incidents."""

    behaviours: dict[str, list[Line]] = field(default_factory=lambda: defaultdict(list))
    factors: dict[str, list[Line]] = field(default_factory=lambda: defaultdict(list))
    efforts: dict[str, list[Line]] = field(default_factory=lambda: defaultdict(list))
    engagement: dict[str, list[Line]] = field(default_factory=lambda: defaultdict(list))
    record: dict[str, list[Line]] = field(default_factory=lambda: defaultdict(list))
    incidents: list[Incident] = field(default_factory=list)
    #: what the record lacks that a reviewer needs, in plain words ("No contact with him recorded")
    gaps: list[str] = field(default_factory=list)

    def for_evidence(self, evidence: Evidence) -> list[Line]:
        """The lines bearing on a question or item, each once, newest first (undated last)."""
        lines: list[Line] = []
        for kinds, found in (
            (evidence.behaviours, self.behaviours),
            (evidence.complicating_factors, self.factors),
            (evidence.efforts, self.efforts),
            (evidence.record, self.record),
        ):
            for kind in kinds:
                lines += found.get(kind, [])
        unique = list(dict.fromkeys(lines))
        return sorted(unique, key=lambda line: line.on or dt.date.min, reverse=True)


def _quote(note: NoteRecord, fact: FoundFact) -> str:
    sentence = " ".join(note.text[fact.sentence_start : fact.sentence_end].split())
    return sentence if len(sentence) <= QUOTE_CHARS else sentence[: QUOTE_CHARS - 1].rstrip() + "…"


def read_record(
    case: CaseRecordPart,
    pattern: PatternMapPart,
    *,
    today: dt.date,
    him: str | None = None,
    dismissed: Mapping[str, Collection[str]] | None = None,
    catalogue: Catalogue | None = None,
    second_reader: bool = False,
    read_notes: bool = True,
) -> Clues:
    """Read a family's record for risk, about every person causing harm in it or only ``him`` (a person
    id). ``dismissed``: note id -> keys of the facts a worker dismissed there (not offered again).
    ``read_notes=False`` reads the structured record alone (an import, which keeps what a file says)."""
    catalogue = catalogue or default_catalogue()
    people = {p.id: p for p in case.people}
    harmers = {p.id for p in case.people if p.role == Role.PERSON_CAUSING_HARM and (him is None or p.id == him)}
    clues = Clues()
    _read_map(clues, pattern, people, harmers, catalogue)
    if read_notes:
        _read_notes(clues, case, people, harmers, dismissed or {}, second_reader)
    _read_people(clues, case, today)
    _read_contact(clues, case, pattern, people, harmers, catalogue)
    _escalation(clues, today)
    return clues


def _name(people: Mapping[str, PersonRecord], ref: str) -> str:
    person = people.get(ref)
    return f"{person.given_name} {person.family_name}".strip() if person else "him"


def _read_map(
    clues: Clues, pattern: PatternMapPart, people: Mapping[str, PersonRecord], harmers: set[str], catalogue: Catalogue
) -> None:
    kinds = {k.id: k.label for g in catalogue.behaviours for k in g.kinds}
    sources = {s.id: s.label for s in catalogue.sources}
    for entry in pattern.behaviour_entries:
        if entry.person not in harmers:
            continue
        label = kinds.get(entry.kind, entry.kind.replace("_", " "))
        when = f"on {long_date(entry.occurred_on)}" if entry.occurred_on else (entry.period or "undated")
        prior = " in an earlier relationship" if entry.relationship == RELATIONSHIP_PRIOR else ""
        line = Line(
            f"The pattern map records “{label}” by {_name(people, entry.person)}{prior}, {when} "
            f"(source: {sources.get(entry.source, entry.source)})",
            entry.occurred_on,
            ENTRY,
            entry.id,
        )
        clues.behaviours[entry.kind].append(line)
        if entry.relationship == RELATIONSHIP_PRIOR:
            clues.record["prior_relationships"].append(line)
        elif entry.occurred_on is not None:
            clues.incidents.append(Incident(entry.occurred_on, label, "the pattern map", entry.id))
        if entry.source == "police":
            clues.record["police"].append(line)
        if entry.child_harms:
            clues.record["children"].append(line)
            clues.record["child_harm"].append(line)
    factors = {c.id: c.label for c in catalogue.complicating_factors}
    for factor in pattern.complicating_factors:
        if factor.person in harmers:
            clues.factors[factor.factor].append(
                Line(
                    f"The pattern map records {factors.get(factor.factor, factor.factor).lower()} for "
                    f"{_name(people, factor.person)}: {factor.interaction}",
                    None,
                    ENTRY,
                    factor.id,
                )
            )
    efforts = {k.id: k.label for g in catalogue.protective_efforts for k in g.kinds}
    for effort in pattern.protective_efforts:
        when = f" on {long_date(effort.occurred_on)}" if effort.occurred_on else ""
        clues.efforts[effort.kind].append(
            Line(
                f"The pattern map records her protective effort “{efforts.get(effort.kind, effort.kind)}”{when}",
                effort.occurred_on,
                ENTRY,
                effort.id,
            )
        )


def _read_notes(
    clues: Clues,
    case: CaseRecordPart,
    people: Mapping[str, PersonRecord],
    harmers: set[str],
    dismissed: Mapping[str, Collection[str]],
    second_reader: bool,
) -> None:
    members = members_from(p.model_dump(mode="json") for p in case.people)
    for note in sorted(case.notes, key=lambda n: n.date):
        for fact in find_facts(note.text, members, note.date, second_reader=second_reader):
            if fact.key() in dismissed.get(note.id, ()):
                continue
            if fact.kind in (BEHAVIOUR, ENGAGEMENT, COMPLICATING_FACTOR) and fact.people:
                if not set(fact.people) & harmers:
                    continue  # someone else's (another person causing harm, or her own factor)
            denied = " (he denies it)" if fact.denied else ""
            says = f"The note of {long_date(note.date)} says “{_quote(note, fact)}”{denied}"
            line = Line(says, note.date, NOTE, note.id)
            if fact.kind == BEHAVIOUR:
                clues.behaviours[fact.catalogue_id].append(line)
                if fact.relationship == RELATIONSHIP_PRIOR:
                    clues.record["prior_relationships"].append(line)
                elif fact.occurred_on is not None:
                    clues.incidents.append(
                        Incident(fact.occurred_on, fact.label, f"the note of {long_date(note.date)}", note.id)
                    )
                if note.agency and _agency_kind(case, note.agency) == "police":
                    clues.record["police"].append(line)
            elif fact.kind == CHILD_HARM:
                clues.record["child_harm"].append(line)
            elif fact.kind == COMPLICATING_FACTOR:
                clues.factors[fact.catalogue_id].append(line)
            elif fact.kind == PROTECTIVE_EFFORT:
                clues.efforts[fact.catalogue_id].append(line)
            elif fact.kind == ENGAGEMENT:
                clues.engagement[fact.catalogue_id].append(line)
                if fact.catalogue_id not in _NOT_REACHED:
                    clues.record["engagement"].append(line)
                if fact.catalogue_id in ("acknowledged", "minimised_or_blamed"):
                    clues.record["his_account"].append(line)


def _agency_kind(case: CaseRecordPart, agency: str) -> str:
    return next((str(a.kind) for a in case.agencies if a.id == agency), "")


def _read_people(clues: Clues, case: CaseRecordPart, today: dt.date) -> None:
    since = months_before(today, NEW_BABY_MONTHS)
    for person in case.people:
        if person.role != Role.CHILD:
            continue
        if person.expected_date_of_birth is not None:
            clues.record["pregnancy"].append(
                Line(
                    f"The record has a baby expected on {long_date(person.expected_date_of_birth)}",
                    person.expected_date_of_birth,
                    PERSON,
                    person.id,
                )
            )
        elif person.date_of_birth is not None and since <= person.date_of_birth <= today:
            clues.record["pregnancy"].append(
                Line(
                    f"{person.given_name} was born on {long_date(person.date_of_birth)}",
                    person.date_of_birth,
                    PERSON,
                    person.id,
                )
            )


def _read_contact(
    clues: Clues,
    case: CaseRecordPart,
    pattern: PatternMapPart,
    people: Mapping[str, PersonRecord],
    harmers: set[str],
    catalogue: Catalogue,
) -> None:
    tried = 0
    for attempt in case.contact_attempts:
        if attempt.person not in harmers:
            continue
        outcome = str(attempt.outcome)
        if outcome in ("attempted", "declined"):
            tried += 1  # a try that did not reach him is not his engagement, but it is said below
            continue
        clues.record["engagement"].append(
            Line(
                f"Contact with {_name(people, attempt.person)} on {long_date(attempt.date)}: "
                f"{outcome.replace('_', ' ')}",
                attempt.date,
                CONTACT,
                attempt.id,
            )
        )
    reached = bool(clues.record.get("engagement")) or any(
        kind in clues.engagement for kind in ("seen_alone", "seen_with_others", "spoken_to", "acknowledged")
    )
    if harmers and not reached:
        tries = f" ({tried} attempt{'s' if tried != 1 else ''} did not reach him or he declined)" if tried else ""
        clues.gaps.append(f"No contact with him recorded{tries}; his account is missing.")
    elif harmers and not clues.record.get("his_account"):
        clues.gaps.append("His own account is not recorded in the notes.")
    programmes = {p.id: p.label for p in catalogue.programmes}
    for referral in pattern.programme_referrals:
        if referral.person in harmers:
            status = referral.status.replace("_", " ")
            support = "" if referral.support_for_her else "; no support for her recorded alongside"
            clues.record["programmes"].append(
                Line(
                    f"Referred to {programmes.get(referral.programme, referral.programme)} on "
                    f"{long_date(referral.referred_on)}: {status}{support}",
                    referral.status_on or referral.referred_on,
                    REFERRAL,
                    referral.id,
                )
            )
    for relationship in case.relationships:
        child = people.get(relationship.to_person)
        if relationship.from_person in harmers and child is not None and child.role == Role.CHILD:
            if str(relationship.kind) in ("parent", "step_parent", "mothers_partner"):
                clues.record["children"].append(
                    Line(
                        f"{_name(people, relationship.from_person)} is recorded as "
                        f"{RELATIONSHIP_PHRASES[relationship.kind]} {child.given_name}",
                        None,
                        PERSON,
                        child.id,
                    )
                )


def _escalation(clues: Clues, today: dt.date) -> None:
    """A line for the escalation questions where the last six months hold more dated incidents than
    the six before (and at least two)."""
    days = one_a_day(clues.incidents)
    middle = months_before(today, ESCALATION_MONTHS)
    start = months_before(middle, ESCALATION_MONTHS)
    recent = [i for i in days if middle < i.on <= today]
    earlier = [i for i in days if start < i.on <= middle]
    if len(recent) >= 2 and len(recent) > len(earlier):
        clues.record["escalation"].append(
            Line(
                f"{len(recent)} dated incidents in the six months to {long_date(today)}, against {len(earlier)} in "
                "the six months before",
                recent[-1].on,
                "record",
                "",
            )
        )


def incidents_of(clues: Clues) -> list[Incident]:
    """Every dated incident, one a day, oldest first."""
    return one_a_day(clues.incidents)


def questions_with_evidence(evidence: Iterable[tuple[str, Evidence]], clues: Clues) -> dict[str, list[Line]]:
    """Question (or item) id -> the lines bearing on it."""
    return {qid: clues.for_evidence(ev) for qid, ev in evidence}
