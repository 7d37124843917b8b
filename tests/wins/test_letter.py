"""The strengths letter: drafted from her recorded efforts and wins with nothing about him (a win that
names him left out and counted), refused when it holds a sealed detail or blaming words (nothing typed
lost), recorded as given and printable without any case reference."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.urls import reverse

from spotlight.clock import local_today
from spotlight.pattern.models import ProtectiveEffort
from spotlight.wins.models import StrengthsLetter, Win
from tests.conftest import PASSWORD, SEALED_ADDRESS, SEALED_PHONE, SpotlightClient, World


def _client() -> SpotlightClient:
    client = SpotlightClient()
    assert client.login(username="sw_north", password=PASSWORD)
    return client


def _given(text: str) -> dict[str, str]:
    today = local_today()
    return {
        "text": text,
        "given_how": "in_person",
        "given_on_day": str(today.day),
        "given_on_month": str(today.month),
        "given_on_year": str(today.year),
    }


@pytest.fixture
def recorded(world: World) -> World:
    family = world.families["north_allocated"]
    day = local_today() - dt.timedelta(days=20)
    ProtectiveEffort.objects.create(
        family=family,
        survivor=world.survivor,
        kind="called_police",
        occurred_on=day,
        description="Called 999 when Darren smashed the door.",
        source="police",
    )
    ProtectiveEffort.objects.create(
        family=family,
        survivor=world.survivor,
        kind="school_attendance",
        description="Kept Mia at school.",
        source="school",
    )
    Win.objects.create(
        family=family,
        happened_on=day,
        what="Sarah found Mia a place at the after-school club.",
        who="survivor",
        why_it_matters="x",
        shows="protective_effort",
    )
    Win.objects.create(
        family=family,
        happened_on=day,
        what="Sarah stood up to Darren about the contact rota.",
        who="survivor",
        why_it_matters="x",
        shows="other",
    )
    return world


@pytest.mark.django_db
def test_the_draft_holds_her_efforts_and_wins_and_nothing_about_him(recorded: World) -> None:
    family = recorded.families["north_allocated"]
    page = html.unescape(_client().get(reverse("letter_draft", args=[family.pk])).content.decode())
    letter = page.split("<textarea")[1].split("</textarea>")[0]
    assert "Dear Sarah," in letter and "you called the police" in letter and "You kept Mia going to school" in letter
    assert ": Sarah found Mia a place at the after-school club." in letter
    assert "Darren" not in letter and "smashed" not in letter and "Reid" not in letter.replace("Sarah Reid", "")
    assert "1 win is left out of the draft because it names the person causing harm" in page


@pytest.mark.django_db
def test_a_letter_with_a_sealed_detail_or_blaming_words_is_refused_keeping_what_was_typed(recorded: World) -> None:
    family = recorded.families["north_allocated"]
    client = _client()
    url = reverse("letter_draft", args=[family.pk])
    sealed = client.post(url, _given(f"Dear Sarah, I will post this to {SEALED_ADDRESS.splitlines()[0]}."))
    assert "holds one of her sealed details" in html.unescape(sealed.content.decode())
    phone = client.post(url, _given(f"Dear Sarah, call me back on {SEALED_PHONE}."))
    assert "holds one of her sealed details" in html.unescape(phone.content.decode())
    blaming = html.unescape(
        client.post(url, _given("Dear Sarah, you failed to protect Mia, but you are trying.")).content.decode()
    )
    assert "Reword before it is given" in blaming and "failed to protect Mia, but you are trying" in blaming
    assert not StrengthsLetter.objects.exists()


@pytest.mark.django_db
def test_a_letter_is_recorded_as_given_and_printed_without_a_case_reference(recorded: World) -> None:
    family = recorded.families["north_allocated"]
    client = _client()
    response = client.post(
        reverse("letter_draft", args=[family.pk]), _given("Dear Sarah,\n\nOn 4 March you called the police.")
    )
    letter = StrengthsLetter.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/strengths-letter/{letter.pk}/")
    printed = client.get(response["Location"]).content.decode()
    assert "On 4 March you called the police." in printed and family.reference not in printed
    assert SEALED_ADDRESS not in printed and "Darren" not in printed
