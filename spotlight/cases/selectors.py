"""Reads of the case record, shaped for the pages that show them.

Callers pass families they got from the read gate (`spotlight.cases.gate`);
nothing here decides who may read what.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Count, DateField, F, FilteredRelation, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404

from spotlight.access import policy
from spotlight.access.models import Allocation, Restriction, SealedDetail, User
from spotlight.cases.models import (
    Agency,
    AgencyInvolvement,
    CaseNote,
    ContactAttempt,
    Family,
    Person,
    Relationship,
)
from spotlight.labels import role_labels
from spotlight.language import Person as ReviewPerson
from spotlight.vocabulary import REACHED_OUTCOMES, ROLE_ORDER, EngagementOutcome, Role

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
    allocated_to: list[str] = field(default_factory=list)


def _age_order(p: Person) -> tuple[int, dt.date]:
    born = p.date_of_birth or p.expected_date_of_birth or dt.date.min
    return (0 if p.date_of_birth else 1, born)


def _last_contacts(family_ids: list[int]) -> dict[int, dt.date]:
    """Latest date each person was present at a noted contact, or reached by an attempt."""
    last: dict[int, dt.date] = {}
    present = (
        CaseNote.present.through.objects.filter(casenote__family_id__in=family_ids, casenote__struck_out_at=None)
        .values("person_id")
        .annotate(last=Max("casenote__occurred_on"))
    )
    for row in present:
        last[row["person_id"]] = row["last"]
    reached = (
        ContactAttempt.objects.filter(family_id__in=family_ids, outcome__in=REACHED, struck_out_at=None)
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
    rows = ContactAttempt.objects.filter(family_id__in=family_ids, struck_out_at=None).values_list(
        "person_id", "outcome", "occurred_on"
    )
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


def caseload_rows(families: Sequence[Family], *, today: dt.date) -> list[CaseloadRow]:
    """A page of the caseload, in the order given, in a fixed number of queries however many families
    (load each family's `team` with it)."""
    family_list = list(families)
    ids = [f.pk for f in family_list]
    people_by_family: dict[int, list[Person]] = defaultdict(list)
    for person in Person.objects.filter(family_id__in=ids, struck_out_at=None).order_by("id"):
        people_by_family[person.family_id].append(person)
    last = _last_contacts(ids)
    holders = allocation_holders(ids)
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
                allocated_to=holders[family.pk],
            )
        )
    return rows


#: Stands for "never contacted" when sorting by the last contact with him: before every real date.
_NEVER = dt.date(1, 1, 1)


def families_by_his_contact(families: QuerySet[Family]) -> QuerySet[Family]:
    """Families where he has gone longest without contact first, sorted by the database: a family where a
    person causing harm was never contacted before all; families with no one recorded as causing harm last."""
    notes = CaseNote.objects.filter(present=OuterRef("pk"), struck_out_at=None)
    note = notes.order_by("-occurred_on").values("occurred_on")[:1]
    attempts = ContactAttempt.objects.filter(person=OuterRef("pk"), outcome__in=REACHED, struck_out_at=None)
    reached = attempts.order_by("-occurred_on").values("occurred_on")[:1]
    last = Greatest(
        Coalesce(Subquery(note, output_field=DateField()), Value(_NEVER)),
        Coalesce(Subquery(reached, output_field=DateField()), Value(_NEVER)),
        output_field=DateField(),
    )
    longest = (
        Person.objects.filter(family=OuterRef("pk"), role=Role.PERSON_CAUSING_HARM.value, struck_out_at=None)
        .annotate(last=last)
        .order_by("last", "pk")
        .values("last")[:1]
    )
    return families.annotate(his_last_contact=Subquery(longest, output_field=DateField())).order_by(
        F("his_last_contact").asc(nulls_last=True), "name", "reference", "pk"
    )


