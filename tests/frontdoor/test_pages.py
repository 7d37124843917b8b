"""The front door on screen: a referral about school attendance whose words hint at abuse is screened
with its reasons shown; nothing typed is lost when it is refused; the decision is kept beside the
suggestion (a different decision needs reasons); the likely existing family is offered and linked; the
list shows who decided and filters abuse found behind another concern; only the team's staff see it."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from spotlight.access.models import AccessLogEntry
from spotlight.clock import local_today
from spotlight.frontdoor.models import Referral
from tests.conftest import PASSWORD, SEALED_ADDRESS, SpotlightClient, World

TEXT = "Mia's attendance has dropped. She told her teacher she does not want to go home because daddy shouts at mummy."


def _client(username: str = "sw_north") -> SpotlightClient:
    client = SpotlightClient()
    assert client.login(username=username, password=PASSWORD)
    return client


def _referral(world: World, **more: str) -> dict[str, str]:
    today = local_today()
    return {
        "team": str(world.teams["North"].pk),
        "received_on_day": str(today.day),
        "received_on_month": str(today.month),
        "received_on_year": str(today.year),
        "referrer_kind": "school",
        "referrer_name": "Head of Year",
        "presenting_concern": "school_attendance",
        "adults_named": "Sarah Reid, Darren Reid",
        "children_named": "Mia Reid",
        "text": TEXT,
        **more,
    }


@pytest.mark.django_db
def test_a_referral_behind_another_concern_is_screened_decided_and_linked(world: World) -> None:
    client = _client()
    response = client.post(reverse("referral_new"), _referral(world))
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.suggested == "possible" and referral.behind_another_concern
    page = html.unescape(client.get(response["Location"]).content.decode())
    assert (
        "Domestic abuse possible: ask safely" in page
        and "does not want to go home" in page.split('id="screen-reasons"')[1]
    )
    assert "Reid family" in page and SEALED_ADDRESS not in page
    refused = html.unescape(
        client.post(response["Location"], {"action": "decide", "pathway": "present"}).content.decode()
    )
    assert "Say why you decided differently" in refused
    client.post(
        response["Location"], {"action": "decide", "pathway": "present", "reasons": "Mum told me on the phone."}
    )
    client.post(response["Location"], {"action": "link", "family": str(world.families["north_allocated"].pk)})
    referral.refresh_from_db()
    assert (referral.decided, referral.suggested, referral.family) == (
        "present",
        "possible",
        world.families["north_allocated"],
    )
    listed = html.unescape(client.get(reverse("front_door"), {"behind": "1"}).content.decode())
    assert "Domestic abuse behind it" in listed
    assert "Domestic abuse present: risk identification and the pattern map, by Sw" in listed
    assert not AccessLogEntry.objects.filter(what__icontains="shouts").exists()


@pytest.mark.django_db
def test_a_refused_referral_keeps_what_was_typed(world: World) -> None:
    page = html.unescape(
        _client().post(reverse("referral_new"), _referral(world, presenting_concern="")).content.decode()
    )
    assert "Choose the presenting concern" in page and TEXT in page and not Referral.objects.exists()


@pytest.mark.django_db
def test_only_the_teams_staff_see_its_front_door(world: World) -> None:
    _client().post(reverse("referral_new"), _referral(world))
    referral = Referral.objects.get()
    assert _client("sw_south").get(reverse("referral_detail", args=[referral.pk])).status_code == 404
    assert _client("auditor").get(reverse("front_door")).status_code == 403
    assert _client("sw_south").post(reverse("referral_new"), _referral(world)).status_code in (200, 403)
    assert Referral.objects.count() == 1
