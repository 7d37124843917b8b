"""Reads of the pattern map, shaped for the family page, the audit and the exports.

Callers pass a family they got from the read gate (`spotlight.cases.gate.family_for_read`,
which logs the view); nothing here decides who may read what.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from django.http import Http404

from spotlight.access.models import Correctable
from spotlight.cases.models import CaseNote, Family, Person
from spotlight.pattern.domain.casefile import RELATIONSHIP_PRIOR
from spotlight.pattern.domain.catalogue import Catalogue, default_catalogue
from spotlight.pattern.domain.directory import programme_labels, support_labels
from spotlight.pattern.domain.notefacts import (
    BEHAVIOUR,
    COMPLICATING_FACTOR,
    KINDS,
    PROTECTIVE_EFFORT,
    FoundFact,
    Member,
    find_facts,
)
from spotlight.pattern.domain.timeline import Timeline, TimelineEntry, his_timeline, read_period
from spotlight.pattern.models import (
    ENGAGED_STATUSES,
    BehaviourEntry,
    ChildHarm,
    ComplicatingFactor,
    NoteFactDecision,
    ProgrammeReferral,
    ProtectiveEffort,
    ReferralStatus,
)
from spotlight.vocabulary import Role


@dataclass(frozen=True)
class ChildHarmLine:
    """What he did that harmed one child in one behaviour entry, and the impact on that child."""

    harm: ChildHarm
    child: Person
    his_action: str
    impact: str


@dataclass(frozen=True)
class PatternEntry:
    """One of his behaviours, with the catalogue's words for it."""

    entry: BehaviourEntry
    group_id: str
    group_label: str
    kind_label: str
    risk_indicator: bool
    relationship_label: str
    is_prior_relationship: bool
    when: str  # the date (ISO) or the period; "" when neither is known
    source_label: str
    child_harms: list[ChildHarmLine]


@dataclass(frozen=True)
class RiskIndicator:
    kind: str
    label: str
    entries: int
    latest: dt.date | None


@dataclass(frozen=True)
class ReferralLine:
    """One referral of him to a programme, as the page shows it."""

    referral: ProgrammeReferral
    programme_label: str
    status_label: str
    engaged: bool
    #: the support offered to her alongside: the service's name ("" when another service or none)
    support_label: str = ""
    support_response_label: str = ""
    #: every step it has moved through, oldest first: (status label, date, sessions attended)
    progress: tuple[tuple[str, dt.date | None, int | None], ...] = ()


@dataclass(frozen=True)
class HisPattern:
    """The pattern map of one person causing harm: his behaviours by date (a period by its start),
    undated last."""

    person: Person
    entries: list[PatternEntry]
    risk_indicators: list[RiskIndicator]  # in catalogue order
    prior_relationship_entries: int
    presenting_incidents: int
    referrals: list[ReferralLine] = field(default_factory=list)

    @cached_property
    def timeline(self) -> Timeline | None:
        """His behaviour over time as a chart, or None when none of his entries has a date or a
        period that can be read. Built when a page asks for it, once."""
        entries = [
            TimelineEntry(
                kind=e.entry.kind,
                behaviour=e.kind_label,
                occurred_on=e.entry.occurred_on,
                period=e.entry.period,
                prior_relationship=e.is_prior_relationship,
                relationship=e.relationship_label,
                source=e.source_label,
                risk_indicator=e.risk_indicator,
            )
            for e in self.entries
        ]
        return his_timeline(self.person.full_name, entries, default_catalogue())


@dataclass(frozen=True)
class HarmToChild:
    """One harm to a child, seen from the child's side: whose behaviour, which, when."""

    person_causing_harm: Person
    kind_label: str
    when: str
    his_action: str
    impact: str
    harm: ChildHarm


@dataclass(frozen=True)
class ChildImpact:
    child: Person
    harms: list[HarmToChild]  # in the order of his behaviours (by date or period start, undated last)


@dataclass(frozen=True)
class EffortLine:
    effort: ProtectiveEffort
    survivor: Person
    kind_label: str
    when: str
    description: str
    source_label: str
    children: list[Person]


@dataclass(frozen=True)
class EffortGroup:
    """Her protective efforts of one catalogue group: "help_seeking" or "everyday"."""

    id: str
    label: str
    efforts: list[EffortLine]


@dataclass(frozen=True)
class FactorLine:
    factor: ComplicatingFactor
    person: Person
    label: str
    interaction: str
    source_label: str


@dataclass(frozen=True)
class PatternMap:
    family: Family
    people_causing_harm: list[HisPattern]
    risk_indicators: list[RiskIndicator]  # across everyone causing harm in the family, catalogue order
    children: list[ChildImpact]
    protective_efforts: list[EffortGroup]  # every catalogue group, in catalogue order, even if empty
    complicating_factors: list[FactorLine]
    struck_out: list[StruckOut] = field(default_factory=list)  # entered in error: shown, never counted


