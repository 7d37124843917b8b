"""Reads of the case record, shaped for the pages that show them.

Callers pass families they got from the read gate (`spotlight.access.selectors`);
nothing here decides who may read what.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Max, Q, QuerySet

from spotlight.cases.models import (
    AgencyInvolvement,
    CaseNote,
    ContactAttempt,
    Family,
    Person,
    Relationship,
)
from spotlight.cases.vocabulary import REACHED_OUTCOMES, ROLE_ORDER, EngagementOutcome, Role

REACHED = [o.value for o in REACHED_OUTCOMES]


@dataclass(frozen=True)
class PersonContact:
    person: Person
    last_contact: dt.date | None
    days_since: int | None


@dataclass(frozen=True)
class HisEngagement:
    """What the record shows of the worker's engagement with one person causing harm."""

    person: Person
    last_contacted: dt.date | None
    days_since_contacted: int | None
    last_attempt: dt.date | None
    attempts: int
    reached: int
    seen_alone: bool
    assessed_as_parent: bool


@dataclass(frozen=True)
class CaseloadRow:
    family: Family
    children: list[PersonContact]
    adult_survivors: list[PersonContact]
    people_causing_harm: list[HisEngagement]
    others: list[PersonContact]


def _age_order(p: Person) -> tuple[int, dt.date]:
    born = p.date_of_birth or p.expected_date_of_birth or dt.date.min
    return (0 if p.date_of_birth else 1, born)


def _last_contacts(family_ids: list[int]) -> dict[int, dt.date]:
    """Latest date each person was present at a noted contact, or reached by an attempt."""
    last: dict[int, dt.date] = {}
    present = (
        CaseNote.present.through.objects.filter(casenote__family_id__in=family_ids)
        .values("person_id")
        .annotate(last=Max("casenote__occurred_on"))
    )
    for row in present:
        last[row["person_id"]] = row["last"]
    reached = (
        ContactAttempt.objects.filter(family_id__in=family_ids, outcome__in=REACHED)
        .values("person_id")
        .annotate(last=Max("occurred_on"))
    )
    for row in reached:
        pid = row["person_id"]
        if pid not in last or row["last"] > last[pid]:
            last[pid] = row["last"]
    return last


def _engagement(
    people: Iterable[Person], family_ids: list[int], last: dict[int, dt.date], today: dt.date
) -> dict[int, HisEngagement]:
    rows = ContactAttempt.objects.filter(family_id__in=family_ids).values_list("person_id", "outcome", "occurred_on")
    attempts: dict[int, list[tuple[str, dt.date]]] = defaultdict(list)
    for pid, outcome, when in rows:
        attempts[pid].append((outcome, when))
    result: dict[int, HisEngagement] = {}
    for p in people:
        mine = attempts.get(p.pk, [])
        contacted = last.get(p.pk)
        result[p.pk] = HisEngagement(
            person=p,
            last_contacted=contacted,
            days_since_contacted=(today - contacted).days if contacted else None,
            last_attempt=max((w for _, w in mine), default=None),
            attempts=len(mine),
            reached=sum(1 for o, _ in mine if o in REACHED),
            seen_alone=any(o == EngagementOutcome.SEEN_ALONE for o, _ in mine),
            assessed_as_parent=any(o == EngagementOutcome.ASSESSED_AS_PARENT for o, _ in mine),
        )
    return result


def caseload_rows(families: QuerySet[Family], *, today: dt.date) -> list[CaseloadRow]:
    family_list = list(families.select_related("team").order_by("name", "reference"))
    ids = [f.pk for f in family_list]
    people_by_family: dict[int, list[Person]] = defaultdict(list)
    for person in Person.objects.filter(family_id__in=ids).order_by("id"):
        people_by_family[person.family_id].append(person)
    last = _last_contacts(ids)
    his = _engagement(
        [p for ps in people_by_family.values() for p in ps if p.role == Role.PERSON_CAUSING_HARM], ids, last, today
    )

    def contact(p: Person) -> PersonContact:
        when = last.get(p.pk)
        return PersonContact(p, when, (today - when).days if when else None)

    rows = []
    for family in family_list:
        people = people_by_family[family.pk]
        rows.append(
            CaseloadRow(
                family=family,
                children=[contact(p) for p in sorted((p for p in people if p.role == Role.CHILD), key=_age_order)],
                adult_survivors=[contact(p) for p in people if p.role == Role.ADULT_SURVIVOR],
                people_causing_harm=[his[p.pk] for p in people if p.role == Role.PERSON_CAUSING_HARM],
                others=[contact(p) for p in people if p.role == Role.OTHER_ADULT],
            )
        )
    return rows


