"""What a family's file shows, laid out for the case-file audit. Pure Python, no Django.

`evidence_from_record(record)` reads one family in the case-file format (see
`spotlight.casefile.format`) and counts what an auditor looks for beside each item of the
instrument: who he is and whether he is named, every attempt to contact him by outcome, the
pattern map (his behaviours, the harm to each child, her protective efforts, complicating
factors), the agencies, and the language review's findings over the case notes by family of
rules. `spotlight.audit.domain.suggest` turns this evidence into a suggested rating per item.

A database-backed builder can fill the same dataclass later: nothing here reads a file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from spotlight.casefile.format import FamilyRecord
from spotlight.clock import long_date
from spotlight.language import Person, Severity, review
from spotlight.pattern.domain.casefile import RELATIONSHIP_PRIOR
from spotlight.pattern.domain.catalogue import Catalogue, default_catalogue
from spotlight.pattern.domain.notefacts import (
    BEHAVIOUR,
    CHILD_HARM,
    COMPLICATING_FACTOR,
    PROTECTIVE_EFFORT,
    find_facts,
    members_from,
)
from spotlight.plans.domain.casefile import PlansSummary, plans_summary
from spotlight.vocabulary import REACHED_OUTCOMES, ContactType, EngagementOutcome, RelationshipKind, Role

#: Relationships that make him a parent or carer to a child (from him to the child).
PARENTAL_RELATIONSHIPS: frozenset[RelationshipKind] = frozenset(
    {RelationshipKind.PARENT, RelationshipKind.STEP_PARENT, RelationshipKind.MOTHERS_PARTNER}
)

_EMPTY: Mapping[str, int] = MappingProxyType({})


@dataclass(frozen=True)
class ContactEvidence:
    """Attempts to contact the person (or people) causing harm, by outcome.

    `reached` counts attempts whose outcome is in REACHED_OUTCOMES; `seen` counts seen, seen
    alone and assessed as a parent (an assessment is face to face); `seen_alone` and
    `assessed_as_parent` count those outcomes; `methods` is how many different routes were tried.
    """

    attempts: int = 0
    reached: int = 0
    seen: int = 0
    seen_alone: int = 0
    assessed_as_parent: int = 0
    declined: int = 0
    methods: int = 0


@dataclass(frozen=True)
class FactsInNotes:
    """What the notes record that the pattern map does not (facts found in notes, see
    `spotlight.pattern.domain.notefacts`): of each kind of fact, only what the map does not already
    hold, so a fact on the map and in a note counts once. ``first_found`` gives, per topic, the date of
    the first note it was found in, so a reason can say where it came from."""

    behaviour_facts: int = 0
    behaviour_kinds: frozenset[str] = frozenset()
    prior_facts: int = 0
    #: who recorded his behaviour in the notes: the agencies whose notes it was found in ("worker" for
    #: the authority's own)
    sources: frozenset[str] = frozenset()
    kinds_using_children: int = 0
    child_harm_facts: int = 0
    children_harmed: frozenset[str] = frozenset()
    help_seeking: int = 0
    everyday: int = 0
    efforts_with_children: int = 0
    factors: int = 0
    first_found: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def where(self, topic: str) -> str:
        """ "found in the note of 4 March 2026" (or "found in the notes") for a topic."""
        day = self.first_found.get(topic)
        if not day:
            return "found in the notes"
        date = dt.date.fromisoformat(day)
        return f"found in the notes, first in the note of {date.day} {date:%B %Y}"


@dataclass(frozen=True)
class FamilyEvidence:
    family_ref: str
    team: str
    # people
    people_by_role: Mapping[str, int] = field(default_factory=lambda: _EMPTY)
    harm_people: int = 0
    #: people causing harm recorded with a given and a family name
    harm_people_named: int = 0
    #: children born (an unborn child, with only an expected date of birth, is not counted)
    children: int = 0
    #: born children to whom a person causing harm is recorded as parent, step-parent or mother's partner
    children_with_him_as_parent: int = 0
    # contact with him
    contact: ContactEvidence = field(default_factory=ContactEvidence)
    # the pattern map
    behaviour_entries: int = 0
    behaviour_kinds: int = 0
    prior_relationship_entries: int = 0
    presenting_incidents: int = 0
    entries_with_source: int = 0
    behaviour_sources: int = 0
    #: entries whose kind is in the catalogue's "using the children" group
    entries_using_children: int = 0
    child_harm_records: int = 0
    #: born children with at least one specific harm (his action and its impact) recorded
    children_with_harm: int = 0
    #: child harms recorded on an entry whose source is the child
    harms_from_child: int = 0
    protective_efforts: int = 0
    help_seeking_efforts: int = 0
    everyday_efforts: int = 0
    efforts_linked_to_children: int = 0
    complicating_factors: int = 0
    # his programme referrals
    programme_referrals: int = 0
    #: referrals where he started, completed, or started and stopped the programme
    programmes_engaged: int = 0
    #: referrals with support offered to her alongside
    programmes_with_support_for_her: int = 0
    # the plan (plans not ended; the latest when all have ended), as it is written
    plans: PlansSummary = field(default_factory=PlansSummary)
    # agencies
    agencies: int = 0
    notes: int = 0
    agency_notes: int = 0
    agencies_with_notes: int = 0
    multi_agency_meetings: int = 0
    # the language review over the case notes (findings not kept with [[keep: ...]])
    findings_by_family: Mapping[str, int] = field(default_factory=lambda: _EMPTY)
    notes_with_findings: int = 0
    #: notes mentioning an earlier partner of his, in words (not on the pattern map)
    notes_mentioning_prior_partner: int = 0
    #: notes that name mediation, couples work or anger management: no response to coercive control
    notes_naming_mediation: int = 0
    #: notes that treat him as a parent (his care of the children, his parenting, his time with them)
    notes_about_him_as_parent: int = 0
    #: what the notes record that the map does not
    in_notes: FactsInNotes = field(default_factory=FactsInNotes)
    # risk: the latest risk identification with her, and the latest review of his risk (ISO dates, or "")
    risk_identifications: int = 0
    latest_risk_identification: str = ""
    his_risk_reviews: int = 0
    latest_his_risk_review: str = ""

    def risk_line(self) -> str:
        """Whether the risk assessments the pattern should inform are recorded, in a reason's words."""
        parts = []
        for count, latest, what in (
            (self.his_risk_reviews, self.latest_his_risk_review, "review of his risk"),
            (self.risk_identifications, self.latest_risk_identification, "risk identification with her"),
        ):
            if count:
                day = dt.date.fromisoformat(latest)
                parts.append(f"a {what} ({long_date(day)})")
            else:
                parts.append(f"no {what}")
        return f"Risk assessments the pattern can inform: {parts[0]}; {parts[1]}."

    # The map and the notes together: a fact counts once, wherever it is recorded.
    @property
    def all_behaviours(self) -> int:
        return self.behaviour_entries + self.in_notes.behaviour_facts

    @property
    def all_behaviour_kinds(self) -> int:
        return self.behaviour_kinds + len(self.in_notes.behaviour_kinds)

    @property
    def all_prior(self) -> int:
        return self.prior_relationship_entries + self.in_notes.prior_facts

    @property
    def all_with_source(self) -> int:
        return self.entries_with_source + self.in_notes.behaviour_facts  # a fact in a note has its note

    @property
    def all_sources(self) -> int:
        return self.behaviour_sources + len(self.in_notes.sources)

    @property
    def all_using_children(self) -> int:
        return self.entries_using_children + self.in_notes.kinds_using_children

    @property
    def all_child_harms(self) -> int:
        return self.child_harm_records + self.in_notes.child_harm_facts

    @property
    def all_children_with_harm(self) -> int:
        return self.children_with_harm + len(self.in_notes.children_harmed)

    @property
    def all_help_seeking(self) -> int:
        return self.help_seeking_efforts + self.in_notes.help_seeking

    @property
    def all_everyday(self) -> int:
        return self.everyday_efforts + self.in_notes.everyday

    @property
    def all_efforts(self) -> int:
        return self.all_help_seeking + self.all_everyday

    @property
    def all_efforts_linked(self) -> int:
        return self.efforts_linked_to_children + self.in_notes.efforts_with_children

    def findings(self, *families: str) -> int:
        """Findings in these families of rules (all families when none are named)."""
        if not families:
            return sum(self.findings_by_family.values())
        return sum(self.findings_by_family.get(f, 0) for f in families)

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if isinstance(value, (ContactEvidence, FactsInNotes, PlansSummary)):
                value = {k: _plain(getattr(value, k)) for k in value.__dataclass_fields__}
            elif isinstance(value, Mapping):
                value = dict(value)
            data[name] = value
        return data


