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


@pytest.mark.django_db
def test_linking_screens_again_with_the_familys_record(world: World) -> None:
    from spotlight.pattern.models import BehaviourEntry
    from spotlight.risk.models import RiskIdentification

    family = world.families["north_allocated"]
    client = _client()
    client.post(reverse("referral_new"), _referral(world))
    referral = Referral.objects.get()
    assert referral.suggested == "possible"
    BehaviourEntry.objects.create(
        family=family, person=world.him, kind="isolation", occurred_on=local_today(), source="police"
    )
    survivor = family.people.get(role="adult_survivor")
    RiskIdentification.objects.create(
        family=family, survivor=survivor, identified_on=local_today(), level="high", referred_to_marac_on=local_today()
    )
    client.post(reverse("referral_detail", args=[referral.pk]), {"action": "link", "family": str(family.pk)})
    referral.refresh_from_db()
    assert referral.suggested == "high_risk"
    page = html.unescape(client.get(reverse("referral_detail", args=[referral.pk])).content.decode())
    reasons = page.split('id="screen-reasons"')[1].split("</ul>")[0]
    assert "The family's record: the pattern map holds one of his behaviours" in reasons
    assert "her case went to Marac on" in reasons
    assert "does not want to go home" in reasons  # the referrer's own words are still the first reasons
    assert reverse("programme_matches", args=[family.pk]) in page.split('id="next-steps"')[1]
    assert SEALED_ADDRESS not in page


@pytest.mark.django_db
def test_a_new_family_is_opened_from_a_referral_and_a_missing_name_is_named(world: World) -> None:
    client = _client()
    data = _referral(world, adults_named="Amina Yusuf", children_named="Ola Yusuf")
    client.post(reverse("referral_new"), data)
    referral = Referral.objects.get()
    url = reverse("referral_detail", args=[referral.pk])
    page = html.unescape(client.get(url).content.decode())
    assert 'value="Yusuf family"' in page  # offered, from the names the referral gives
    refused = html.unescape(client.post(url, {"action": "open", "name": "  "}).content.decode())
    assert "Enter a name for the family record" in refused and refused.startswith("<!") and "Error:" in refused
    response = client.post(url, {"action": "open", "name": "Yusuf family"})
    referral.refresh_from_db()
    assert referral.family is not None and referral.family.name == "Yusuf family"
    assert referral.family.team == world.teams["North"]
    assert response["Location"] == reverse("family_detail", args=[referral.family.pk])
    again = html.unescape(client.post(url, {"action": "open", "name": "Yusuf family"}).content.decode())
    assert "already linked" in again or 'id="linked-family"' in again
    auditor = _client("auditor").post(url, {"action": "open", "name": "Another family"})
    assert auditor.status_code in (403, 404)


@pytest.mark.django_db
def test_likely_families_are_found_by_names_and_by_a_date_of_birth(world: World) -> None:
    client = _client()
    born = local_today().replace(year=local_today().year - 7)
    # Misspelt names and a date of birth: every family's child shares it, so the Reids come first, on both
    data = _referral(world, adults_named="Sara Reed", children_named=f"Mia ({born:%d/%m/%Y})")
    client.post(reverse("referral_new"), data)
    referral = Referral.objects.get()
    page = html.unescape(client.get(reverse("referral_detail", args=[referral.pk])).content.decode())
    likely = page.split('id="likely-families"')[1].split("</ul>")[0]
    assert likely.index("Reid family") < likely.index("Osei family")
    assert "matched on names and a date of birth" in likely.split("Osei family")[0]
    assert "matched on a date of birth" in likely.split("Osei family")[1]
    assert "Lowe family" not in likely  # South's family: not through the read gate


@pytest.mark.django_db
@pytest.mark.parametrize(
    "named",
    [
        "12345 !!! ###",
        "x" * 400,
        "Mia 31/02/2019",
        "a, b, c, d, e, f, g, h, i, j, k",
        "\u200b\u200b",
        "Ayşe O'Neil-Brown",
    ],
)
def test_any_names_a_referral_gives_leave_its_page_working(world: World, named: str) -> None:
    client = _client()
    client.post(reverse("referral_new"), _referral(world, adults_named=named, children_named=named[:100]))
    referral = Referral.objects.get()
    response = client.get(reverse("referral_detail", args=[referral.pk]))
    assert response.status_code == 200 and "Open the family record" in response.content.decode()
