"""A case-file audit in a real browser: an auditor rates her file with Spotlight's evidence beside
each question, and the domestic abuse lead reads the results with the chart drawn; axe-core finds no
serious or critical problem on either page."""

from __future__ import annotations

from typing import Any

import pytest

from spotlight.access.models import StaffRole, User
from spotlight.audit import services
from spotlight.audit.models import AuditAssignment
from spotlight.cli import DEMO_PASSWORD, _ensure_demo_users, load_synthetic
from spotlight.clock import local_today
from tests.browser.conftest import axe_problems, shot, sign_in, wait_for_chart

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_an_auditor_rates_a_file_and_the_lead_reads_the_results(live_server: Any, page: Any) -> None:
    _ensure_demo_users()
    load_synthetic(count=8, seed=21, today=local_today(), teams=("North",), workers={"North": ["sw.demo", "idva.demo"]})
    auditor = User.objects.get(username="auditor.demo")
    lead = User.objects.get(username="idva.demo")
    assert auditor.staff_role == StaffRole.AUDITOR
    audit_round = services.audit_round_create(
        user=lead,
        request=services.RoundRequest(name="Before training", sample_size=1, seed=4, by_team=False, auditors=[auditor]),
    )
    assignment = AuditAssignment.objects.get(round=audit_round)

    sign_in(page, live_server.url, "auditor.demo", DEMO_PASSWORD)
    page.get_by_role("link", name="Case-file audits").click()
    page.get_by_role("link", name=f"{assignment.family.name} in Before training").click()
    page.get_by_role("heading", name=f"Audit of {assignment.family.name}").wait_for()
    assert page.get_by_text("What Spotlight counted in this file").is_visible()
    problems = axe_problems(page)
    shot(page, "audit-file")
    assert problems == []

    # She changes one suggestion, marks one question not applicable, and saves.
    first = assignment.ratings.get(item="contacted_and_seen")
    changed = 1 if first.suggested != 1 else 2
    page.locator(f"#id_rating_contacted_and_seen_{changed - 1}").check()
    page.locator('input[name="rating_agencies_joined_up"][value="na"]').check()
    page.get_by_role("button", name="Save ratings").click()
    page.get_by_text(f"Your ratings for {assignment.family.name} are saved.").wait_for()
    first.refresh_from_db()
    assert first.rating == changed and first.suggested != changed
    assert assignment.ratings.get(item="agencies_joined_up").not_applicable

    # The lead reads the results; the chart is drawn and the table holds the same figures.
    page.context.clear_cookies()
    sign_in(page, live_server.url, "idva.demo", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/audits/{audit_round.pk}/")
    page.get_by_text("1 of 1 files rated: the round is complete").wait_for()
    wait_for_chart(page, "round-distribution")
    assert page.locator("#round-distribution svg").count() >= 1
    assert page.locator("#round-results tbody tr").count() > 0
    problems = axe_problems(page)
    shot(page, "audit-round-results")
    assert problems == []

    # The printable report is styled under the Content-Security-Policy (its style allowed by a nonce).
    page.goto(f"{live_server.url}/audits/{audit_round.pk}/report/")
    assert page.evaluate("getComputedStyle(document.querySelector('table')).borderCollapse") == "collapse"


@pytest.mark.django_db(transaction=True)
def test_the_leads_audit_pages_draw_their_charts_and_pass_axe(live_server: Any, page: Any) -> None:
    _ensure_demo_users()
    load_synthetic(
        count=12, seed=22, today=local_today(), teams=("North",), workers={"North": ["sw.demo", "idva.demo"]}
    )
    lead = User.objects.get(username="idva.demo")
    auditor = User.objects.get(username="auditor.demo")
    rounds = []
    for name, seed, shift in (("Before training", 1, -1), ("After training", 2, 1)):
        audit_round = services.audit_round_create(
            user=lead,
            request=services.RoundRequest(name=name, sample_size=6, seed=seed, by_team=False, auditors=[auditor]),
        )
        for a in audit_round.assignments.all():
            services.audit_ratings_save(
                user=auditor,
                assignment=a,
                ratings={
                    r.item: services.ItemRating(rating=max(1, min(4, (r.suggested or 2) + shift)))
                    for r in a.ratings.all()
                },
            )
        rounds.append(audit_round)

    sign_in(page, live_server.url, "idva.demo", DEMO_PASSWORD)
    page.get_by_role("link", name="Case-file audits").click()
    wait_for_chart(page, "audit-trend")
    assert page.locator("#audit-trend-table tbody tr").count() == 6
    problems = axe_problems(page)
    shot(page, "audit-list")
    assert problems == []

    page.get_by_role("link", name="Compare two rounds", exact=True).click()
    page.get_by_label("Earlier round").select_option(label="Before training")
    page.get_by_label("Later round").select_option(label="After training")
    page.get_by_role("button", name="Compare").click()
    page.get_by_role("heading", name="What changed").wait_for()
    wait_for_chart(page, "round-comparison")
    problems = axe_problems(page)
    shot(page, "audit-compare")
    assert problems == []

    page.goto(f"{live_server.url}/audits/new/")
    page.get_by_role("button", name="Draw the sample and share the files").click()
    page.get_by_role("heading", name="There is a problem").wait_for()
    assert page.get_by_role("link", name="Enter a name for the round").is_visible()
    problems = axe_problems(page)
    shot(page, "audit-new-errors")
    assert problems == []