def _plain(value: object) -> object:
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, Mapping):
        return dict(value)
    return value


#: Referral statuses in which he took part in the programme (as `spotlight.pattern.models.ENGAGED_STATUSES`).
_ENGAGED = frozenset({"started", "completed", "stopped"})

_MEDIATION = re.compile(
    r"\b(?:mediation|mediated|anger management|couples? (?:counselling|therapy|work)|relationship counselling)\b",
    re.IGNORECASE,
)
_HIM_AS_PARENT = re.compile(
    r"\b(?:as a (?:father|dad|parent)|his (?:parenting|care of|role as a (?:father|parent|dad)|children|son|daughter|"
    r"time with)|(?:time|contact) with (?:the |his )?(?:children|kids|son|daughter)|fathering|caring dads|"
    r"assessed as a parent|parenting assessment)\b",
    re.IGNORECASE,
)
_PRIOR_WORDS = ("former partner", "previous partner", "ex-partner", "earlier partner", "partner before")


@dataclass(frozen=True)
class _Groups:
    catalogue: Catalogue  # held so that its id() is not reused while cached
    help_seeking: frozenset[str]
    using_children: frozenset[str]
    child_voice: frozenset[str]


_groups_cache: dict[int, _Groups] = {}


def _groups() -> _Groups:
    catalogue = default_catalogue()
    found = _groups_cache.get(id(catalogue))
    if found is None or found.catalogue is not catalogue:
        _groups_cache.clear()
        found = _Groups(
            catalogue=catalogue,
            help_seeking=catalogue.help_seeking_kinds(),
            using_children=catalogue.kinds_using_children(),
            child_voice=catalogue.child_voice_sources(),
        )
        _groups_cache[id(catalogue)] = found
    return found