@dataclass(frozen=True)
class StruckOut:
    """A pattern map record struck out as entered in error: listed as such, left out of the map."""

    kind: str  # its RecordKind key
    label: str
    record: Correctable


def _when(day: dt.date | None, period: str) -> str:
    return day.isoformat() if day else period


def _date_order(day: dt.date | None, pk: int, period: str = "") -> tuple[int, dt.date, int]:
    """By date; an entry known only by its period ("2018 to 2019") by the period's start where it can be
    read; anything else last, in the order recorded."""
    if day:
        return (0, day, pk)
    read = read_period(period) if period else None
    return (0, read.start, pk) if read else (1, dt.date.min, pk)


def _risk_indicators(entries: list[PatternEntry], catalogue: Catalogue) -> list[RiskIndicator]:
    found: dict[str, list[dt.date | None]] = defaultdict(list)
    for e in entries:
        if e.risk_indicator:
            found[e.entry.kind].append(e.entry.occurred_on)
    result: list[RiskIndicator] = []
    for group in catalogue.behaviours:
        for kind in group.kinds:
            if kind.id in found:
                dates = [d for d in found[kind.id] if d is not None]
                result.append(RiskIndicator(kind.id, kind.label, len(found[kind.id]), max(dates, default=None)))
    return result


@dataclass(frozen=True)
class _FamilyMapRecords:
    """Every record of a family's pattern map, each kind read once (struck out or not), in its model's order."""

    entries: list[BehaviourEntry]
    harms: list[ChildHarm]
    efforts: list[ProtectiveEffort]
    factors: list[ComplicatingFactor]
    referrals: list[ProgrammeReferral]

    @classmethod
    def read(cls, family: Family) -> _FamilyMapRecords:
        return cls(
            entries=list(BehaviourEntry.objects.filter(family=family)),
            harms=list(ChildHarm.objects.filter(entry__family=family)),
            efforts=list(ProtectiveEffort.objects.filter(family=family).prefetch_related("children")),
            factors=list(ComplicatingFactor.objects.filter(family=family)),
            referrals=list(ProgrammeReferral.objects.filter(family=family).select_related("support_survivor")),
        )


def _his_entries(
    records: _FamilyMapRecords, catalogue: Catalogue, by_id: dict[int, Person]
) -> dict[int, list[PatternEntry]]:
    """Each person causing harm's entries, by date (undated last), with the harm each did to each child."""
    sources = {s.id: s.label for s in catalogue.sources}
    relationships = {r.id: r.label for r in catalogue.relationships}
    harms_by_entry: dict[int, list[ChildHarmLine]] = defaultdict(list)
    for harm in records.harms:  # by entry, then child, then as recorded
        if harm.struck_out_at is None:
            child = by_id.get(harm.child_id) or harm.child
            harms_by_entry[harm.entry_id].append(ChildHarmLine(harm, child, harm.his_action, harm.impact))
    entries_by_person: dict[int, list[PatternEntry]] = defaultdict(list)
    rows = [e for e in records.entries if e.struck_out_at is None]
    for entry in sorted(rows, key=lambda e: _date_order(e.occurred_on, e.pk, e.period)):
        try:
            group, kind = catalogue.behaviour(entry.kind)
            group_id, group_label, kind_label, risk = group.id, group.label, kind.label, kind.risk_indicator
        except KeyError:  # a kind the authority has since removed from its catalogue
            group_id, group_label, kind_label, risk = "other", "Other behaviour", entry.kind, False
        entries_by_person[entry.person_id].append(
            PatternEntry(
                entry=entry,
                group_id=group_id,
                group_label=group_label,
                kind_label=kind_label,
                risk_indicator=risk,
                relationship_label=relationships.get(entry.relationship, entry.relationship),
                is_prior_relationship=entry.relationship == RELATIONSHIP_PRIOR,
                when=_when(entry.occurred_on, entry.period),
                source_label=sources.get(entry.source, entry.source),
                child_harms=harms_by_entry.get(entry.pk, []),
            )
        )
    return entries_by_person


