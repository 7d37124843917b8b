"""A manager allocates and reallocates her teams' families (issue 11): with the date and a reason, to
workers of her teams only; the family moves to that worker's caseload; the team caseload shows who
holds each family and each worker's count; every allocation is in the access log."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from spotlight.access.models import AccessLogEntry, Allocation
from spotlight.cases import services
from spotlight.clock import local_today
from tests.conftest import PASSWORD, World, writable


@pytest.mark.django_db
def test_a_manager_reallocates_a_family_and_it_moves_caseload(world: World, client: Client) -> None:
    family = world.families["north_allocated"]  # held by sw_north
    assert client.login(username="manager_north", password=PASSWORD)
    page = client.get(reverse("family_detail", args=[family.pk])).content.decode()
    assert "Allocated to <strong>Sw" in page and "Reallocate" in page
    response = client.post(
        reverse("family_allocate", args=[family.pk]),
        {
            "worker": world.users["idva_north"].pk,
            "allocated_on_day": local_today().day,
            "allocated_on_month": local_today().month,
            "allocated_on_year": local_today().year,
            "reason": "Sw is leaving the team.",
        },
    )
    assert response.status_code == 302
    held = Allocation.objects.filter(family=family, ended_on__isnull=True)
    assert [a.worker.username for a in held] == ["idva_north"]
    assert Allocation.objects.get(family=family, worker=world.users["sw_north"]).ended_on == local_today()
    assert AccessLogEntry.objects.filter(family=family, what="allocated to staff account idva_north").exists()
    client.logout()
    assert client.login(username="idva_north", password=PASSWORD)
    assert "Reid family" in client.get(reverse("caseload")).content.decode()


@pytest.mark.django_db
def test_only_a_manager_allocates_and_only_to_her_teams_workers(world: World, client: Client) -> None:
    family = world.families["north_team"]
    today = local_today()
    with pytest.raises(PermissionDenied):
        services.family_allocate(
            target=writable(world.users["sw_north"], family), worker_id=world.users["sw_north"].pk,
            allocated_on=today, reason="x",
        )  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        services.family_allocate(
            target=writable(world.users["manager_north"], family), worker_id=world.users["sw_south"].pk,
            allocated_on=today, reason=" ",
        )  # fmt: skip
    assert set(caught.value.message_dict) == {"worker", "reason"}
    with pytest.raises(ValidationError):  # an auditor holds no caseload
        services.family_allocate(
            target=writable(world.users["manager_north"], family), worker_id=world.users["auditor"].pk,
            allocated_on=today, reason="x",
        )  # fmt: skip
    assert client.login(username="sw_north", password=PASSWORD)
    assert client.get(reverse("family_allocate", args=[family.pk])).status_code == 403


@pytest.mark.django_db
def test_the_team_caseload_shows_who_holds_each_family_and_each_workers_count(world: World, client: Client) -> None:
    assert client.login(username="manager_north", password=PASSWORD)
    page = client.get(reverse("caseload")).content.decode()
    assert 'id="worker-counts"' in page and "not allocated 1" in page  # the Osei family
    assert "Allocated to Sw" in page
