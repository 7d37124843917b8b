"""Everyday casework in a real browser, on a desk and on a phone (issue 11): a manager allocates a
family and sees an overdue child visit; the worker finds the family by a child's first name, rewrites
a note after the language review and reads its earlier version, prints the chronology, and attaches
and downloads a document. No serious or critical accessibility problem on any page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from spotlight.access.models import Team, User
from spotlight.cases.models import CaseNote, Family, Person
from spotlight.casework.models import ChildPlan
from spotlight.cli import DEMO_PASSWORD, _ensure_demo_users
from spotlight.clock import local_today
from tests.browser.conftest import axe_problems, shot, sign_in

FLAGGED = "Grace failed to protect Poppy from the violence at home."
REWRITTEN = "Daniel hit Grace in the kitchen while Poppy watched. Grace took Poppy to her mother's that night."
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _family() -> Family:
    today = local_today()
    family = Family.objects.create(reference="SPL-900001", name="Ashworth family", team=Team.objects.get(name="North"))
    Person.objects.create(family=family, role="person_causing_harm", given_name="Daniel", family_name="Ashworth")
    Person.objects.create(family=family, role="adult_survivor", given_name="Grace", family_name="Ashworth")
    poppy = Person.objects.create(
        family=family,
        role="child",
        given_name="Poppy",
        family_name="Ashworth",
        date_of_birth=today.replace(year=today.year - 6),
    )
    note = CaseNote.objects.create(
        family=family, occurred_on=today - dt.timedelta(days=40), contact_type="home_visit", text=FLAGGED
    )
    note.present.set([poppy])
    ChildPlan.objects.create(
        family=family, child=poppy, status="child_protection", started_on=today - dt.timedelta(days=60)
    )
    return family


def _accessible(page: Any, name: str, width: int) -> None:
    assert axe_problems(page) == [], name
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), f"{name} fits"
    shot(page, f"casework-{name}-{width}")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 390])
def test_a_day_of_casework(live_server: Any, page: Any, width: int, tmp_path: Any, settings: Any) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "documents")},
        },
    }
    _ensure_demo_users()
    family = _family()
    page.set_viewport_size({"width": width, "height": 900})
    url = live_server.url

    # The manager allocates the family, with a reason, and sees the overdue visit on her team's caseload.
    sign_in(page, url, "manager.demo", DEMO_PASSWORD)
    page.goto(f"{url}/families/{family.pk}/")
    page.get_by_role("link", name="Allocate this family").click()
    page.get_by_label("Amira Haddad").check()
    today = local_today()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Why").fill("A new allocation after the strategy meeting.")
    page.get_by_role("button", name="Allocate").click()
    page.locator("#allocation").get_by_text("Amira Haddad").wait_for()
    _accessible(page, "allocated", width)
    page.goto(f"{url}/?show=team")
    row = page.locator("tr", has_text="Ashworth family")
    row.get_by_text("Overdue by").first.wait_for()
    _accessible(page, "team-caseload", width)
    page.get_by_role("button", name="Sign out").click()

    # The worker finds the family by the child's first name.
    sign_in(page, url, "sw.demo", DEMO_PASSWORD)
    page.goto(f"{url}/search/?q=Poppy")
    page.get_by_role("link", name="Ashworth family").first.click()
    page.get_by_role("heading", name="Chronology").wait_for()
    _accessible(page, "family", width)

    # The language review flags the note; she rewrites it, and the earlier version stays readable.
    page.goto(f"{url}/families/{family.pk}/language/")
    page.get_by_role("link", name="Rewrite the note").first.click()
    page.get_by_label("What happened").fill(REWRITTEN)
    page.locator("#language-review-status").get_by_text("Nothing to rewrite").wait_for()
    _accessible(page, "rewrite", width)
    page.get_by_role("button", name="Save the change").click()
    page.locator(".govuk-notification-banner").get_by_text("changed").wait_for()
    page.get_by_role("link", name="see earlier versions").first.click()
    page.get_by_role("heading", name="Version 1").wait_for()
    assert FLAGGED in page.content() and REWRITTEN in page.content()
    _accessible(page, "versions", width)

    # She prints the chronology.
    page.goto(f"{url}/families/{family.pk}/print/chronology/")
    page.get_by_text(REWRITTEN).wait_for()
    _accessible(page, "print", width)

    # She attaches a police report, and downloads it again.
    page.goto(f"{url}/families/{family.pk}/documents/new/")
    page.get_by_label("A short title").fill("Police report of 3 March")
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "police-report.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_label("Police report", exact=True).check()
    page.get_by_role("button", name="Attach the document").click()
    link = page.locator("#documents-list a[href*='/download/']", has_text="Police report of 3 March")
    link.wait_for()
    _accessible(page, "documents", width)
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "police-report.pdf"
    assert download.value.path().read_bytes() == PDF
    assert User.objects.filter(username="sw.demo").exists()