def _his_referrals(records: _FamilyMapRecords) -> dict[int, list[ReferralLine]]:
    programmes = programme_labels()
    services = support_labels()
    statuses = dict(ReferralStatus.choices)
    referrals_by_person: dict[int, list[ReferralLine]] = defaultdict(list)
    for referral in records.referrals:  # by the day he was referred, then as recorded
        if referral.struck_out_at is not None:
            continue
        referrals_by_person[referral.person_id].append(
            ReferralLine(
                referral=referral,
                programme_label=programmes.get(referral.programme, referral.programme),
                status_label=referral.get_status_display(),
                engaged=referral.status in ENGAGED_STATUSES,
                support_label=services.get(referral.support_service, ""),
                support_response_label=referral.get_support_response_display() if referral.support_response else "",
                progress=tuple(
                    (
                        statuses.get(step.get("status", ""), step.get("status", "")),
                        dt.date.fromisoformat(step["on"]) if step.get("on") else None,
                        step.get("sessions"),
                    )
                    for step in referral.progress
                ),
            )
        )
    return referrals_by_person


def _her_efforts(records: _FamilyMapRecords, catalogue: Catalogue, by_id: dict[int, Person]) -> list[EffortGroup]:
    """Her protective efforts, by the catalogue's groups (help-seeking, everyday), each by date."""
    sources = {s.id: s.label for s in catalogue.sources}
    efforts_by_kind = {k.id: (g.id, k.label) for g in catalogue.protective_efforts for k in g.kinds}
    lines_by_group: dict[str, list[EffortLine]] = defaultdict(list)
    effort_rows = [e for e in records.efforts if e.struck_out_at is None]
    for effort in sorted(effort_rows, key=lambda x: _date_order(x.occurred_on, x.pk)):
        group_id, kind_label = efforts_by_kind.get(effort.kind, ("everyday", effort.kind))
        lines_by_group[group_id].append(
            EffortLine(
                effort=effort,
                survivor=by_id[effort.survivor_id],
                kind_label=kind_label,
                when=_when(effort.occurred_on, ""),
                description=effort.description,
                source_label=sources.get(effort.source, effort.source),
                children=sorted(effort.children.all(), key=lambda c: c.pk),
            )
        )
    return [EffortGroup(g.id, g.label, lines_by_group.get(g.id, [])) for g in catalogue.protective_efforts]


def _factors(records: _FamilyMapRecords, catalogue: Catalogue, by_id: dict[int, Person]) -> list[FactorLine]:
    sources = {s.id: s.label for s in catalogue.sources}
    factors = {f.id: f.label for f in catalogue.complicating_factors}
    return [
        FactorLine(
            factor=f,
            person=by_id[f.person_id],
            label=factors.get(f.factor, f.factor),
            interaction=f.interaction,
            source_label=sources.get(f.source, f.source),
        )
        for f in records.factors  # as recorded
        if f.struck_out_at is None
    ]


def pattern_map(family: Family, *, people: Sequence[Person] | None = None) -> PatternMap:
    """The whole pattern map of a family: his behaviours first, then the children, her protective
    efforts and the complicating factors. Labels come from the catalogue in use.

    `people`: the family's people, when the caller has read them already (the family page reads
    them once for every section). Seven queries however many entries, efforts and people."""
    catalogue = default_catalogue()
    known = Person.objects.filter(family=family) if people is None else people
    people = sorted(known, key=lambda p: p.pk)
    by_id = {p.pk: p for p in people}
    records = _FamilyMapRecords.read(family)
    entries_by_person = _his_entries(records, catalogue, by_id)
    referrals_by_person = _his_referrals(records)
    his_patterns: list[HisPattern] = []
    all_entries: list[PatternEntry] = []
    for person in people:
        if person.role != Role.PERSON_CAUSING_HARM:
            continue
        mine = entries_by_person.get(person.pk, [])
        all_entries.extend(mine)
        his_patterns.append(
            HisPattern(
                person=person,
                entries=mine,
                risk_indicators=_risk_indicators(mine, catalogue),
                prior_relationship_entries=sum(1 for e in mine if e.is_prior_relationship),
                presenting_incidents=sum(1 for e in mine if e.entry.presenting_incident),
                referrals=referrals_by_person.get(person.pk, []),
            )
        )
    all_entries.sort(key=lambda e: _date_order(e.entry.occurred_on, e.entry.pk, e.entry.period))
    harms_by_child: dict[int, list[HarmToChild]] = defaultdict(list)
    for e in all_entries:
        for line in e.child_harms:
            harms_by_child[line.child.pk].append(
                HarmToChild(by_id[e.entry.person_id], e.kind_label, e.when, line.his_action, line.impact, line.harm)
            )
    return PatternMap(
        family=family,
        people_causing_harm=his_patterns,
        risk_indicators=_risk_indicators(all_entries, catalogue),
        children=[ChildImpact(p, harms_by_child.get(p.pk, [])) for p in people if p.role == Role.CHILD],
        protective_efforts=_her_efforts(records, catalogue, by_id),
        complicating_factors=_factors(records, catalogue, by_id),
        struck_out=_struck_out(records),
    )