def allocation_counts(families: QuerySet[Family]) -> tuple[list[tuple[str, int]], int]:
    """How many of these families each worker holds (by name), and how many no one holds: one query,
    each family joined to its open allocations (none: the family is held by no one)."""
    rows = (
        families.annotate(held_by=FilteredRelation("allocations", condition=Q(allocations__ended_on__isnull=True)))
        .order_by()
        .values(
            "held_by__worker_id",
            "held_by__worker__first_name",
            "held_by__worker__last_name",
            "held_by__worker__username",
        )
        .annotate(held=Count("id"))
    )
    counts: dict[str, int] = defaultdict(int)
    held_by_no_one = 0
    for worker_id, first, last_name, username, held in rows.values_list(
        "held_by__worker_id",
        "held_by__worker__first_name",
        "held_by__worker__last_name",
        "held_by__worker__username",
        "held",
    ):
        if worker_id is None:
            held_by_no_one += held
        else:
            counts[f"{first} {last_name}".strip() or username] += held
    return sorted(counts.items()), held_by_no_one


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


CHRONOLOGY_FILTERS = ("all", "notes", "contact_attempts")


def family_people(family: Family) -> list[Person]:
    people = list(family.people.all().order_by("id"))
    order = {r: i for i, r in enumerate(ROLE_ORDER)}
    return sorted(
        people, key=lambda p: (order[Role(p.role)], _age_order(p) if p.role == Role.CHILD else (0, dt.date.min), p.pk)
    )


def person_choices(family: Family, *roles: Role) -> list[tuple[int, str]]:
    """The family's people (of these roles, or all), for a form's choices: "Darren Reid (person causing harm)"."""
    labels = role_labels()
    people = Person.objects.filter(family=family).order_by("id")
    if roles:
        people = people.filter(role__in=[r.value for r in roles])
    return [(p.pk, f"{p.full_name} ({labels.for_role(p.role).singular})") for p in people]


def has_role(family: Family, role: Role) -> bool:
    return Person.objects.filter(family=family, role=role.value).exists()


def his_engagement(family: Family, *, today: dt.date) -> list[HisEngagement]:
    """What the record shows of the engagement with each person causing harm in the family."""
    people = [p for p in family_people(family) if p.role == Role.PERSON_CAUSING_HARM]
    return list(_engagement(people, [family.pk], _last_contacts([family.pk]), today).values())


def role_groups(family: Family, *, today: dt.date) -> list[RoleGroup]:
    """The family's people by role (his first), each with the last time they were contacted."""
    people = family_people(family)
    last = _last_contacts([family.pk])
    groups = []
    for role in ROLE_ORDER:
        members = [
            PersonContact(p, last.get(p.pk), (today - last[p.pk]).days if p.pk in last else None)
            for p in people
            if p.role == role
        ]
        if members:
            groups.append(RoleGroup(role, members))
    return groups


def family_relationships(family: Family) -> list[Relationship]:
    return list(Relationship.objects.filter(family=family).select_related("from_person", "to_person").order_by("id"))


def family_involvements(family: Family) -> list[AgencyInvolvement]:
    return list(AgencyInvolvement.objects.filter(family=family).select_related("agency").order_by("agency__name"))


