"""The number of SQL queries a page runs does not grow with the size of the family (its notes, people
and pattern map entries, a record's earlier versions) or with the number of audit rounds.

Each test draws a page for a small and a large case of the same shape, after one request to warm
the caches every page shares, and compares the counts. On SQLite and on PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from spotlight.access.models import Allocation, StaffRole, User
from spotlight.audit import services as audit_services
from spotlight.audit.models import AuditRound
from spotlight.cases.models import (
    Agency,
    AgencyInvolvement,
    CaseNote,
    ContactAttempt,
    Family,
    Person,
    RecordVersion,
    Relationship,
)
from spotlight.clock import local_today
from spotlight.pattern.domain.catalogue import default_catalogue
from spotlight.pattern.models import (
    BehaviourEntry,
    ChildHarm,
    ComplicatingFactor,
    ProgrammeReferral,
    ProtectiveEffort,
)
from tests.conftest import SpotlightClient, World


def _family(world: World, name: str, *, notes: int, people: int, entries: int) -> Family:
    """A North family allocated to sw_north: him, her and `people - 2` children, `notes` case notes
    (each with people present) and half as many attempts to engage him, and `entries` of each kind
    of pattern map record, one more of each struck out."""
    today = local_today()
    family = Family.objects.create(reference=f"Q-{name}", name=f"{name} family", team=world.teams["North"])
    Allocation.objects.create(family=family, worker=world.users["sw_north"], allocated_on=today)
    him = Person.objects.create(family=family, role="person_causing_harm", given_name="Lee", family_name=name)
    her = Person.objects.create(family=family, role="adult_survivor", given_name="Ann", family_name=name)
    children = [
        Person.objects.create(
            family=family,
            role="child",
            given_name=f"Child{i}",
            family_name=name,
            date_of_birth=today - dt.timedelta(days=365 * (2 + i)),
        )
        for i in range(people - 2)
    ]
    for child in children:
        Relationship.objects.create(family=family, from_person=him, to_person=child, kind="parent")
    agencies = [Agency.objects.get_or_create(name=f"Agency {i}")[0] for i in range(2)]
    for agency in agencies:
        AgencyInvolvement.objects.create(family=family, agency=agency)
    for i in range(notes):
        note = CaseNote.objects.create(
            family=family,
            occurred_on=today - dt.timedelta(days=i),
            contact_type="home_visit",
            agency=agencies[i % 2],
            text=f"Visited; Ann kept the children safe (visit {i}).",
        )
        note.present.set([her, *children[:2]])
    for i in range(max(1, notes // 2)):
        ContactAttempt.objects.create(
            family=family,
            person=him,
            occurred_on=today - dt.timedelta(days=i),
            outcome="attempted" if i % 2 else "seen_alone",
            method="phone",
        )
    catalogue = default_catalogue()
    kind = catalogue.behaviours[0].kinds[0].id
    source = catalogue.sources[0].id
    effort = catalogue.protective_efforts[0].kinds[0].id
    factor = catalogue.complicating_factors[0].id
    programme = catalogue.programmes[0].id if catalogue.programmes else "other"
    for i in range(entries + 1):
        struck = {"struck_out_at": timezone.now(), "struck_out_reason": "entered in error"} if i == entries else {}
        day = today - dt.timedelta(days=30 + i)
        entry = BehaviourEntry.objects.create(
            family=family, person=him, kind=kind, source=source, occurred_on=day, **struck
        )
        for child in children[:3]:
            ChildHarm.objects.create(entry=entry, child=child, his_action="Shouted", impact="Frightened", **struck)
        made = ProtectiveEffort.objects.create(
            family=family, survivor=her, kind=effort, source=source, occurred_on=day, description="Moved", **struck
        )
        made.children.set(children[:3])
        ComplicatingFactor.objects.create(
            family=family, person=him, factor=factor, source=source, interaction="Worse when", **struck
        )
        ProgrammeReferral.objects.create(family=family, person=him, programme=programme, referred_on=day, **struck)
    return family


def _versions(family: Family, count: int) -> CaseNote:
    """The family's latest note, with `count` earlier versions."""
    note = CaseNote.objects.filter(family=family).order_by("-occurred_on", "-id").first()
    assert note is not None
    for number in range(1, count + 1):
        RecordVersion.objects.create(
            family=family,
            kind="case-note",
            record_id=note.pk,
            number=number,
            values={"text": f"Version {number}", "occurred_on": note.occurred_on.isoformat()},
            replaced_by_name="Sw",
        )
    CaseNote.objects.filter(pk=note.pk).update(version=count + 1)
    return note