def _struck_out(records: _FamilyMapRecords) -> list[StruckOut]:
    """Every pattern map record struck out as entered in error, the latest first."""
    found: list[StruckOut] = []
    kinds: tuple[tuple[str, str, Sequence[Correctable]], ...] = (
        ("behaviour", "Behaviour", records.entries),
        ("child-harm", "Harm to a child", records.harms),
        ("protective-effort", "Protective effort", records.efforts),
        ("complicating-factor", "Complicating factor", records.factors),
        ("programme-referral", "Programme referral", records.referrals),
    )
    for kind, label, rows in kinds:
        found += [StruckOut(kind, label, r) for r in rows if r.struck_out_at is not None]
    return sorted(found, key=lambda s: s.record.struck_out_at or dt.datetime.min.replace(tzinfo=dt.UTC), reverse=True)


def behaviour_entry(family: Family, entry_id: int) -> BehaviourEntry:
    """One entry of the family's map ("not found" for any other)."""
    found = BehaviourEntry.objects.select_related("person").filter(family=family, pk=entry_id).first()
    if found is None:
        raise Http404("No entry with that reference is on this family's pattern map.")
    return found


def programme_referral(family: Family, referral_id: int) -> ProgrammeReferral:
    """One of his programme referrals in this family ("not found" for any other)."""
    found = ProgrammeReferral.objects.select_related("person").filter(family=family, pk=referral_id).first()
    if found is None:
        raise Http404("No programme referral with that reference is recorded for this family.")
    return found


@dataclass(frozen=True)
class NoteFactLine:
    """A fact found in one of the family's notes and not yet decided on, shaped for a page."""

    note: CaseNote
    fact: FoundFact
    key: str
    #: the map already holds a record of this kind (this id of behaviour, effort or factor)
    kind_on_map: bool
    people: list[Person]
    children: list[Person]
    #: the sentence, split around the words that show the fact
    before: str
    words: str
    after: str


def members_of(people: Sequence[Person]) -> list[Member]:
    """The family's people as the facts found in notes read them (their ids, names, roles, pronouns)."""
    return [Member(str(p.pk), p.given_name, p.family_name, p.role, p.pronouns or "") for p in people]


def facts_in_notes(family: Family, *, note_id: int | None = None) -> list[NoteFactLine]:
    """Facts found in the family's notes (rules and second reader) that a worker has neither added to
    the map nor dismissed, his behaviour first, each note's in its order, oldest note first."""
    people = list(family.people.filter(struck_out_at__isnull=True))
    by_ref = {str(p.pk): p for p in people}
    members = members_of(people)
    decided = set(NoteFactDecision.objects.filter(family=family).values_list("note_id", "key"))
    on_map = {
        BEHAVIOUR: set(
            BehaviourEntry.objects.filter(family=family, struck_out_at__isnull=True).values_list("kind", flat=True)
        ),
        PROTECTIVE_EFFORT: set(
            ProtectiveEffort.objects.filter(family=family, struck_out_at__isnull=True).values_list("kind", flat=True)
        ),
        COMPLICATING_FACTOR: set(
            ComplicatingFactor.objects.filter(family=family, struck_out_at__isnull=True).values_list(
                "factor", flat=True
            )
        ),
    }
    notes = CaseNote.objects.filter(family=family, struck_out_at__isnull=True).order_by("occurred_on", "id")
    if note_id is not None:
        notes = notes.filter(pk=note_id)
    lines: list[NoteFactLine] = []
    for note in notes:
        for fact in find_facts(note.text, members, note.occurred_on, second_reader=True):
            key = fact.key()
            if (note.pk, key) in decided:
                continue
            sentence = note.text[fact.sentence_start : fact.sentence_end]
            at, until = fact.start - fact.sentence_start, fact.end - fact.sentence_start
            lines.append(
                NoteFactLine(
                    note=note,
                    fact=fact,
                    key=key,
                    kind_on_map=fact.catalogue_id in on_map.get(fact.kind, set()),
                    people=[by_ref[ref] for ref in fact.people if ref in by_ref],
                    children=[by_ref[ref] for ref in fact.children if ref in by_ref],
                    before=sentence[:at],
                    words=sentence[at:until],
                    after=sentence[until:],
                )
            )
    order = {kind: i for i, kind in enumerate(KINDS)}
    lines.sort(key=lambda line: order.get(line.fact.kind, len(order)))
    return lines


def note_fact(family: Family, note_id: int, key: str) -> NoteFactLine:
    """One undecided fact of one of the family's notes, by its key; 404 if there is none (decided,
    gone with an edit of the note, or never there)."""
    for line in facts_in_notes(family, note_id=note_id):
        if line.key == key:
            return line
    raise Http404("No such fact found in that note, or it has been added to the map or dismissed already.")
