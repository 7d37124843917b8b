"""Search results tell families apart: each family's people with their roles and dates of birth, and who
it is allocated to, only for families the read gate allows, in a number of queries that does not grow
with the results."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from spotlight.access.models import Allocation
from spotlight.cases.models import Family, Person
from spotlight.clock import local_today
from tests.conftest import PASSWORD, World


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


@pytest.mark.django_db
def test_search_queries_do_not_grow_with_the_results(
    world: World, client: Client, django_assert_max_num_queries: object
) -> None:
    north = world.teams["North"]
    for i in range(30):
        family = Family.objects.create(reference=f"R-{i}", name="Brown family", team=north)
        Person.objects.create(family=family, role="child", given_name=f"Child{i}", family_name="Brown")
        Allocation.objects.create(family=family, worker=world.users["sw_north"], allocated_on=local_today())
    assert client.login(username="sw_north", password=PASSWORD)
    with django_assert_max_num_queries(25):  # type: ignore[operator]
        page = client.get(reverse("family_search"), {"q": "Brown"}).content.decode()
    assert page.count(">Brown family</a>") == 30
