"""The family page is composed of each app's sections: a new section joins it from the family layer
alone, is shown only to those it names, and any section can be drawn alone to refresh the page."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from spotlight.access import policy
from spotlight.access.models import AccessLogEntry
from spotlight.cases.models import CaseNote
from spotlight.cases.sections import FamilySection, SectionRequest
from spotlight.family import page
from tests.conftest import PASSWORD, World


def _notes_count(request: SectionRequest) -> Mapping[str, object]:
    return {"notes": CaseNote.objects.filter(family=request.family).count()}


@pytest.mark.django_db
def test_a_new_section_joins_the_page_from_the_family_layer_alone(
    world: World, client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "notes_count.html").write_text(
        '<h2 class="govuk-heading-m" id="notes-count">Notes</h2><p class="govuk-body">{{ notes }} case notes</p>',
        encoding="utf-8",
    )
    sealed_only = FamilySection(
        key="sealed-only", title="Only with sealed access", template="notes_count.html", order=99,
        build=_notes_count, shown_to=policy.may_see_sealed,
    )  # fmt: skip
    notes_count = FamilySection(
        key="notes-count", title="Notes", template="notes_count.html", order=15, build=_notes_count
    )
    sections = tuple(sorted((*page.SECTIONS, notes_count, sealed_only), key=lambda s: s.order))
    monkeypatch.setattr(page, "SECTIONS", sections)
    monkeypatch.setattr(page, "SECTIONS_BY_KEY", {s.key: s for s in sections})
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0].get("DIRS", []), str(tmp_path)]
    family = world.families["north_allocated"]
    with override_settings(TEMPLATES=templates):
        assert client.login(username="sw_north", password=PASSWORD)
        html = client.get(reverse("family_detail", args=[family.pk])).content.decode()
        assert "1 case notes" in html and 'href="#notes-count"' in html
        assert html.index('id="engagement"') < html.index('id="notes-count"') < html.index('id="pattern"')
        assert "Only with sealed access" not in html, "a section is left out for anyone it does not name"
        client.logout()
        assert client.login(username="idva_north", password=PASSWORD)
        assert "Only with sealed access" in client.get(reverse("family_detail", args=[family.pk])).content.decode()


@pytest.mark.django_db
def test_a_section_drawn_alone_goes_through_the_read_gate(world: World, client: Client) -> None:
    family = world.families["north_allocated"]
    url = reverse("family_section", args=[family.pk, "chronology"])
    assert client.login(username="sw_north", password=PASSWORD)
    partial = client.get(url, {"show": "contact_attempts"}, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    text = partial.content.decode()
    assert 'id="chronology-entries"' in text and "Engagement with Darren" in text
    assert "Sarah kept Mia at school" not in text, "the filter asked for attempts to engage him only"
    assert client.get(reverse("family_section", args=[family.pk, "no-such-part"])).status_code == 404
    assert client.get(url, {"agency": "99999999999999999999"}).status_code == 200, "a bad filter shows everything"
    client.logout()
    assert client.login(username="sw_south", password=PASSWORD)
    assert client.get(url).status_code == 404
    assert AccessLogEntry.objects.filter(username="sw_south", family=family, action="refused").exists()


@pytest.mark.django_db
def test_the_chronology_has_a_page_of_its_own_through_the_read_gate(world: World, client: Client) -> None:
    family = world.families["north_allocated"]
    url = reverse("family_section_page", args=[family.pk, "chronology"])
    client.force_login(world.users["sw_north"])
    assert url in client.get(reverse("family_detail", args=[family.pk])).content.decode()
    page = client.get(url, {"show": "notes"}).content.decode()
    assert "Sarah kept Mia at school all week." in page and "Engagement with Darren" not in page
    assert client.get(reverse("family_section_page", args=[family.pk, "nothing"])).status_code == 404
    client.force_login(world.users["sw_south"])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_after_a_save_the_confirmation_stands_in_the_section_that_changed(world: World, client: Client) -> None:
    from spotlight.clock import local_today

    family = world.families["north_allocated"]
    client.force_login(world.users["sw_north"])
    today = local_today()
    response = client.post(
        reverse("note_add", args=[family.pk]),
        {
            "occurred_on_day": today.day, "occurred_on_month": today.month, "occurred_on_year": today.year,
            "contact_type": "phone_call", "text": "Spoke with Sarah about the plan.",
        },
    )  # fmt: skip
    assert response.status_code == 302 and response["Location"].endswith("#chronology")
    page = client.get(response["Location"]).content.decode()
    chronology = page.index('data-section="chronology"')
    banner = page.index("Case note added to the chronology.")
    assert chronology < banner < page.index('id="chronology"'), "the banner opens the chronology section"
    assert page.count('role="alert"') == 1 and 'id="banner-title-chronology-done"' in page
