"""Information sharing: recorded with what kinds (never the content), with whom, when, why and on what
lawful basis; a warning before sealed details are recorded as shared, with what was typed kept; shown
on the family page and on the chronology by agency with the agency's notes, Marac work and plan actions."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import pytest
from django.urls import reverse

from spotlight.access.models import AccessLogEntry
from spotlight.cases.models import Agency, CaseNote
from spotlight.clock import local_today
from spotlight.datafiles import DataFileInvalid
from spotlight.plans.models import Plan, PlanAction
from spotlight.sharing.domain.vocabulary import load_sharing
from spotlight.sharing.models import InformationSharing
from tests.conftest import PASSWORD, SEALED_ADDRESS, SpotlightClient, World

TODAY = local_today()


def _client(username: str = "sw_north") -> SpotlightClient:
    client = SpotlightClient()
    assert client.login(username=username, password=PASSWORD)
    return client


def _form(**more: object) -> dict[str, object]:
    return {
        "direction": "shared",
        "agency": "Northshire Police",
        "on_day": str(TODAY.day),
        "on_month": str(TODAY.month),
        "on_year": str(TODAY.year),
        "kinds": ["risk_assessment"],
        "reason": "marac",
        "lawful_basis": "public_task",
        **more,
    }


@pytest.mark.django_db
def test_sharing_is_recorded_by_kind_and_shown_on_the_family_page(world: World) -> None:
    family = world.families["north_allocated"]
    client = _client()
    response = client.post(reverse("sharing_add", args=[family.pk]), _form())
    assert response.status_code == 302
    row = InformationSharing.objects.get()
    assert (row.direction, row.kinds, row.reason, row.lawful_basis) == (
        "shared",
        ["risk_assessment"],
        "marac",
        "public_task",
    )
    page = html.unescape(client.get(reverse("family_detail", args=[family.pk])).content.decode())
    section = page.split('id="sharing"')[1].split("</section>")[0]
    assert "shared with Northshire Police" in section and "A risk identification or risk review" in section
    assert "For a Marac" in section and "Public task" in section
    logged = AccessLogEntry.objects.filter(family=family, what=f"information sharing {row.pk}").get()
    assert "Police" not in logged.what


@pytest.mark.django_db
def test_sealed_details_are_recorded_as_shared_only_after_the_warning(world: World) -> None:
    family = world.families["north_allocated"]
    client = _client()
    url = reverse("sharing_add", args=[family.pk])
    warned = html.unescape(client.post(url, _form(kinds=["sealed_details"], agency="Refuge North")).content.decode())
    assert "Sealed details (her address" in warned and 'value="Refuge North"' in warned
    assert not InformationSharing.objects.exists()
    client.post(url, _form(kinds=["sealed_details"], agency="Refuge North", sealed_confirmed="on"))
    assert InformationSharing.objects.get().sealed_confirmed
    received = client.post(url, _form(direction="received", kinds=["sealed_details"], agency="Police"))
    assert received.status_code == 302  # received, not shared: no warning
    page = client.get(reverse("family_detail", args=[family.pk])).content.decode()
    assert SEALED_ADDRESS not in page.split('id="sharing"')[1].split("</section>")[0]


@pytest.mark.django_db
def test_mistakes_are_named_and_nothing_typed_is_lost(world: World) -> None:
    family = world.families["north_allocated"]
    page = html.unescape(
        _client()
        .post(reverse("sharing_add", args=[family.pk]), _form(kinds=[], reason="", agency="Health visitor"))
        .content.decode()
    )
    assert "Choose the kinds of information" in page and "Choose why" in page and 'value="Health visitor"' in page
    assert _client("auditor").get(reverse("sharing_add", args=[world.families["south"].pk])).status_code == 403


@pytest.mark.django_db
def test_the_chronology_by_agency_joins_up_each_agencys_work(world: World) -> None:
    family = world.families["north_allocated"]
    police = Agency.objects.create(name="Northshire Police", kind="police")
    CaseNote.objects.create(
        family=family,
        occurred_on=TODAY - dt.timedelta(days=9),
        contact_type="record",
        agency=police,
        text="Police notification after a call-out.",
    )
    _client().post(reverse("sharing_add", args=[family.pk]), _form())
    plan = Plan.objects.create(family=family, kind="child_protection", started_on=TODAY - dt.timedelta(days=5))
    PlanAction.objects.create(
        plan=plan, family=family, text="Act on any breach of bail", owner="agency", agency="northshire police"
    )
    page = html.unescape(_client().get(reverse("family_agencies", args=[family.pk])).content.decode())
    police_part = page.split('aria-labelledby="agency-1"')[1].split("</section>")[0]
    assert "Northshire Police" in police_part and "Police notification after a call-out" in police_part
    assert "Shared with" in police_part and "Act on any breach of bail" in police_part
    assert _client("sw_south").get(reverse("family_agencies", args=[family.pk])).status_code == 404


def test_a_broken_sharing_file_is_refused_naming_each_problem(tmp_path: Path) -> None:
    bad = tmp_path / "sharing.yaml"
    bad.write_text("version: 1\nkinds: []\nreasons: [{id: a, label: A}, {id: a, label: B}]\nlawful_bases: []\n")
    with pytest.raises(DataFileInvalid) as refused:
        load_sharing(bad)
    assert "kinds" in str(refused.value) and "lawful_bases" in str(refused.value)
