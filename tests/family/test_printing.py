"""A printable chronology (by kind, agency and dates) and a printable family summary (issue 11): through
the read gate, logged, and never with sealed details."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from spotlight.access.models import AccessLogEntry
from spotlight.clock import local_today
from tests.conftest import PASSWORD, SEALED_ADDRESS, SEALED_PHONE, World


@pytest.mark.django_db
def test_the_chronology_prints_with_its_filters(world: World, client: Client) -> None:
    family = world.families["north_allocated"]
    url = reverse("chronology_print", args=[family.pk])
    assert client.login(username="sw_north", password=PASSWORD)
    everything = client.get(url).content.decode()
    assert "Sarah kept Mia at school all week." in everything and "Engagement with Darren Reid" in everything
    attempts_only = client.get(url, {"show": "contact_attempts"}).content.decode()
    assert "Sarah kept Mia" not in attempts_only and "Engagement with Darren Reid" in attempts_only
    since = (local_today() - dt.timedelta(days=7)).isoformat()
    recent = client.get(url, {"from": since}).content.decode()
    assert "Sarah kept Mia" not in recent, "the note was ten days ago"
    assert client.get(url, {"from": "31-02-2026", "to": "²"}).status_code == 200, "a bad date means no limit"
    assert AccessLogEntry.objects.filter(username="sw_north", family=family, what="printable chronology").exists()


@pytest.mark.django_db
def test_the_summary_prints_the_record_without_sealed_details(world: World, client: Client) -> None:
    family = world.families["north_allocated"]
    assert client.login(username="idva_north", password=PASSWORD)  # she may see sealed details on their page
    page = client.get(reverse("summary_print", args=[family.pk])).content.decode()
    assert "Darren Reid" in page and "Pattern of his behaviour" in page and "People in the family" in page
    assert SEALED_ADDRESS not in page and SEALED_PHONE not in page and "Sealed details<" not in page
    assert "Add a case note" not in page, "a printout has no buttons"
    assert AccessLogEntry.objects.filter(family=family, what="printable family summary").exists()


@pytest.mark.django_db
def test_printing_goes_through_the_read_gate(world: World, client: Client) -> None:
    family = world.families["north_allocated"]
    assert client.login(username="sw_south", password=PASSWORD)
    for name in ("chronology_print", "summary_print"):
        assert client.get(reverse(name, args=[family.pk])).status_code == 404
    assert AccessLogEntry.objects.filter(username="sw_south", family=family, action="refused").count() >= 2
