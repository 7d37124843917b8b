"""The words on screens follow the person (issue 11): each adult's recorded pronouns are used in the
interface and in the language review's suggestions, so a woman causing harm, or a same-sex
relationship, is recorded without the software saying "him" and "her" wrongly."""

from __future__ import annotations

import datetime as dt

import pytest

from spotlight.casefile.database import family_to_record
from spotlight.casefile.format import dump_family, parse_line
from spotlight.cases.models import Person
from spotlight.labels import DEFAULT_WORDS, family_words
from spotlight.language import Person as ReviewPerson
from spotlight.language import review
from tests.conftest import SpotlightClient, World


def _client(world: World, username: str = "sw_north") -> SpotlightClient:
    client = SpotlightClient()
    client.force_login(world.users[username])
    return client


def test_recorded_pronouns_come_first_then_the_roles_default_then_they() -> None:
    assert family_words([("person_causing_harm", ""), ("adult_survivor", "")]) == DEFAULT_WORDS
    woman = family_words([("person_causing_harm", "she"), ("adult_survivor", "she")])
    assert (woman.he, woman.him, woman.his) == ("she", "her", "her")
    mixed = family_words([("person_causing_harm", "he"), ("person_causing_harm", "she")])
    assert (mixed.he, mixed.his, mixed.he_does) == ("they", "their", "do")
    assert (
        woman.say("Record his behaviour and her protective efforts.")
        == "Record her behaviour and her protective efforts."
    )
    assert DEFAULT_WORDS.say("What he did") == "What he did"


@pytest.mark.django_db
def test_a_woman_causing_harm_is_she_on_the_family_page_and_its_forms(world: World) -> None:
    family = world.families["north_allocated"]
    Person.objects.filter(pk=world.him.pk).update(given_name="Dana", pronouns="she")
    client = _client(world)
    page = client.get(f"/families/{family.pk}/").content.decode()
    assert "Pattern of her behaviour" in page
    assert "Record her behaviour" in page
    assert "Record an attempt to engage her" in page
    assert "Pattern of his behaviour" not in page and "Record his behaviour" not in page
    attempt = client.get(f"/families/{family.pk}/contact-attempts/new/").content.decode()
    assert "engage her" in attempt and "engage him" not in attempt


@pytest.mark.django_db
def test_a_family_with_no_pronouns_recorded_reads_as_before(world: World) -> None:
    page = _client(world).get(f"/families/{world.families['north_allocated'].pk}/").content.decode()
    assert "Pattern of his behaviour" in page and "Record his behaviour" in page


@pytest.mark.django_db
def test_pronouns_are_recorded_on_the_person_form_and_can_be_corrected(world: World) -> None:
    family = world.families["north_allocated"]
    client = _client(world)
    response = client.post(
        f"/families/{family.pk}/people/new/",
        {"role": "person_causing_harm", "given_name": "Alex", "family_name": "Reid", "pronouns": "they"},
    )
    assert response.status_code == 302
    alex = Person.objects.get(family=family, given_name="Alex")
    assert alex.pronouns == "they"
    change = client.post(
        f"/families/{family.pk}/records/person/{alex.pk}/change/",
        {"given_name": "Alex", "family_name": "Reid", "pronouns": "she", "version": 1},
    )
    assert change.status_code == 302
    alex.refresh_from_db()
    assert alex.pronouns == "she" and alex.role == "person_causing_harm" and alex.version == 2


def test_the_review_uses_recorded_pronouns_where_it_has_no_name() -> None:
    text = "She failed to protect the children from the abuse."
    people = [ReviewPerson("", "person_causing_harm", "she"), ReviewPerson("", "adult_survivor", "she")]
    default = [ReviewPerson("", "person_causing_harm"), ReviewPerson("", "adult_survivor")]
    with_pronouns = " ".join(s for f in review(text, people) for s in (f.message, *f.suggestions))
    without = " ".join(s for f in review(text, default) for s in (f.message, *f.suggestions))
    assert with_pronouns and " his " not in f" {with_pronouns} " and " him " not in f" {with_pronouns} "
    assert with_pronouns != without


@pytest.mark.django_db
def test_pronouns_travel_in_the_case_file(world: World) -> None:
    Person.objects.filter(pk=world.him.pk).update(pronouns="she")
    line = dump_family(family_to_record(world.families["north_allocated"]))
    assert '"pronouns":"she"' in line
    parsed, errors = parse_line(line, line=1, today=dt.datetime.now(tz=dt.UTC).date())
    assert not errors and parsed is not None
    assert [p.pronouns.value for p in parsed.people if p.pronouns] == ["she"]