def _queries(client: SpotlightClient, path: str) -> list[str]:
    assert client.get(path).status_code == 200  # warms the caches every page shares
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return [q["sql"] for q in captured.captured_queries]


def _same_count(client: SpotlightClient, small: str, large: str) -> None:
    few, many = _queries(client, small), _queries(client, large)
    shown = "\n".join(sql[:160] for sql in many)
    assert len(many) == len(few), f"{large}: {len(many)} queries, {small}: {len(few)}\n{shown}"


@pytest.fixture
def families(world: World) -> tuple[Family, Family]:
    small = _family(world, "Small", notes=2, people=3, entries=1)
    large = _family(world, "Large", notes=30, people=12, entries=20)
    return small, large


@pytest.fixture
def worker(world: World, client: SpotlightClient) -> SpotlightClient:
    client.force_login(world.users["sw_north"])
    return client


PAGES: dict[str, Callable[[Family], str]] = {
    "family page": lambda f: f"/families/{f.pk}/",
    "chronology page": lambda f: f"/families/{f.pk}/on-its-own/chronology/",
    "print chronology": lambda f: f"/families/{f.pk}/print/chronology/",
    "print summary": lambda f: f"/families/{f.pk}/print/summary/",
}


@pytest.mark.parametrize("page", list(PAGES))
def test_a_family_page_runs_as_many_queries_for_a_large_family_as_for_a_small_one(
    families: tuple[Family, Family], worker: SpotlightClient, page: str
) -> None:
    small, large = families
    _same_count(worker, PAGES[page](small), PAGES[page](large))


def test_the_chronology_filtered_runs_as_many_queries_for_a_large_family(
    families: tuple[Family, Family], worker: SpotlightClient
) -> None:
    small, large = families
    agency = Agency.objects.get(name="Agency 0")
    query = f"?show=notes&agency={agency.pk}"
    _same_count(worker, f"/families/{small.pk}/{query}", f"/families/{large.pk}/{query}")


def test_a_records_versions_page_runs_as_many_queries_for_ten_versions_as_for_one(
    families: tuple[Family, Family], worker: SpotlightClient
) -> None:
    small, large = families
    one, ten = _versions(small, 1), _versions(large, 10)
    _same_count(
        worker,
        f"/families/{small.pk}/records/case-note/{one.pk}/versions/",
        f"/families/{large.pk}/records/case-note/{ten.pk}/versions/",
    )


def _rounds(world: World, count: int, first: int) -> None:
    """`count` audit rounds set up by the North manager, rated, all but the last closed."""
    manager = world.users["manager_north"]
    auditors = [world.users["auditor"], User.objects.create_user(username=f"auditor{first}", staff_role="auditor")]
    for n in range(first, first + count):
        request = audit_services.RoundRequest(
            name=f"Round {n}", sample_size=2, seed=n, by_team=False, auditors=auditors, double_rated=1
        )
        audit_round = audit_services.audit_round_create(user=manager, request=request)
        for assignment in audit_round.assignments.select_related("auditor"):
            ratings = {
                r.item: audit_services.ItemRating(rating=r.suggested or 2) for r in assignment.ratings.order_by("id")
            }
            audit_services.audit_ratings_save(user=assignment.auditor, assignment=assignment, ratings=ratings)
        if n < first + count - 1:
            audit_services.audit_round_close(user=manager, audit_round=audit_round)


def test_the_audit_list_runs_as_many_queries_for_ten_rounds_as_for_one(world: World, client: SpotlightClient) -> None:
    assert world.users["manager_north"].staff_role == StaffRole.TEAM_MANAGER
    client.force_login(world.users["manager_north"])
    _rounds(world, 1, first=1)
    one = _queries(client, "/audits/")
    _rounds(world, 9, first=2)
    assert AuditRound.objects.count() == 10
    ten = _queries(client, "/audits/")
    shown = "\n".join(sql[:160] for sql in ten)
    assert len(ten) == len(one), f"10 rounds: {len(ten)} queries, 1 round: {len(one)}\n{shown}"