def _contact(record: FamilyRecord) -> ContactEvidence:
    outcomes = Counter(a.outcome for a in record.contact_attempts)
    o = EngagementOutcome
    return ContactEvidence(
        attempts=len(record.contact_attempts),
        reached=sum(n for outcome, n in outcomes.items() if outcome in REACHED_OUTCOMES),
        seen=outcomes[o.SEEN] + outcomes[o.SEEN_ALONE] + outcomes[o.ASSESSED_AS_PARENT],
        seen_alone=outcomes[o.SEEN_ALONE],
        assessed_as_parent=outcomes[o.ASSESSED_AS_PARENT],
        declined=outcomes[o.DECLINED],
        methods=len({a.method for a in record.contact_attempts}),
    )


def evidence_from_record(
    record: FamilyRecord, dismissed: Mapping[str, Collection[str]] | None = None
) -> FamilyEvidence:
    """Everything the audit lays out for one family, counted from its case-file record. ``dismissed``:
    per note id, the keys of facts found in it that a worker dismissed (not counted)."""
    groups = _groups()
    roles = Counter(p.role.value for p in record.people)
    harm_ids = {p.id for p in record.people if p.role == Role.PERSON_CAUSING_HARM}
    born = {p.id for p in record.people if p.role == Role.CHILD and p.expected_date_of_birth is None}
    parented = {
        r.to_person
        for r in record.relationships
        if r.from_person in harm_ids and r.to_person in born and r.kind in PARENTAL_RELATIONSHIPS
    }

    entries = record.behaviour_entries
    harmed = {h.child for b in entries for h in b.child_harms}
    efforts = record.protective_efforts
    help_seeking = sum(e.kind in groups.help_seeking for e in efforts)

    words = _words_in_notes(record)
    agency_notes = [n for n in record.notes if n.agency]
    in_notes = facts_in_notes(record, groups, dismissed or {})
    return FamilyEvidence(
        family_ref=record.id,
        team=record.team,
        people_by_role=MappingProxyType(dict(roles)),
        harm_people=len(harm_ids),
        harm_people_named=sum(
            1 for p in record.people if p.id in harm_ids and p.given_name.strip() and p.family_name.strip()
        ),
        children=len(born),
        children_with_him_as_parent=len(parented),
        contact=_contact(record),
        behaviour_entries=len(entries),
        behaviour_kinds=len({b.kind for b in entries}),
        prior_relationship_entries=sum(b.relationship == RELATIONSHIP_PRIOR for b in entries),
        presenting_incidents=sum(b.presenting_incident for b in entries),
        entries_with_source=sum(bool(b.source) for b in entries),
        behaviour_sources=len({b.source for b in entries if b.source}),
        entries_using_children=sum(b.kind in groups.using_children for b in entries),
        child_harm_records=sum(len(b.child_harms) for b in entries),
        children_with_harm=len(harmed & born),
        harms_from_child=sum(len(b.child_harms) for b in entries if b.source in groups.child_voice),
        protective_efforts=len(efforts),
        help_seeking_efforts=help_seeking,
        everyday_efforts=len(efforts) - help_seeking,
        efforts_linked_to_children=sum(bool(e.children) for e in efforts),
        complicating_factors=len(record.complicating_factors),
        programme_referrals=len(record.programme_referrals),
        programmes_engaged=sum(r.status in _ENGAGED for r in record.programme_referrals),
        programmes_with_support_for_her=sum(r.support_for_her for r in record.programme_referrals),
        plans=plans_summary(record, {p.id: p for p in record.people}),
        agencies=len(record.agencies),
        notes=len(record.notes),
        agency_notes=len(agency_notes),
        agencies_with_notes=len({n.agency for n in agency_notes}),
        multi_agency_meetings=sum(n.contact_type == ContactType.MULTI_AGENCY_MEETING for n in record.notes),
        findings_by_family=MappingProxyType(dict(words.by_family)),
        notes_with_findings=words.notes_with_findings,
        notes_mentioning_prior_partner=words.prior_mentions,
        notes_naming_mediation=words.mediation,
        notes_about_him_as_parent=words.him_as_parent,
        in_notes=in_notes,
        risk_identifications=len(record.risk_identifications),
        latest_risk_identification=max((i.identified_on.isoformat() for i in record.risk_identifications), default=""),
        his_risk_reviews=len(record.risk_reviews),
        latest_his_risk_review=max((r.reviewed_on.isoformat() for r in record.risk_reviews), default=""),
    )