def family_chronology(
    family: Family,
    *,
    show: str = "all",
    agency_id: int | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[ChronologyEntry]:
    """Notes and attempts to engage him, newest first, filtered by kind, agency and dates."""
    entries: list[ChronologyEntry] = []
    dates = {
        **({"occurred_on__gte": since} if since else {}),
        **({"occurred_on__lte": until} if until else {}),
    }
    if show in ("all", "notes"):
        notes = CaseNote.objects.filter(family=family, **dates).select_related("agency").prefetch_related("present")
        if agency_id:
            notes = notes.filter(agency_id=agency_id)
        entries += [ChronologyEntry("note", n.occurred_on, note=n) for n in notes]
    if show in ("all", "contact_attempts") and not agency_id:
        attempts = ContactAttempt.objects.filter(family=family, **dates).select_related("person")
        entries += [ChronologyEntry("contact_attempt", a.occurred_on, attempt=a) for a in attempts]
    entries.sort(key=lambda e: e.sort_key, reverse=True)
    return entries


def chronology_agencies(family: Family) -> list[tuple[int, str]]:
    """The agencies that wrote notes in the family's chronology, for its filter."""
    return list(
        CaseNote.objects.filter(family=family, agency__isnull=False)
        .values_list("agency_id", "agency__name")
        .distinct()
        .order_by("agency__name")
    )


def known_agency_names(limit: int = 500) -> list[str]:
    return list(Agency.objects.order_by("name").values_list("name", flat=True)[:limit])


def family_agencies(family: Family) -> QuerySet[Agency]:
    """The agencies involved with the family (a note may be recorded as from one of them)."""
    return Agency.objects.filter(involvements__family=family).order_by("name")


def family_person(family: Family, person_id: int, *roles: Role) -> Person:
    """One of the family's people (of these roles): "not found" for anyone else, so nothing leaks."""
    people = Person.objects.filter(family=family, pk=person_id)
    if roles:
        people = people.filter(role__in=[r.value for r in roles])
    found = people.first()
    if found is None:
        raise Http404("No one with that reference is recorded in this family.")
    return found


def sealed_detail(person: Person) -> SealedDetail | None:
    """Her sealed details: call only for staff the policy lets see them (`policy.may_see_sealed`)."""
    return SealedDetail.objects.filter(person=person).first()


def restriction_of(family: Family) -> Restriction | None:
    return Restriction.objects.filter(family=family).prefetch_related("staff").first()


def restriction_staff_choices(family: Family) -> list[tuple[int, str]]:
    """Who a restriction can name: active staff of the family's team, and anyone it is allocated to."""
    people = (
        User.objects.filter(is_active=True)
        .filter(Q(teams=family.team) | Q(allocations__family=family, allocations__ended_on__isnull=True))
        .filter(staff_role__in=policy.NAMED_ON_RESTRICTIONS)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
    return [(u.pk, f"{u.display_name} ({u.get_staff_role_display().lower()})") for u in people]


def current_allocations(family: Family) -> list[Allocation]:
    return list(Allocation.objects.filter(family=family, ended_on__isnull=True).select_related("worker").order_by("id"))


def allocation_choices(manager: User) -> list[tuple[int, str]]:
    """The workers a manager may allocate to: social workers and domestic abuse specialists in her teams."""
    workers = (
        User.objects.filter(is_active=True, teams__in=manager.teams.all(), staff_role__in=policy.CASEWORKERS)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
    return [(u.pk, f"{u.display_name} ({u.get_staff_role_display().lower()})") for u in workers]


def allocation_holders(family_ids: Sequence[int]) -> dict[int, list[str]]:
    """Who holds each family now, in one query."""
    holders: dict[int, list[str]] = defaultdict(list)
    rows = Allocation.objects.filter(family_id__in=list(family_ids), ended_on__isnull=True).select_related("worker")
    for allocation in rows.order_by("id"):
        holders[allocation.family_id].append(allocation.worker.display_name)
    return holders


def review_people_by_family(family_ids: Iterable[int]) -> dict[int, list[ReviewPerson]]:
    """Each family's people as the review's input, so its suggestions can name him, her and the
    children. The one place the record's people become review input (a case file's people go through
    the same `Person.named`)."""
    people: dict[int, list[ReviewPerson]] = defaultdict(list)
    rows = Person.objects.filter(family_id__in=list(family_ids)).order_by("id")
    for fid, given, family_name, role, pronouns in rows.values_list(
        "family_id", "given_name", "family_name", "role", "pronouns"
    ):
        people[fid].append(ReviewPerson.named(given, family_name, role, pronouns))
    return people


def review_people(family: Family) -> list[ReviewPerson]:
    return review_people_by_family([family.pk]).get(family.pk, [])


def holds_sealed_detail(text: str, person: Person) -> bool:
    """Does ``text`` hold any of the person's sealed details (her address, phone number, safe contacts)?
    Compared without case and spacing, line by line of each detail, so a copied address is caught."""
    detail = SealedDetail.objects.filter(person=person).first()
    if detail is None:
        return False
    flat = " ".join(text.lower().split())
    digits = "".join(ch for ch in text if ch.isdigit())
    pieces = [line for value in (detail.address, detail.safe_contacts) for line in value.splitlines()]
    if any(len(p) >= 6 and " ".join(p.lower().split()) in flat for p in pieces):
        return True
    phone = "".join(ch for ch in detail.phone if ch.isdigit())
    return len(phone) >= 6 and phone in digits