def caseload_by_his_contact(rows: list[CaseloadRow]) -> list[CaseloadRow]:
    """Families where he has gone longest without contact first; never contacted before all."""

    def waiting(row: CaseloadRow) -> tuple[int, int]:
        days = [h.days_since_contacted for h in row.people_causing_harm]
        if not days:
            return (2, 0)  # no one recorded as causing harm: last
        if any(d is None for d in days):
            return (0, 0)
        return (1, -max(d for d in days if d is not None))

    return sorted(rows, key=waiting)


@dataclass(frozen=True)
class ChronologyEntry:
    """One dated entry in a family's chronology: a case note or a contact attempt."""

    kind: str  # "note" or "contact_attempt"
    occurred_on: dt.date
    note: CaseNote | None = None
    attempt: ContactAttempt | None = None

    @property
    def sort_key(self) -> tuple[dt.date, int, int]:
        pk = self.note.pk if self.note else self.attempt.pk if self.attempt else 0
        return (self.occurred_on, 1 if self.kind == "contact_attempt" else 0, pk)


@dataclass(frozen=True)
class RoleGroup:
    role: Role
    people: list[PersonContact]


@dataclass
class FamilyPage:
    family: Family
    role_groups: list[RoleGroup]
    his_engagement: list[HisEngagement]
    relationships: list[Relationship]
    involvements: list[AgencyInvolvement]
    chronology: list[ChronologyEntry] = field(default_factory=list)
    agencies_in_chronology: list[tuple[int, str]] = field(default_factory=list)


CHRONOLOGY_FILTERS = ("all", "notes", "contact_attempts")


def family_people(family: Family) -> list[Person]:
    people = list(family.people.all().order_by("id"))
    order = {r: i for i, r in enumerate(ROLE_ORDER)}
    return sorted(
        people, key=lambda p: (order[Role(p.role)], _age_order(p) if p.role == Role.CHILD else (0, dt.date.min), p.pk)
    )


def family_chronology(family: Family, *, show: str = "all", agency_id: int | None = None) -> list[ChronologyEntry]:
    entries: list[ChronologyEntry] = []
    if show in ("all", "notes"):
        notes = CaseNote.objects.filter(family=family).select_related("agency").prefetch_related("present")
        if agency_id:
            notes = notes.filter(agency_id=agency_id)
        entries += [ChronologyEntry("note", n.occurred_on, note=n) for n in notes]
    if show in ("all", "contact_attempts") and not agency_id:
        attempts = ContactAttempt.objects.filter(family=family).select_related("person")
        entries += [ChronologyEntry("contact_attempt", a.occurred_on, attempt=a) for a in attempts]
    entries.sort(key=lambda e: e.sort_key, reverse=True)
    return entries


def family_page(family: Family, *, today: dt.date, show: str = "all", agency_id: int | None = None) -> FamilyPage:
    people = family_people(family)
    last = _last_contacts([family.pk])
    his = _engagement([p for p in people if p.role == Role.PERSON_CAUSING_HARM], [family.pk], last, today)
    groups = []
    for role in ROLE_ORDER:
        members = [
            PersonContact(p, last.get(p.pk), (today - last[p.pk]).days if p.pk in last else None)
            for p in people
            if p.role == role
        ]
        if members:
            groups.append(RoleGroup(role, members))
    agencies = (
        CaseNote.objects.filter(family=family, agency__isnull=False)
        .values_list("agency_id", "agency__name")
        .distinct()
        .order_by("agency__name")
    )
    return FamilyPage(
        family=family,
        role_groups=groups,
        his_engagement=list(his.values()),
        relationships=list(
            Relationship.objects.filter(family=family).select_related("from_person", "to_person").order_by("id")
        ),
        involvements=list(
            AgencyInvolvement.objects.filter(family=family).select_related("agency").order_by("agency__name")
        ),
        chronology=family_chronology(family, show=show, agency_id=agency_id),
        agencies_in_chronology=list(agencies),
    )


def family_search(families: QuerySet[Family], query: str) -> QuerySet[Family]:
    """Families whose reference, name, or any member's name matches every word of `query`."""
    result = families
    for word in query.split()[:6]:
        matches = Person.objects.filter(Q(given_name__icontains=word) | Q(family_name__icontains=word)).values(
            "family_id"
        )
        result = result.filter(Q(reference__icontains=word) | Q(name__icontains=word) | Q(id__in=matches))
    return result.order_by("name", "reference")
