"""Find a family: by names (said alike, or the start of them), by date of birth, or by reference; only
families the read gate allows, each once, best match first, a page at a time from the database, in a
number of queries that does not grow with the results; the name keys kept in step however people are
added, corrected, struck out or imported."""

from __future__ import annotations

import datetime as dt
import importlib
import re
from collections import Counter
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from spotlight.access.models import AccessLogEntry, Allocation, Team
from spotlight.cases import records as case_records
from spotlight.cases import search, services
from spotlight.cases.gate import families_readable_by
from spotlight.cases.models import Family, NameKey, Person
from spotlight.cases.versions import record_change, record_strike_out
from spotlight.clock import local_today
from spotlight.vocabulary import Role
from tests.conftest import PASSWORD, SEALED_ADDRESS, World, writable

TODAY = dt.date(2026, 3, 1)
BIRTHDAY = dt.date(2019, 3, 27)


def _family(team: Team, reference: str, name: str, *people: tuple[str, str, str]) -> Family:
    family = Family.objects.create(reference=reference, name=name, team=team)
    for role, given, surname in people:
        Person.objects.create(family=family, role=role, given_name=given, family_name=surname)
    return family


def _found(world: World, text: str, username: str = "sw_north", page: str | None = None) -> search.SearchPage:
    query = search.read_query(text, today=TODAY)
    return search.search_families(families_readable_by(world.users[username]), query, page=page)


def _references(world: World, text: str, username: str = "sw_north") -> list[str]:
    return [row.family.reference for row in _found(world, text, username).rows]


def _page(client: Client, **params: str) -> str:
    response = client.get(reverse("family_search"), params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def signed_in(world: World, client: Client) -> Client:
    assert client.login(username="sw_north", password=PASSWORD)
    return client


@pytest.mark.django_db
def test_two_families_of_the_same_name_are_told_apart(world: World, client: Client) -> None:
    north = world.teams["North"]
    other = Family.objects.create(reference="T-9", name="Reid family", team=north)
    Person.objects.create(family=other, role="person_causing_harm", given_name="Kyle", family_name="Reid")
    Person.objects.create(family=other, role="adult_survivor", given_name="Dawn", family_name="Reid")
    assert client.login(username="sw_north", password=PASSWORD)
    page = client.get(reverse("family_search"), {"q": "Reid"}).content.decode()
    assert page.count(">Reid family</a>") == 2
    assert "Kyle Reid (person causing harm)" in page and "Darren Reid (person causing harm)" in page
    assert "Mia Reid (child, born" in page
    assert "Sw" in page and "Not allocated" in page, "who holds each family"
    assert "Lowe family" not in page


# --- names: said alike, partial, several words ----------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "recorded"),
    [
        ("Browne", ("adult_survivor", "Leanne", "Brown")),
        ("Brown", ("adult_survivor", "Leanne", "Browne")),
        ("Jon", ("person_causing_harm", "John", "Okafor")),
        ("John", ("person_causing_harm", "Jon", "Okafor")),
        ("Mohammed", ("person_causing_harm", "Muhammad", "Rahman")),
        ("Muhammad", ("person_causing_harm", "Mohammed", "Rahman")),
        ("mohamed", ("person_causing_harm", "Muhammad", "Rahman")),
        ("O'Brien", ("child", "Tyler", "OBrien")),
        ("zoe", ("child", "Zoë", "Hart")),
    ],
)
def test_a_name_spelled_differently_but_said_alike_is_found(
    world: World, typed: str, recorded: tuple[str, str, str]
) -> None:
    _family(world.teams["North"], "N-1", "New family", recorded)
    assert _references(world, typed) == ["N-1"]


@pytest.mark.django_db
def test_the_start_of_a_name_finds_it(world: World) -> None:
    assert _references(world, "Mia") == ["T-2", "T-4", "T-1"], "every Mia she can read, by family name"
    assert _references(world, "Rei") == ["T-1"], "Rei finds the Reid family"
    assert _references(world, "dar") == ["T-2", "T-4", "T-1"]
    reid = next(row for row in _found(world, "Mia").rows if row.family.reference == "T-1")
    mia = Person.objects.get(family=world.families["north_allocated"], given_name="Mia")
    assert reid.matched == frozenset({mia.pk}), "the people it matched are marked"


