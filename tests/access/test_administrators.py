"""No account stands above the access policy: no superusers, administrators manage staff and teams
only, nobody changes her own access, and every change of access is in the access log."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from spotlight.access import policy
from spotlight.access.models import AccessLogEntry, NoSuperusers, StaffRole, User
from tests.conftest import PASSWORD, World


def _staff_form(user: User, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "staff_role": user.staff_role,
        "teams": [t.pk for t in user.teams.all()],
        "is_active": "on",
        "_save": "Save",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.django_db
def test_there_is_no_superuser_and_the_database_refuses_one(world: World) -> None:
    with pytest.raises(NoSuperusers):
        User.objects.create_superuser("root", password=PASSWORD)
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(username="admin").update(is_superuser=True)
    with pytest.raises(IntegrityError), transaction.atomic():  # the admin pages are for administrators only
        User.objects.filter(username="sw_north").update(is_staff=True)


@pytest.mark.django_db
def test_an_administrator_cannot_give_herself_a_specialists_role_or_sealed_details(
    world: World, client: Client
) -> None:
    admin = world.users["admin"]
    assert client.login(username="admin", password=PASSWORD)
    url = reverse("admin:access_user_change", args=[admin.pk])
    page = client.get(url).content.decode()
    assert "Nobody can change her own access" in page and 'name="staff_role"' not in page
    client.post(
        url,
        _staff_form(admin, staff_role=StaffRole.DA_SPECIALIST, teams=[world.teams["North"].pk], may_see_sealed="on"),
    )
    admin.refresh_from_db()
    assert admin.staff_role == StaffRole.ADMINISTRATOR and not admin.teams.exists()
    assert not policy.holds_sealed_permission(admin)
    # Even given the permission behind the pages' back, an administrator reads no case content.
    admin.user_permissions.add(Permission.objects.get(codename="view_sealed_details"))
    family = world.families["north_allocated"]
    assert not policy.may_see_sealed(admin)
    assert client.get(reverse("sealed_details", args=[family.pk, world.survivor.pk])).status_code == 404
    assert client.get(reverse("family_detail", args=[family.pk])).status_code == 404


@pytest.mark.django_db
def test_an_administrator_changes_a_colleagues_access_and_every_change_is_logged(world: World, client: Client) -> None:
    worker = world.users["sw_south"]
    assert client.login(username="admin", password=PASSWORD)
    url = reverse("admin:access_user_change", args=[worker.pk])
    response = client.post(
        url,
        _staff_form(worker, staff_role=StaffRole.DA_SPECIALIST, teams=[world.teams["North"].pk], may_see_sealed="on"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    worker.refresh_from_db()
    assert worker.staff_role == StaffRole.DA_SPECIALIST and policy.may_see_sealed(worker)
    logged = set(AccessLogEntry.objects.filter(action="staff_access", username="admin").values_list("what", flat=True))
    assert logged == {
        "staff account sw_south: role social worker to domestic abuse specialist",
        "staff account sw_south: added to team North",
        "staff account sw_south: removed from team South",
        "staff account sw_south: may now see sealed details",
    }


@pytest.mark.django_db
def test_sealed_details_are_never_given_to_an_auditor_or_an_administrator(world: World, client: Client) -> None:
    auditor = world.users["auditor"]
    assert client.login(username="admin", password=PASSWORD)
    response = client.post(
        reverse("admin:access_user_change", args=[auditor.pk]), _staff_form(auditor, may_see_sealed="on")
    )
    assert response.status_code == 200
    assert "Only staff who work with families" in response.content.decode()
    assert not policy.holds_sealed_permission(auditor)
    assert not AccessLogEntry.objects.filter(action="staff_access").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["sw_north", "idva_north", "manager_north", "auditor"])
def test_only_administrators_reach_the_administration_pages(world: World, client: Client, username: str) -> None:
    assert client.login(username=username, password=PASSWORD)
    assert client.get(reverse("admin:index")).status_code in (302, 403)
    assert client.get(reverse("admin:access_user_changelist")).status_code in (302, 403)
    assert client.get(reverse("admin:login")).status_code == 403


@pytest.mark.django_db
def test_signed_out_the_administration_pages_send_her_to_the_one_sign_in_page(client: Client) -> None:
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    followed = client.get(response["Location"])
    assert followed.status_code == 302 and followed["Location"].startswith(reverse("login"))
