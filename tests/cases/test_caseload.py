"""The caseload: last contact with each person, and who has gone longest without contact with him."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from spotlight.access.models import Allocation
from spotlight.cases.models import CaseNote, ContactAttempt, Family, Person
from spotlight.clock import local_today
from tests.conftest import PASSWORD, World


def _family_with_contact(world: World, name: str, days_ago: int | None, outcome: str = "seen") -> Family:
    family = Family.objects.create(reference=f"C-{name}", name=name, team=world.teams["North"])
    Allocation.objects.create(family=family, worker=world.users["sw_north"], allocated_on=local_today())
    him = Person.objects.create(
        family=family, role="person_causing_harm", given_name="Lee", family_name=name.split()[0]
    )
    if days_ago is not None:
        ContactAttempt.objects.create(
            family=family,
            person=him,
            occurred_on=local_today() - dt.timedelta(days=days_ago),
            outcome=outcome,
            method="phone",
        )
    return family


@pytest.mark.django_db
def test_sorting_by_his_contact_puts_never_contacted_first_then_longest_waiting(world: World, client: Client) -> None:
    _family_with_contact(world, "Recent family", 5)
    _family_with_contact(world, "Stale family", 40)
    _family_with_contact(world, "Untouched family", 100, outcome="attempted")  # attempts alone are not contact
    client.login(username="sw_north", password=PASSWORD)
    page = client.get(reverse("caseload"), {"sort": "him"}).content.decode()
    order = [page.index(n) for n in ("Reid family", "Untouched family", "Stale family", "Recent family")]
    # Reid family: one attempt, never reached. Both never-contacted families come before the others.
    assert max(order[:2]) < order[2] < order[3]
    assert "Last contacted" in page and "40 days ago" in page


@pytest.mark.django_db
def test_last_contact_counts_notes_where_the_person_was_present(world: World, client: Client) -> None:
    family = world.families["north_allocated"]
    seen_on = local_today() - dt.timedelta(days=3)
    note = CaseNote.objects.create(
        family=family, occurred_on=seen_on, contact_type="office_visit", text="Met him at the office."
    )
    note.present.set([world.him])
    client.login(username="sw_north", password=PASSWORD)
    page = client.get(reverse("caseload")).content.decode()
    assert "3 days ago" in page
    assert "Never contacted" not in page


@pytest.mark.django_db
def test_a_child_never_seen_stands_out_as_much_as_a_father_never_contacted(world: World, client: Client) -> None:

    assert client.login(username="sw_south", password=PASSWORD)
    page = client.get(reverse("caseload")).content.decode()
    assert '<span class="spotlight-flag">Never seen</span>' in page  # Mia Lowe: no note with her present