@pytest.mark.django_db
def test_several_words_match_across_given_and_family_names_and_one_person_matching_all_comes_first(
    world: World,
) -> None:
    north = world.teams["North"]
    _family(north, "N-1", "Smith family", ("child", "Mia", "Smith"), ("adult_survivor", "Sarah", "Reid"))
    assert _references(world, "mia reid") == ["T-1", "N-1"], "Mia Reid herself first, then Mia and a Reid"
    assert _references(world, "reid mia") == ["T-1", "N-1"]
    assert _references(world, "Mia Reid family") == ["T-1", "N-1"], "the word family says nothing"
    assert _references(world, "mia jones") == []
    reid, smith = _found(world, "mia reid").rows
    assert {p.full_name for p in reid.people if p.pk in reid.matched} == {"Mia Reid"}, "her, not every Reid"
    assert {p.full_name for p in smith.people if p.pk in smith.matched} == {"Mia Smith", "Sarah Reid"}


@pytest.mark.django_db
def test_the_same_name_ranks_above_one_said_alike_and_one_it_only_starts(world: World) -> None:
    north = world.teams["North"]
    _family(north, "N-1", "Browning family", ("child", "Ella", "Browning"))
    _family(north, "N-2", "Browne family", ("child", "Ella", "Browne"))
    _family(north, "N-3", "Brown family", ("child", "Ella", "Brown"))
    assert _references(world, "Brown") == ["N-3", "N-2", "N-1"]


@pytest.mark.django_db
def test_the_family_record_name_is_searched_too(world: World) -> None:
    _family(world.teams["North"], "N-1", "Kowalski-Hart family", ("child", "Ava", "Hart"))
    assert _references(world, "Kowalski") == ["N-1"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram similarity is PostgreSQL's (pg_trgm)")
@pytest.mark.django_db
def test_on_postgresql_a_word_spelled_nearly_the_same_is_found(world: World) -> None:
    _family(world.teams["North"], "N-1", "Fitzgerald family", ("child", "Ava", "Fitzgerald"))
    assert _references(world, "Fitzgreald") == ["N-1"], "a slip of the keys: not the same sound, nor the start"


# --- dates of birth and references -----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed", ["27/3/2019", "27/03/2019", "27 3 2019", "2019-03-27", "27 March 2019", "27th Mar 2019", "27-3-19"]
)
def test_a_date_of_birth_typed_any_usual_way_finds_the_family(world: World, client: Client, typed: str) -> None:
    Person.objects.filter(date_of_birth=BIRTHDAY).update(date_of_birth=dt.date(2018, 1, 1))  # the world's Mia
    family = _family(world.teams["North"], "N-1", "Hart family")
    Person.objects.create(family=family, role="child", given_name="Ava", family_name="Hart", date_of_birth=BIRTHDAY)
    found = _found(world, typed)
    assert found.query.kind == search.QueryKind.DATE
    assert [r.family.reference for r in found.rows] == ["N-1"]
    assert client.login(username="sw_north", password=PASSWORD)
    page = _page(client, q=typed)
    assert "1 family with someone born on 27 March 2019" in page and "Hart family" in page


@pytest.mark.django_db
def test_a_date_that_does_not_exist_gets_a_clear_message(world: World, signed_in: Client) -> None:
    page = _page(signed_in, q="31/2/2019")
    assert "31/2/2019 is not a real date" in page and "There is a problem" in page


@pytest.mark.django_db
def test_a_reference_is_found_exactly_whatever_its_case(world: World, signed_in: Client) -> None:
    _family(world.teams["North"], "T-10", "Hart family", ("child", "Ava", "Hart"))
    assert _references(world, "t-1") == ["T-1"], "not T-10"
    assert _references(world, "T-10") == ["T-10"]
    assert _references(world, "T-3") == [], "the South team's family is not hers to find"
    assert "1 family with the reference t-1" in _page(signed_in, q="t-1")


# --- only what the read gate allows, each once ------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "references"),
    [
        ("sw_north", ["T-2", "T-4", "T-1"]),
        ("sw_south", ["T-3", "T-4"]),
        ("auditor", ["T-3"]),
        ("admin", []),
    ],
)
def test_only_families_the_read_gate_allows_are_found(world: World, username: str, references: list[str]) -> None:
    assert _references(world, "Darren", username) == references
    assert _references(world, "1/1/1900", username) == []
    if "T-1" not in references:
        assert _references(world, "Reid", username) == []
        assert _references(world, "T-1", username) == []


@pytest.mark.django_db
def test_a_worker_of_another_team_finds_nothing_of_theirs(world: World, client: Client) -> None:
    assert client.login(username="sw_south", password=PASSWORD)
    page = _page(client, q="Reid")
    assert "Reid family" not in page and "0 families" in page
    assert "Osei family" not in _page(client, q="Osei")


