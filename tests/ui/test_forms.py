"""Mistakes a worker can make in a form: each gets a message naming what is wrong, and
nothing she typed is lost."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.test import Client
from django.urls import reverse

from spotlight.cases.models import CaseNote
from spotlight.clock import local_today
from spotlight.ui.forms import GovukDateField
from tests.conftest import PASSWORD, World


class DateForm(forms.Form):
    when = GovukDateField(label="Date of the contact", past_or_today=True)


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter date of the contact"),
        ("3", "", "2026", "Date of the contact must include a month"),
        ("", "", "2026", "Date of the contact must include a day and a month"),
        ("31", "2", "2026", "Date of the contact must be a real date"),
        ("1", "x", "2026", "Date of the contact must be a real date, written in numbers"),
        ("1", "2", "26", "The year of date of the contact must include 4 numbers"),
    ],
)
def test_date_mistakes_are_named(day: str, month: str, year: str, message: str) -> None:
    form = DateForm({"when_day": day, "when_month": month, "when_year": year})
    assert not form.is_valid()
    assert form.errors["when"] == [message]


def test_a_future_date_is_refused_and_a_real_one_accepted() -> None:
    tomorrow = local_today() + dt.timedelta(days=1)
    form = DateForm({"when_day": tomorrow.day, "when_month": tomorrow.month, "when_year": tomorrow.year})
    assert form.errors["when"] == ["Date of the contact must be today or in the past"]
    form = DateForm({"when_day": "7", "when_month": "3", "when_year": "2024"})
    assert form.is_valid() and form.cleaned_data["when"] == dt.date(2024, 3, 7)


@pytest.mark.django_db
def test_a_note_with_a_mistake_keeps_everything_typed(world: World, client: Client) -> None:
    client.login(username="sw_north", password=PASSWORD)
    family = world.families["north_allocated"]
    typed = "He followed her to the school gate and shouted at her while Mia watched."
    response = client.post(
        reverse("note_add", args=[family.pk]),
        {
            "occurred_on_day": "31",
            "occurred_on_month": "2",
            "occurred_on_year": "2026",
            "contact_type": "school_visit",
            "present": [world.survivor.pk],
            "text": typed,
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'href="#id_occurred_on_day"' in page, "the summary links to the first date input"
    assert "Date of the contact must be a real date" in page
    assert typed in page
    assert 'value="31"' in page and 'value="2026"' in page
    assert 'value="school_visit" selected' in page
    assert f'value="{world.survivor.pk}" checked' in page
    assert not CaseNote.objects.filter(text=typed).exists()


@pytest.mark.django_db
def test_a_person_form_names_each_mistake(world: World, client: Client) -> None:
    client.login(username="sw_north", password=PASSWORD)
    family = world.families["north_allocated"]
    response = client.post(
        reverse("person_add", args=[family.pk]),
        {
            "role": "adult_survivor",
            "given_name": "",
            "expected_date_of_birth_day": "1",
            "expected_date_of_birth_month": "5",
            "expected_date_of_birth_year": "2027",
        },
    )
    page = response.content.decode()
    assert "Enter the person&#x27;s given name" in page
    assert "Only an unborn child can have an expected date of birth" in page
    assert 'value="adult_survivor" checked' in page
