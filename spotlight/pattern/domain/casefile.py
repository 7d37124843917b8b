"""The pattern map's part of the case-file format: his behaviours (with the harm to each child), her
protective efforts, complicating factors and his programme referrals. Pure Python (pydantic, no
Django); kinds, sources and programmes are ids from the pattern catalogue in use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from spotlight.cases.domain.casefile import (
    Identifier,
    LongText,
    OptionalName,
    PersonRecord,
    PlainName,
    Record,
    Report,
    RequiredText,
    check_person,
    check_unique_ids,
)
from spotlight.pattern.domain.catalogue import Catalogue, default_catalogue
from spotlight.pattern.domain.directory import Directory, default_directory, programme_labels, support_labels
from spotlight.vocabulary import Role

#: Which relationship one of his behaviours happened in: the current one, or an earlier one.
RELATIONSHIP_CURRENT = "current"
RELATIONSHIP_PRIOR = "prior"

CatalogueId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60), PlainName]


class ChildHarmRecord(Record):
    """For one of his behaviours and one child: what he did that harmed this child, and the impact."""

    child: Identifier
    his_action: RequiredText
    impact: RequiredText


class BehaviourEntryRecord(Record):
    """One of his behaviours on the pattern map (kind and source are ids from the pattern catalogue)."""

    id: Identifier
    person: Identifier
    kind: CatalogueId
    relationship: Literal["current", "prior"] = "current"
    prior_partner: OptionalName = ""
    occurred_on: dt.date | None = None
    period: Annotated[str, StringConstraints(strip_whitespace=True, max_length=100), PlainName] = ""
    place: OptionalName = ""
    presenting_incident: bool = False
    before: LongText = ""
    during: LongText = ""
    after: LongText = ""
    source: CatalogueId
    description: LongText = ""
    child_harms: tuple[ChildHarmRecord, ...] = ()


class ProtectiveEffortRecord(Record):
    """One of her protective efforts and the children it protected."""

    id: Identifier
    survivor: Identifier
    kind: CatalogueId
    occurred_on: dt.date | None = None
    description: RequiredText
    source: CatalogueId
    children: tuple[Identifier, ...] = ()


class ComplicatingFactorRecord(Record):
    """A factor and how it interacts with his pattern (never its cause)."""

    id: Identifier
    person: Identifier
    factor: CatalogueId
    interaction: RequiredText
    source: CatalogueId


ReferralStatusId = Literal[
    "offered", "accepted", "referred", "assessed", "started", "completed", "declined", "not_accepted", "stopped"
]


class ProgressStepRecord(Record):
    """One step a referral moved through: where it had got to, when, and the sessions he had attended."""

    status: ReferralStatusId
    on: dt.date | None = None
    sessions: int | None = Field(default=None, ge=0, le=500)


class ProgrammeReferralRecord(Record):
    """A referral of a person causing harm to a programme (an id from the directory or the pattern
    catalogue), where it has got to, and the support offered to the adult survivor alongside it."""

    id: Identifier
    person: Identifier
    programme: CatalogueId
    provider: OptionalName = ""
    referred_on: dt.date
    status: ReferralStatusId = "referred"
    status_on: dt.date | None = None
    sessions_attended: int | None = Field(default=None, ge=0, le=500)
    progress: tuple[ProgressStepRecord, ...] = ()
    support_for_her: bool = False
    support_survivor: Identifier | None = None
    support_service: Annotated[str, StringConstraints(strip_whitespace=True, max_length=60), PlainName] = ""
    support_provider: OptionalName = ""
    support_offered_on: dt.date | None = None
    support_response: Literal["", "accepted", "waiting", "declined"] = ""
    note: LongText = ""


class PatternMapPart(Record):
    """The fields of a family line that the pattern map owns."""

    behaviour_entries: tuple[BehaviourEntryRecord, ...] = ()
    protective_efforts: tuple[ProtectiveEffortRecord, ...] = ()
    complicating_factors: tuple[ComplicatingFactorRecord, ...] = ()
    programme_referrals: tuple[ProgrammeReferralRecord, ...] = ()


@dataclass(frozen=True)
class _CatalogueIds:
    catalogue: Catalogue  # held so that its id() is not reused while cached
    directory: Directory
    behaviours: frozenset[str]
    sources: frozenset[str]
    efforts: frozenset[str]
    factors: frozenset[str]
    programmes: frozenset[str]
    services: frozenset[str]


_catalogue_ids_cache: dict[int, _CatalogueIds] = {}


def _catalogue_ids() -> _CatalogueIds:
    catalogue, directory = default_catalogue(), default_directory()
    found = _catalogue_ids_cache.get(id(catalogue))
    if found is None or found.catalogue is not catalogue or found.directory is not directory:
        _catalogue_ids_cache.clear()
        found = _CatalogueIds(
            catalogue=catalogue,
            directory=directory,
            behaviours=frozenset(k.id for g in catalogue.behaviours for k in g.kinds),
            sources=frozenset(s.id for s in catalogue.sources),
            efforts=frozenset(k.id for g in catalogue.protective_efforts for k in g.kinds),
            factors=frozenset(f.id for f in catalogue.complicating_factors),
            programmes=frozenset(programme_labels()),
            services=frozenset(support_labels()),
        )
        _catalogue_ids_cache[id(catalogue)] = found
    return found


def check_pattern_map_part(
    part: PatternMapPart, *, people: Mapping[str, PersonRecord], err: Report, today: dt.date
) -> None:
    """The pattern map's arrays: people of the right role, ids from the catalogue, dates."""
    if not (part.behaviour_entries or part.protective_efforts or part.complicating_factors or part.programme_referrals):
        return
    ids = _catalogue_ids()

    def in_catalogue(
        field: str, value: str, known: frozenset[str], what: str, where: str = "the pattern catalogue"
    ) -> None:
        if value not in known:
            err(field, f'"{value}" is not {what} in {where}')

    def not_future(field: str, day: dt.date | None) -> None:
        if day is not None and day > today:
            err(field, f"date {day.isoformat()} is in the future")

    check_unique_ids(err, "behaviour_entries", [x.id for x in part.behaviour_entries])
    for i, b in enumerate(part.behaviour_entries):
        at = f"behaviour_entries[{i}]"
        check_person(err, people, f"{at}.person", b.person, Role.PERSON_CAUSING_HARM)
        in_catalogue(f"{at}.kind", b.kind, ids.behaviours, "a kind of behaviour")
        in_catalogue(f"{at}.source", b.source, ids.sources, "a source")
        not_future(f"{at}.occurred_on", b.occurred_on)
        if b.occurred_on is None and not b.period:
            err(f"{at}.occurred_on", "give the date (occurred_on) or the period (for example 2019 to 2021)")
        if b.prior_partner and b.relationship != "prior":
            err(f"{at}.prior_partner", "an earlier partner is recorded only for relationship prior")
        if b.kind == "other_behaviour" and not b.description:
            err(f"{at}.description", "describe the behaviour: the kind is other_behaviour")
        harmed: set[str] = set()
        for j, h in enumerate(b.child_harms):
            check_person(err, people, f"{at}.child_harms[{j}].child", h.child, Role.CHILD)
            if h.child in harmed:
                err(f"{at}.child_harms[{j}].child", f'the harm to "{h.child}" from this behaviour is already given')
            harmed.add(h.child)

    check_unique_ids(err, "protective_efforts", [x.id for x in part.protective_efforts])
    for i, e in enumerate(part.protective_efforts):
        at = f"protective_efforts[{i}]"
        check_person(err, people, f"{at}.survivor", e.survivor, Role.ADULT_SURVIVOR)
        in_catalogue(f"{at}.kind", e.kind, ids.efforts, "a kind of protective effort")
        in_catalogue(f"{at}.source", e.source, ids.sources, "a source")
        not_future(f"{at}.occurred_on", e.occurred_on)
        for j, ref in enumerate(e.children):
            check_person(err, people, f"{at}.children[{j}]", ref, Role.CHILD)
        if len(set(e.children)) != len(e.children):
            err(f"{at}.children", "a child is listed twice")

    check_unique_ids(err, "complicating_factors", [x.id for x in part.complicating_factors])
    for i, f in enumerate(part.complicating_factors):
        at = f"complicating_factors[{i}]"
        check_person(err, people, f"{at}.person", f.person, None)
        in_catalogue(f"{at}.factor", f.factor, ids.factors, "a complicating factor")
        in_catalogue(f"{at}.source", f.source, ids.sources, "a source")

    check_unique_ids(err, "programme_referrals", [x.id for x in part.programme_referrals])
    for i, r in enumerate(part.programme_referrals):
        at = f"programme_referrals[{i}]"
        check_person(err, people, f"{at}.person", r.person, Role.PERSON_CAUSING_HARM)
        in_catalogue(f"{at}.programme", r.programme, ids.programmes, "a programme", "the directory or the catalogue")
        not_future(f"{at}.referred_on", r.referred_on)
        not_future(f"{at}.status_on", r.status_on)
        if r.status_on is not None and r.status_on < r.referred_on:
            err(f"{at}.status_on", "the date of the status must be on or after referred_on")
        if r.support_survivor is not None:
            check_person(err, people, f"{at}.support_survivor", r.support_survivor, Role.ADULT_SURVIVOR)
        if r.support_service:
            in_catalogue(f"{at}.support_service", r.support_service, ids.services, "a service for her", "the directory")
        not_future(f"{at}.support_offered_on", r.support_offered_on)
        for j, step in enumerate(r.progress):
            not_future(f"{at}.progress[{j}].on", step.on)