def _names_a_child(text: str, given_names: list[str]) -> bool:
    return any(re.search(rf"\b{re.escape(name)}\b", text) for name in given_names)


@dataclass
class _Words:
    """How the notes are worded: the language review's findings, and words an auditor looks for."""

    by_family: Counter[str] = field(default_factory=Counter)
    notes_with_findings: int = 0
    prior_mentions: int = 0
    mediation: int = 0
    him_as_parent: int = 0


def _words_in_notes(record: FamilyRecord) -> _Words:
    people = [
        Person.named(p.given_name, p.family_name, p.role.value, p.pronouns.value if p.pronouns else "")
        for p in record.people
    ]
    words = _Words()
    for note in record.notes:
        # the statistical second reader's suggestions are for the writer to weigh; an audit's
        # suggested rating rests on the rules' warnings and errors
        found = [
            f
            for f in review(note.text, people, second_reader=False)
            if not f.is_dismissed and f.severity is not Severity.SUGGESTION
        ]
        if found:
            words.notes_with_findings += 1
            words.by_family.update(f.family for f in found)
        lowered = note.text.lower()
        if any(word in lowered for word in _PRIOR_WORDS):
            words.prior_mentions += 1
        if _MEDIATION.search(note.text):
            words.mediation += 1
        if _HIM_AS_PARENT.search(note.text):
            words.him_as_parent += 1
    return words