@pytest.mark.django_db
def test_each_family_is_shown_once_however_many_of_its_people_match(world: World, signed_in: Client) -> None:
    found = _found(world, "Reid")
    assert [r.family.reference for r in found.rows] == ["T-1"] and found.total == 1
    assert len(found.rows[0].matched) == 3, "Darren, Sarah and Mia Reid"
    assert _page(signed_in, q="Reid").count(">Reid family</a>") == 1


@pytest.mark.django_db
def test_sealed_details_are_never_searched_or_shown(world: World, signed_in: Client) -> None:
    assert _references(world, "Hawthorn") == []
    page = _page(signed_in, q="Reid")
    assert SEALED_ADDRESS not in page and "Hawthorn" not in page


@pytest.mark.django_db
def test_the_search_is_logged_per_family_shown_and_never_with_what_was_typed(world: World, signed_in: Client) -> None:
    before = AccessLogEntry.objects.count()
    _page(signed_in, q="Reid")
    rows = list(AccessLogEntry.objects.order_by("id")[before:])
    assert [(r.action, r.what, r.family_id) for r in rows] == [
        ("search", "search results", world.families["north_allocated"].pk)
    ]
    assert not AccessLogEntry.objects.filter(what__icontains="reid").exists()


# --- pages, and what a worker might type -------------------------------------------------------


def _many(world: World, surname: str, count: int) -> None:
    north = world.teams["North"]
    worker = world.users["sw_north"]
    for i in range(count):
        family = _family(north, f"{surname[:3].upper()}-{i}", f"{surname} family", ("child", f"Child{i}", surname))
        Allocation.objects.create(family=family, worker=worker, allocated_on=local_today())


@pytest.mark.django_db
def test_results_come_a_page_at_a_time_from_the_database(world: World, signed_in: Client) -> None:
    _many(world, "Nwosu", 60)
    pages = [_found(world, "Nwosu", page=str(n)) for n in (1, 2, 3)]
    assert [len(p.rows) for p in pages] == [25, 25, 10]
    assert all(p.total == 60 and p.pages == 3 for p in pages)
    shown = [r.family.pk for p in pages for r in p.rows]
    assert len(shown) == len(set(shown)) == 60, "every family once, on one page"
    assert pages[1].first_shown == 26 and pages[1].last_shown == 50
    first = _page(signed_in, q="Nwosu")
    assert first.count(">Nwosu family</a>") == 25 and "60 families" in first and "Showing 1 to 25" in first
    assert 'href="?q=Nwosu&amp;page=2"' in first and 'rel="next"' in first
    last = _page(signed_in, q="Nwosu", page="3")
    assert last.count(">Nwosu family</a>") == 10 and 'rel="prev"' in last and 'rel="next"' not in last


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["0", "4", "-1", "abc", "9" * 30, "²", "1.5"])
def test_a_page_that_does_not_exist_gives_the_first_with_a_message(world: World, signed_in: Client, page: str) -> None:
    _many(world, "Nwosu", 60)
    html = _page(signed_in, q="Nwosu", page=page)
    assert "There is no such page of these results, so the first page is shown." in html
    assert html.count(">Nwosu family</a>") == 25


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter at least 2 characters"),
        ("M", "Enter at least 2 characters"),
        ("   ", "Enter at least 2 characters"),
        ("Reid " * 60, "Enter no more than 100 characters"),
        ("a b c d e f g", "Enter no more than 6 words"),
        ("!!! ???", "Enter a name, a date of birth or a family reference"),
        ("\u202e\u202e", "Enter at least 2 characters"),
    ],
)
def test_a_query_that_cannot_be_searched_gets_a_clear_message(
    world: World, signed_in: Client, typed: str, message: str
) -> None:
    page = _page(signed_in, q=typed)
    assert "There is a problem" in page and message in page
    assert "<title>Error: Find a family" in page


@pytest.mark.django_db
def test_control_characters_are_refused_clearly_not_with_a_server_error(world: World, signed_in: Client) -> None:
    assert signed_in.get(reverse("family_search"), {"q": "Re\x01id"}).status_code == 400
    with pytest.raises(search.QueryProblem, match="cannot be searched for"):
        search.read_query("Re\x01id", today=TODAY)
    assert _references(world, "Mia\tReid") == ["T-1"], "a tab is only a space"
    assert _references(world, "\u202eReid") == ["T-1"], "an invisible mark is dropped"


