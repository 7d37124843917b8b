"""A family's record restricted to named staff (issue 10): for everyone else it does not exist, in lists,
search, exports and on its page, and each attempt to open it is logged; it says so to those it is open
to, with its reason and review date; only quality leads restrict or lift it."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from spotlight.access.models import AccessLogEntry
from spotlight.cases import services
from spotlight.cases.gate import families_readable_by
from spotlight.clock import local_today
from tests.conftest import PASSWORD, World, writable

SOON = local_today() + dt.timedelta(days=90)


def _restrict(world: World, *names: str) -> None:
    family = world.families["north_allocated"]
    services.family_restrict(
        target=writable(world.users["manager_north"], family),
        reason="The family of a member of staff.",
        review_on=SOON,
        staff_ids=[world.users[n].pk for n in names],
    )


@pytest.mark.django_db
def test_a_restricted_family_does_not_exist_for_staff_not_named(world: World, client: Client) -> None:
    _restrict(world, "idva_north")
    family = world.families["north_allocated"]
    assert client.login(username="sw_north", password=PASSWORD)  # allocated to her, but not named
    assert family not in families_readable_by(world.users["sw_north"])
    assert client.get(reverse("family_detail", args=[family.pk])).status_code == 404
    for url in (reverse("caseload"), reverse("caseload") + "?show=team", reverse("family_search") + "?q=Reid"):
        assert family.name not in client.get(url).content.decode(), url
    exported = client.get(reverse("caseload_export")).content.decode()
    assert family.reference not in {json.loads(line)["id"] for line in exported.splitlines() if line.strip()}
    assert AccessLogEntry.objects.filter(username="sw_north", family=family, action="refused").exists()


@pytest.mark.django_db
def test_the_named_staff_see_it_with_its_reason_and_review_date(world: World, client: Client) -> None:
    _restrict(world, "idva_north")
    family = world.families["north_allocated"]
    assert client.login(username="idva_north", password=PASSWORD)
    page = client.get(reverse("family_detail", args=[family.pk])).content.decode()
    assert "Restricted record: open only to" in page and "The family of a member of staff." in page
    assert "Review by" in page
    client.logout()
    assert client.login(username="manager_north", password=PASSWORD)  # she set it, so she is named
    assert client.get(reverse("family_detail", args=[family.pk])).status_code == 200


@pytest.mark.django_db
def test_only_quality_leads_restrict_and_the_form_names_each_mistake(world: World, client: Client) -> None:
    family = world.families["north_allocated"]
    with pytest.raises(PermissionDenied):
        services.family_restrict(
            target=writable(world.users["sw_north"], family), reason="x", review_on=SOON, staff_ids=[]
        )
    with pytest.raises(ValidationError) as caught:
        services.family_restrict(
            target=writable(world.users["manager_north"], family),
            reason=" ",
            review_on=local_today() + dt.timedelta(days=800),
            staff_ids=[world.users["admin"].pk],
        )
    assert set(caught.value.message_dict) == {"reason", "review_on", "staff"}
    assert client.login(username="manager_north", password=PASSWORD)
    url = reverse("family_restriction", args=[family.pk])
    typed = "A case in the local news."
    response = client.post(
        url, {"reason": typed, "review_on_day": "1", "review_on_month": "1", "review_on_year": "2020"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page and typed in page
    client.logout()
    assert client.login(username="sw_north", password=PASSWORD)
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_lifting_opens_the_record_again_by_need_to_know(world: World, client: Client) -> None:
    _restrict(world, "idva_north")
    family = world.families["north_allocated"]
    assert client.login(username="manager_north", password=PASSWORD)
    assert client.post(reverse("family_restriction_lift", args=[family.pk])).status_code == 302
    assert family in families_readable_by(world.users["sw_north"])
    lifted = AccessLogEntry.objects.filter(family=family, what="restriction lifted")
    assert (
        lifted.exists() and AccessLogEntry.objects.filter(family=family, what__startswith="record restricted").exists()
    )
