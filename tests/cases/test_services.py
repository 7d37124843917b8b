"""The case record's services, called directly: each takes the family through the write gate, checks
what it is given against the family, saves, and logs what kind of thing it wrote (never its words)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from spotlight.access.models import AccessLogEntry, Allocation, SealedDetail
from spotlight.cases import records, services
from spotlight.cases.gate import NotAllowed, WritableFamily
from spotlight.cases.models import CaseNote, ContactAttempt, Person
from spotlight.cases.versions import record_change
from spotlight.clock import local_today
from spotlight.vocabulary import AgencyKind, Role
from tests.conftest import World, writable

TODAY = local_today()


@pytest.mark.django_db
def test_a_worker_opens_a_family_in_her_own_team_and_it_is_allocated_to_her(world: World) -> None:
    sw = world.users["sw_north"]
    family = services.family_create(user=sw, name="Nowak family", team=world.teams["North"])
    assert Allocation.objects.filter(family=family, worker=sw, ended_on__isnull=True).exists()
    assert AccessLogEntry.objects.filter(family=family, action="create", what="family record").exists()
    with pytest.raises(ValidationError) as exc:
        services.family_create(user=sw, name="Other family", team=world.teams["South"])
    assert "team" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        services.family_create(user=world.users["auditor"], name="Any family", team=world.teams["North"])
    manager_family = services.family_create(user=world.users["manager_north"], name="Kaur", team=world.teams["North"])
    assert not Allocation.objects.filter(family=manager_family).exists(), "a manager's new family waits to be allocated"


@pytest.mark.django_db
def test_only_the_write_gate_hands_out_a_family_to_change(world: World) -> None:
    with pytest.raises(NotAllowed):
        writable(world.users["sw_north"], world.families["south"])
    with pytest.raises(PermissionDenied):
        writable(world.users["auditor"], world.families["south"])
    assert AccessLogEntry.objects.filter(action="refused", family=world.families["south"]).count() == 2
    with pytest.raises(TypeError):  # nobody makes one by hand to get round the gate
        WritableFamily(user=world.users["sw_north"], family=world.families["south"])


@pytest.mark.django_db
def test_people_and_relationships_are_checked_against_the_family(world: World) -> None:
    target = writable(world.users["sw_north"], world.families["north_allocated"])
    leo = services.person_create(target=target, role=Role.CHILD, given_name=" Leo ", family_name="Reid")
    assert leo.full_name == "Leo Reid"
    other_family_child = world.families["south"].people.get(role="child")
    with pytest.raises(ValidationError) as exc:
        services.relationship_create(
            target=target, from_person_id=world.him.pk, to_person_id=other_family_child.pk, kind="parent"
        )
    assert "to_person" in exc.value.message_dict
    services.relationship_create(target=target, from_person_id=world.him.pk, to_person_id=leo.pk, kind="parent")
    with pytest.raises(ValidationError) as exc:
        services.relationship_create(target=target, from_person_id=world.him.pk, to_person_id=leo.pk, kind="parent")
    assert "already recorded" in exc.value.message_dict["kind"][0]
    with pytest.raises(ValidationError):
        services.person_create(target=target, role=Role.ADULT_SURVIVOR, given_name="Kim", expected_date_of_birth=TODAY)


@pytest.mark.django_db
def test_a_note_names_only_the_familys_people_and_agencies_and_its_words_stay_out_of_the_log(world: World) -> None:
    family = world.families["north_allocated"]
    target = writable(world.users["sw_north"], family)
    words = "Darren took Sarah's phone and keys before the school run."
    stranger = world.families["south"].people.get(role="adult_survivor")
    with pytest.raises(ValidationError) as exc:
        services.case_note_create(
            target=target, occurred_on=TODAY, contact_type="home_visit", text=words, present_ids=[stranger.pk]
        )
    assert "present" in exc.value.message_dict
    school = services.agency_involvement_create(
        target=writable(world.users["sw_south"], world.families["south"]),
        agency_name="Riverside Primary",
        kind=AgencyKind.SCHOOL,
    ).agency
    with pytest.raises(ValidationError) as exc:  # involved with another family, not this one
        services.case_note_create(
            target=target, occurred_on=TODAY, contact_type="home_visit", text=words, agency_id=school.pk
        )
    assert "agency" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.case_note_create(
            target=target, occurred_on=TODAY + dt.timedelta(days=1), contact_type="home_visit", text=words
        )
    assert "occurred_on" in exc.value.message_dict
    note = services.case_note_create(
        target=target, occurred_on=TODAY, contact_type="home_visit", text=words, present_ids=[world.survivor.pk]
    )
    assert list(note.present.all()) == [world.survivor] and note.author == world.users["sw_north"]
    assert not CaseNote.objects.filter(text=words).exclude(pk=note.pk).exists(), "nothing half-saved before"
    assert not AccessLogEntry.objects.filter(what__icontains="phone and keys").exists()


@pytest.mark.django_db
def test_contact_attempts_are_only_with_a_person_causing_harm(world: World) -> None:
    target = writable(world.users["sw_north"], world.families["north_allocated"])
    with pytest.raises(ValidationError) as exc:
        services.contact_attempt_create(
            target=target, person_id=world.survivor.pk, occurred_on=TODAY, outcome="contacted", method="phone"
        )
    assert "person" in exc.value.message_dict
    attempt = services.contact_attempt_create(
        target=target, person_id=world.him.pk, occurred_on=TODAY, outcome="seen_alone", method="home_visit"
    )
    assert ContactAttempt.objects.get(pk=attempt.pk).person == world.him


@pytest.mark.django_db
def test_sealed_details_change_only_with_the_permission(world: World) -> None:
    family = world.families["north_allocated"]
    detail = SealedDetail.objects.get(person=world.survivor)
    values = {"address": "  A refuge address  ", "phone": "07700 900000", "safe_contacts": ""}
    with pytest.raises(PermissionDenied):
        record_change(
            target=writable(world.users["sw_north"], family),
            kind=records.SEALED_DETAIL,
            record_id=detail.pk,
            seen_version=1,
            values=values,
        )
    record_change(
        target=writable(world.users["idva_north"], family),
        kind=records.SEALED_DETAIL,
        record_id=detail.pk,
        seen_version=1,
        values=values,
    )
    assert SealedDetail.objects.get(person=world.survivor).address == "A refuge address"
    row = AccessLogEntry.objects.order_by("-id").first()
    assert row is not None and row.action == "update" and "refuge" not in row.what
    assert Person.objects.filter(pk=world.survivor.pk).exists()