@pytest.mark.django_db
def test_the_queries_for_a_page_do_not_grow_with_the_results(world: World, signed_in: Client) -> None:
    _many(world, "Okafor", 5)
    _many(world, "Nwosu", 60)

    def queries(typed: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            page = _page(signed_in, q=typed)
        assert f"{typed} family</a>" in page
        return len(captured)

    queries("Okafor")  # anything done once per session is done before counting
    few, many = queries("Okafor"), queries("Nwosu")
    assert few == many, (few, many)
    assert many <= 20


# --- the name keys kept in step -----------------------------------------------------------------


@pytest.mark.django_db
def test_a_person_added_or_corrected_through_the_services_is_found_by_the_new_name(world: World) -> None:
    family = world.families["north_allocated"]
    target = writable(world.users["sw_north"], family)
    person = services.person_create(target=target, role=Role.CHILD, given_name="Kayden", family_name="Reid")
    assert _references(world, "Kayden") == ["T-1"]
    values = case_records.PERSON.read(person) | {"given_name": "Oliver"}
    record_change(target=target, kind=case_records.PERSON, record_id=person.pk, seen_version=1, values=values)
    assert _references(world, "Kayden") == [] and _references(world, "Oliver") == ["T-1"]
    assert NameKey.objects.filter(person=person).count() == 2


@pytest.mark.django_db
def test_a_person_struck_out_as_entered_in_error_is_not_found_or_shown(world: World, signed_in: Client) -> None:
    family = world.families["north_allocated"]
    target = writable(world.users["sw_north"], family)
    person = services.person_create(target=target, role=Role.CHILD, given_name="Kayden", family_name="Reid")
    record_strike_out(target=target, kind=case_records.PERSON, record_id=person.pk, reason="Wrong family")
    assert _references(world, "Kayden") == []
    assert "Kayden" not in _page(signed_in, q="Reid")


@pytest.mark.django_db
def test_a_family_renamed_is_found_by_its_new_name(world: World) -> None:
    family = world.families["north_team"]
    family.name = "Mensah family"
    family.save()
    assert _references(world, "Mensah") == ["T-2"]
    assert _references(world, "Osei") == ["T-2"], "her people are still called Osei"


@pytest.mark.django_db
def test_imported_people_are_found(world: World) -> None:
    from spotlight.casefile.database import import_case_file
    from spotlight.casefile.format import dump_family
    from spotlight.family.synth import generate_families

    generated = list(generate_families(count=12, seed=7, today=TODAY, teams=("North",)))
    import_case_file((dump_family(f.record) + "\n" for f in generated), today=TODAY)
    for synthetic in generated[:6]:
        record = synthetic.record
        person = record.people[0]
        assert record.id in _references(world, f"{person.given_name} {person.family_name}")
        born = next(p.date_of_birth for p in record.people if p.date_of_birth)
        assert record.id in _references(world, born.strftime("%d/%m/%Y"))
        assert _references(world, record.id.lower()) == [record.id]
    imported = Person.objects.filter(family__reference__startswith="SYN-7-")
    assert imported.count() == sum(len(f.record.people) for f in generated)
    assert set(imported.values_list("pk", flat=True)) == set(
        NameKey.objects.filter(person__in=imported).values_list("person_id", flat=True)
    ), "every imported person has her name keys"


@pytest.mark.django_db
def test_the_migration_fills_the_name_keys_of_records_written_before_it(world: World) -> None:
    before = Counter(NameKey.objects.values_list("family_id", "person_id", "word", "sound"))
    NameKey.objects.all().delete()
    assert _references(world, "Reid") == []
    migration = importlib.import_module("spotlight.cases.migrations.0005_name_keys")
    migration.fill_name_keys(apps, SimpleNamespace(connection=connection))
    assert Counter(NameKey.objects.values_list("family_id", "person_id", "word", "sound")) == before
    assert _references(world, "Reid") == ["T-1"]


def test_names_are_folded_the_same_way_they_are_typed() -> None:
    from spotlight.cases.domain.names import name_keys, name_words

    assert name_words("Mary-Jane O'Brien") == ["mary", "jane", "obrien"]
    assert name_words("ZOË  Łukasz") == ["zoe", "lukasz"]
    assert name_keys("Reid family", leave_out=frozenset({"family"})) == [("reid", "RT")]
    assert re.fullmatch(r"[A-Z0-9]+", name_keys("Muhammad")[0][1])