def facts_in_notes(
    record: FamilyRecord, groups: _Groups | None = None, dismissed: Mapping[str, Collection[str]] | None = None
) -> FactsInNotes:
    """What the family's notes record (facts found in notes, the rules alone) that its map does not,
    less what a worker dismissed (``dismissed``: note id -> keys of its dismissed facts)."""
    groups = groups or _groups()
    members = members_from(p.model_dump(mode="json") for p in record.people)
    born = {p.id for p in record.people if p.role == Role.CHILD and p.expected_date_of_birth is None}
    on_map = {b.kind for b in record.behaviour_entries}
    prior_on_map = {b.kind for b in record.behaviour_entries if b.relationship == RELATIONSHIP_PRIOR}
    harmed_on_map = {h.child for b in record.behaviour_entries for h in b.child_harms}
    efforts_on_map = {e.kind for e in record.protective_efforts}
    factors_on_map = {f.factor for f in record.complicating_factors}
    kinds: set[str] = set()
    prior: set[str] = set()
    sources: set[str] = set()
    harmed: set[str] = set()
    harm_facts = 0
    efforts: set[str] = set()
    efforts_with_children: set[str] = set()
    factors: set[str] = set()
    first: dict[str, str] = {}
    children = [p.given_name for p in record.people if p.id in born and p.given_name]
    for note in sorted(record.notes, key=lambda n: n.date):
        for fact in find_facts(note.text, members, note.date):
            if dismissed and fact.key() in dismissed.get(note.id, ()):
                continue
            topic = fact.kind
            if fact.kind == BEHAVIOUR:
                # whoever's note records his behaviour is a source of the pattern, new kind or not
                sources.add(note.agency or "worker")
                if fact.relationship == RELATIONSHIP_PRIOR:
                    if fact.catalogue_id in prior_on_map or fact.catalogue_id in prior:
                        continue
                    prior.add(fact.catalogue_id)
                    topic = "prior"
                elif fact.catalogue_id in on_map or fact.catalogue_id in kinds:
                    continue
                kinds.add(fact.catalogue_id)
            elif fact.kind == CHILD_HARM:
                new = set(fact.children) & born - harmed_on_map - harmed
                if not new and (fact.children or harmed or harmed_on_map):
                    continue
                harmed |= new
                harm_facts += 1
            elif fact.kind == PROTECTIVE_EFFORT:
                # an effort is linked to a child where its sentence names one, or, for help she sought
                # (an order, a call to the police), where its note does
                if fact.children or (fact.catalogue_id in groups.help_seeking and _names_a_child(note.text, children)):
                    efforts_with_children.add(fact.catalogue_id)
                if fact.catalogue_id in efforts_on_map or fact.catalogue_id in efforts:
                    continue
                efforts.add(fact.catalogue_id)
            elif fact.kind == COMPLICATING_FACTOR:
                if fact.catalogue_id in factors_on_map or fact.catalogue_id in factors:
                    continue
                factors.add(fact.catalogue_id)
            else:
                continue
            first.setdefault(topic, note.date.isoformat())
    return FactsInNotes(
        behaviour_facts=len(kinds),
        behaviour_kinds=frozenset(kinds),
        prior_facts=len(prior),
        sources=frozenset(sources),
        kinds_using_children=len(kinds & groups.using_children),
        child_harm_facts=harm_facts,
        children_harmed=frozenset(harmed),
        help_seeking=len(efforts & groups.help_seeking),
        everyday=len(efforts - groups.help_seeking),
        efforts_with_children=len(efforts_with_children & efforts),
        factors=len(factors),
        first_found=MappingProxyType(first),
    )
