"""His programme referrals on the pattern map: recorded and updated through the write gate, shown
under his behaviour, checked field by field, logged without their words."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from spotlight.access.models import AccessLogEntry
from spotlight.cases.models import Family
from spotlight.clock import local_today
from spotlight.pattern.models import ProgrammeReferral, ReferralStatus
from spotlight.pattern.records import programme_referral_update
from spotlight.pattern.services import programme_referral_create
from tests.conftest import PASSWORD, SpotlightClient, World, writable

REFERRED = local_today() - dt.timedelta(days=40)
NOTE = "He told the worker the course was a waste of his time."


def _client(username: str) -> Client:
    client = SpotlightClient()
    assert client.login(username=username, password=PASSWORD)
    return client


def _date(prefix: str, day: dt.date) -> dict[str, str]:
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


def offer(family: Family) -> dict[str, Any]:
    """The support offered to her alongside his referral, as the services take it."""
    return {
        "support_survivor_id": family.people.get(role="adult_survivor").pk,
        "support_service": "idva",
        "support_provider": "Northside IDVA service",
        "support_offered_on": REFERRED,
        "support_response": "accepted",
    }


def offer_form(family: Family) -> dict[str, str]:
    """The same offer, as the form posts it."""
    return {
        "support_survivor": str(family.people.get(role="adult_survivor").pk),
        "support_service": "idva",
        "support_provider": "Northside IDVA service",
        **_date("support_offered_on", REFERRED),
        "support_response": "accepted",
    }


@pytest.mark.django_db
def test_a_worker_records_his_referral_and_it_shows_under_his_behaviour(world: World) -> None:
    family = world.families["north_allocated"]
    client = _client("sw_north")
    url = reverse("programme_referral_add", kwargs={"family_id": family.pk})
    response = client.post(
        url,
        {
            "person": str(world.him.pk),
            "programme": "community_programme",
            "provider": "Northside Change Project",
            **_date("referred_on", REFERRED),
            "status": "started",
            **_date("status_on", REFERRED + dt.timedelta(days=20)),
            **offer_form(family),
            "note": NOTE,
        },
    )
    assert response.status_code == 302
    referral = ProgrammeReferral.objects.get(family=family)
    assert (referral.status, referral.support_for_her, referral.recorded_by) == (
        ReferralStatus.STARTED,
        True,
        world.users["sw_north"],
    )
    page = html.unescape(client.get(reverse("family_detail", kwargs={"family_id": family.pk})).content.decode())
    section = page[page.index(f'id="programme-referrals-{world.him.pk}"') :]
    assert "Community domestic abuse perpetrator programme" in section
    assert "Started the programme" in section and NOTE in section
    assert "Independent domestic violence adviser (IDVA), Northside IDVA service" in section
    assert "She accepted it" in section
    logged = AccessLogEntry.objects.filter(family=family, what=f"programme referral {referral.pk}")
    assert logged.count() == 1 and NOTE not in logged.get().what


@pytest.mark.django_db
def test_mistakes_in_a_referral_are_named_and_what_was_typed_is_kept(world: World) -> None:
    family = world.families["north_allocated"]
    future = local_today() + dt.timedelta(days=3)
    response = _client("sw_north").post(
        reverse("programme_referral_add", kwargs={"family_id": family.pk}),
        {
            "person": str(world.him.pk),
            "programme": "community_programme",
            **_date("referred_on", future),
            "status": "completed",
            "note": NOTE,
        },
    )
    page = html.unescape(response.content.decode())
    assert response.status_code == 200 and "There is a problem" in page
    assert "Date of the referral must be today or in the past" in page
    assert NOTE in page
    assert not ProgrammeReferral.objects.exists()


@pytest.mark.django_db
def test_the_service_checks_the_person_the_programme_and_the_dates(world: World) -> None:
    family = world.families["north_allocated"]
    survivor = family.people.get(role="adult_survivor")
    with pytest.raises(ValidationError) as caught:
        programme_referral_create(
            target=writable(world.users["sw_north"], family),
            person_id=survivor.pk,
            programme="no_such_programme",
            referred_on=REFERRED,
            status_on=REFERRED - dt.timedelta(days=1),
            **offer(family),
        )
    problems = caught.value.message_dict
    assert set(problems) == {"person", "programme", "status_on"}
    assert "not recorded as a person causing harm" in problems["person"][0]


@pytest.mark.django_db
def test_updating_where_it_has_got_to_keeps_the_earlier_note(world: World) -> None:
    family = world.families["north_allocated"]
    worker = world.users["sw_north"]
    referral = programme_referral_create(
        target=writable(worker, family),
        person_id=world.him.pk,
        programme="fathering_programme",
        referred_on=REFERRED,
        note=NOTE,
        **offer(family),
    )
    later = REFERRED + dt.timedelta(days=10)
    response = _client("sw_north").post(
        reverse("programme_referral_status", kwargs={"family_id": family.pk, "referral_id": referral.pk}),
        {"status": "declined", **_date("status_on", later), "note": "He did not come to the assessment.", "version": 1},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.status_on) == (ReferralStatus.DECLINED, later)
    assert referral.note == NOTE + "\n\nHe did not come to the assessment."


@pytest.mark.django_db
def test_an_auditor_reads_referrals_but_cannot_record_them(world: World) -> None:
    family = world.families["south"]
    with pytest.raises(PermissionDenied):
        programme_referral_create(
            target=writable(world.users["auditor"], family),
            person_id=family.people.get(role="person_causing_harm").pk,
            programme="one_to_one",
            referred_on=REFERRED,
            **offer(family),
        )
    referral = programme_referral_create(
        target=writable(world.users["sw_south"], family),
        person_id=family.people.get(role="person_causing_harm").pk,
        programme="one_to_one",
        referred_on=REFERRED,
        **offer(family),
    )
    with pytest.raises(PermissionDenied):
        programme_referral_update(
            target=writable(world.users["auditor"], referral.family),
            referral_id=referral.pk,
            status="started",
            status_on=REFERRED,
        )
    page = _client("auditor").get(reverse("family_detail", kwargs={"family_id": family.pk})).content.decode()
    assert (
        f'id="programme-referral-{referral.pk}"' in page and "Update" not in page.split("programme-referral-")[1][:600]
    )


@pytest.mark.django_db
def test_a_status_update_on_a_stale_page_is_refused_and_the_newer_status_stands(world: World) -> None:
    family = world.families["north_allocated"]
    target = writable(world.users["sw_north"], family)
    referral = programme_referral_create(
        target=target,
        person_id=world.him.pk,
        programme="fathering_programme",
        referred_on=local_today(),
        **offer(family) | {"support_offered_on": local_today()},
    )
    programme_referral_update(target=target, referral_id=referral.pk, status="started", status_on=None, seen_version=1)
    with pytest.raises(ValidationError) as refused:
        programme_referral_update(
            target=writable(world.users["idva_north"], family),
            referral_id=referral.pk,
            status="declined",
            status_on=None,
            seen_version=1,
        )
    assert "after you opened this page" in str(refused.value)
    referral.refresh_from_db()
    assert referral.status == "started" and referral.version == 2


@pytest.mark.django_db
def test_a_referral_of_him_without_support_for_her_is_refused_and_nothing_typed_is_lost(world: World) -> None:
    family = world.families["north_allocated"]
    response = _client("sw_north").post(
        reverse("programme_referral_add", kwargs={"family_id": family.pk}),
        {
            "person": str(world.him.pk),
            "programme": "caring_dads",
            "provider": "Northside Caring Dads",
            **_date("referred_on", REFERRED),
            "status": "referred",
            "note": NOTE,
        },
    )
    page = html.unescape(response.content.decode())
    assert response.status_code == 200 and "There is a problem" in page
    assert "a referral of him is not recorded without support for her alongside" in page
    assert "Enter the date support was offered to her" in page
    assert "Say whether she accepted the support offered to her" in page
    assert NOTE in page and 'value="Northside Caring Dads"' in page
    assert not ProgrammeReferral.objects.exists()


@pytest.mark.django_db
def test_the_service_refuses_a_referral_without_an_offer_naming_each_part(world: World) -> None:
    family = world.families["north_allocated"]
    with pytest.raises(ValidationError) as caught:
        programme_referral_create(
            target=writable(world.users["sw_north"], family),
            person_id=world.him.pk,
            programme="caring_dads",
            referred_on=REFERRED,
            support_service="no_such_service",
        )
    assert set(caught.value.message_dict) == {
        "support_survivor",
        "support_service",
        "support_provider",
        "support_offered_on",
        "support_response",
    }
    assert not ProgrammeReferral.objects.exists()


@pytest.mark.django_db
def test_each_step_of_a_referral_is_kept_with_its_date_and_sessions(world: World) -> None:
    family = world.families["north_allocated"]
    target = writable(world.users["sw_north"], family)
    referral = programme_referral_create(
        target=target, person_id=world.him.pk, programme="caring_dads", referred_on=REFERRED, **offer(family)
    )
    started, stopped = REFERRED + dt.timedelta(days=14), REFERRED + dt.timedelta(days=35)
    programme_referral_update(target=target, referral_id=referral.pk, status="started", status_on=started)
    programme_referral_update(
        target=target, referral_id=referral.pk, status="started", status_on=stopped, sessions_attended=3
    )
    programme_referral_update(
        target=target,
        referral_id=referral.pk,
        status="stopped",
        status_on=stopped,
        sessions_attended=3,
        support_response="declined",
    )
    referral.refresh_from_db()
    assert [(s["status"], s["on"], s["sessions"]) for s in referral.progress] == [
        ("referred", REFERRED.isoformat(), None),
        ("started", started.isoformat(), None),
        ("started", stopped.isoformat(), 3),
        ("stopped", stopped.isoformat(), 3),
    ]
    assert referral.support_response == "declined" and referral.version == 4
    page = html.unescape(
        _client("sw_north").get(reverse("family_detail", kwargs={"family_id": family.pk})).content.decode()
    )
    row = page[page.index(f'id="programme-referral-{referral.pk}"') :][:4000]
    assert "Caring Dads" in row and "Dropped out" in row and "3 sessions attended" in row
    assert "How it has moved" in row and "She said no for now" in row


@pytest.mark.django_db
def test_a_referral_recorded_before_offers_were_kept_is_not_lost_and_can_still_move(world: World) -> None:
    family = world.families["north_allocated"]
    old = ProgrammeReferral.objects.create(
        family=family, person=world.him, programme="one_to_one", referred_on=REFERRED, status="referred"
    )
    target = writable(world.users["sw_north"], family)
    programme_referral_update(target=target, referral_id=old.pk, status="started", status_on=REFERRED)
    old.refresh_from_db()
    assert old.status == "started" and not old.support_provider
    page = html.unescape(
        _client("sw_north").get(reverse("family_detail", kwargs={"family_id": family.pk})).content.decode()
    )
    row = page[page.index(f'id="programme-referral-{old.pk}"') :][:3000]
    assert "One-to-one behaviour change work" in row and "Not recorded" in row


@pytest.mark.django_db
def test_matching_chooses_him_and_the_programme_and_a_bad_choice_is_ignored(world: World) -> None:
    family = world.families["north_allocated"]
    url = reverse("programme_referral_add", kwargs={"family_id": family.pk})
    client = _client("sw_north")
    page = client.get(url, {"person": str(world.him.pk), "programme": "caring_dads"}).content.decode()
    assert 'name="programme" type="radio" value="caring_dads" checked' in page
    for bad in ({"person": "x'<", "programme": "../../etc"}, {"person": "99999999", "programme": "CARING_DADS"}):
        response = client.get(url, bad)
        assert response.status_code == 200
        assert " checked" not in response.content.decode().split('name="programme"')[1][:1000]
