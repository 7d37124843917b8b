"""The family page is made of sections, each provided by the app that owns what it shows.

A section says where it goes (`order`), who may see it, which template draws it and how to read
what it shows (`build`, given the family that has already passed the read gate). The family layer
(`spotlight.family.page`) lists every app's sections; an app adds its own section there without
touching this module. The sections below are the case record's own: engagement with him, the
people and their relationships, the agencies, and the chronology.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from spotlight.access import policy
from spotlight.access.models import User
from spotlight.cases import selectors
from spotlight.cases.models import CaseNote, Family, Person
from spotlight.vocabulary import ROLE_ORDER, Role


@dataclass(frozen=True)
class SectionRequest:
    """What a section is built for: one family (through the read gate), the member of staff reading
    it, today, and the page's query (for filters such as the chronology's).

    What more than one section shows (the family's people, when each was last contacted) is read
    here, once for the whole page, the first time a section asks for it."""

    family: Family
    user: User
    today: dt.date
    query: Mapping[str, str] = field(default_factory=dict)

    @cached_property
    def people(self) -> list[Person]:
        """The family's people, his first and the children by age: one query for the page."""
        return selectors.family_people(self.family)

    @cached_property
    def last_contacts(self) -> Mapping[int, dt.date]:
        """When each of the family's people was last seen at a noted contact, or reached by an attempt."""
        return selectors._last_contacts([self.family.pk])


def everyone(user: User) -> bool:
    return True


@dataclass(frozen=True)
class FamilySection:
    key: str  # its anchor on the page, and its name in the URL that draws it alone
    #: in the page's list of contents; a role in braces ("{person_causing_harm}") becomes its configured label
    title: str
    template: str
    order: int  # smaller first; his behaviour and engagement come before hers
    build: Callable[[SectionRequest], Mapping[str, object]]
    shown_to: Callable[[User], bool] = everyone
    #: drawn instead of `template` when the page asks for the section alone to refresh part of it (htmx)
    partial: str = ""
    #: listed in the page's contents (a banner above the sections is not)
    in_contents: bool = True


@dataclass(frozen=True)
class NoteBadge:
    """A short tag beside a note in the chronology, from any app that reads notes ("Language: 2 to rewrite")."""

    kind: str  # which app gave it, for styling: "language"
    label: str
    href: str
    tag_class: str = "govuk-tag--grey"
    hidden_text: str = ""  # read out by screen readers after the label
    detail: str = ""  # a short plain sentence after the tag


#: Reads the badges for a chronology's notes: note id -> badges.
NoteBadges = Callable[[Family, Sequence[CaseNote]], Mapping[int, Sequence[NoteBadge]]]


def _engagement(request: SectionRequest) -> Mapping[str, object]:
    """What the record shows of the engagement with each person causing harm (as
    `selectors.his_engagement`, from the page's people and last contacts)."""
    people = [p for p in request.people if p.role == Role.PERSON_CAUSING_HARM]
    engagement = selectors._engagement(people, [request.family.pk], dict(request.last_contacts), request.today)
    return {"his_engagement": list(engagement.values())}


def _role_groups(request: SectionRequest) -> list[selectors.RoleGroup]:
    """The family's people by role (his first), each with the last time they were contacted (as
    `selectors.role_groups`, from the page's people and last contacts)."""
    last, today = request.last_contacts, request.today
    groups = []
    for role in ROLE_ORDER:
        members = [
            selectors.PersonContact(p, last.get(p.pk), (today - last[p.pk]).days if p.pk in last else None)
            for p in request.people
            if p.role == role
        ]
        if members:
            groups.append(selectors.RoleGroup(role, members))
    return groups


def _people(request: SectionRequest) -> Mapping[str, object]:
    return {
        "role_groups": _role_groups(request),
        "relationships": selectors.family_relationships(request.family),
    }


def _agencies(request: SectionRequest) -> Mapping[str, object]:
    return {"involvements": selectors.family_involvements(request.family)}


def _allocation(request: SectionRequest) -> Mapping[str, object]:
    return {
        "holders": selectors.current_allocations(request.family),
        "can_allocate": policy.may_allocate(request.user),
    }


ALLOCATION = FamilySection(
    key="allocation",
    title="Allocated to",
    template="cases/sections/allocation.html",
    order=6,
    build=_allocation,
    in_contents=False,
)


def _restriction(request: SectionRequest) -> Mapping[str, object]:
    restriction = selectors.restriction_of(request.family)
    return {
        "restriction": restriction,
        "restriction_overdue": bool(restriction and restriction.review_on < request.today),
        "can_restrict": policy.may_restrict(request.user),
    }


RESTRICTION = FamilySection(
    key="restriction",
    title="Restricted record",
    template="cases/sections/restriction.html",
    order=5,
    build=_restriction,
    in_contents=False,
)
ENGAGEMENT = FamilySection(
    key="engagement",
    title="Engagement with the {person_causing_harm}",
    template="cases/sections/engagement.html",
    order=10,
    build=_engagement,
)
PEOPLE = FamilySection(
    key="people", title="People in the family", template="cases/sections/people.html", order=30, build=_people
)
AGENCIES = FamilySection(
    key="agencies", title="Agencies involved", template="cases/sections/agencies.html", order=40, build=_agencies
)


def chronology_filter(query: Mapping[str, str]) -> tuple[str, int | None]:
    """What the chronology's filter asks for: which entries, and which agency (bad values mean everything)."""
    show = query.get("show", "all")
    if show not in selectors.CHRONOLOGY_FILTERS:
        show = "all"
    agency = query.get("agency", "")
    agency_id = int(agency) if agency.isascii() and agency.isdigit() and len(agency) < 10 else None
    return show, agency_id


def date_filter(query: Mapping[str, str], name: str) -> dt.date | None:
    """A date in the query (YYYY-MM-DD, as a date box sends it); anything else means no limit."""
    try:
        return dt.date.fromisoformat(query.get(name, "")[:10])
    except ValueError:
        return None


def chronology_section(*, badges: Sequence[NoteBadges] = ()) -> FamilySection:
    """The chronology of notes and attempts to engage him, with the badges other apps give its notes."""

    def build(request: SectionRequest) -> Mapping[str, object]:
        show, agency_id = chronology_filter(request.query)
        entries = selectors.family_chronology(request.family, show=show, agency_id=agency_id)
        notes = [e.note for e in entries if e.note is not None]
        note_badges: dict[int, list[NoteBadge]] = {}
        for provider in badges:
            for note_id, found in provider(request.family, notes).items():
                note_badges.setdefault(note_id, []).extend(found)
        return {
            "chronology": entries,
            "note_badges": note_badges,
            "agencies_in_chronology": selectors.chronology_agencies(request.family),
            "show": show,
            "agency_id": agency_id,
        }

    return FamilySection(
        key="chronology",
        title="Chronology",
        template="cases/sections/chronology.html",
        partial="cases/_chronology.html",
        order=50,
        build=build,
    )
