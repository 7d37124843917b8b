"""On a phone (390 pixels wide) nothing is cut off: wide tables and charts scroll sideways in their own
box and the page itself never does, with no serious accessibility problem (issue 11)."""

from __future__ import annotations

from typing import Any

import pytest

from spotlight.cli import DEMO_PASSWORD, DEMO_WORKERS, _ensure_demo_users, load_synthetic
from spotlight.clock import local_today
from tests.browser.conftest import axe_problems, pass_second_factor, shot

WIDTH = 390


def _fits(page: Any) -> bool:
    return bool(page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1"))


@pytest.mark.django_db(transaction=True)
def test_a_worker_reads_her_caseload_a_family_and_search_on_a_phone(live_server: Any, page: Any) -> None:
    _ensure_demo_users()
    load_synthetic(count=8, seed=21, today=local_today(), teams=("North",), workers=DEMO_WORKERS)
    page.set_viewport_size({"width": WIDTH, "height": 844})
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill("sw.demo")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    pass_second_factor(page, "sw.demo")
    page.get_by_role("heading", name="Families allocated to you").wait_for()
    assert _fits(page), "the caseload scrolls sideways in its own box"
    assert axe_problems(page) == []
    shot(page, "caseload-390")

    page.locator("#caseload tbody tr th a").first.click()
    page.get_by_role("heading", name="Chronology").wait_for()
    page.wait_for_function(  # the timelines draw themselves to the width they have
        "() => [...document.querySelectorAll('[data-spotlight-chart]')].every(c => c.dataset.chartState)"
    )
    page.wait_for_timeout(300)
    assert _fits(page), "the family page and its timeline fit"
    assert axe_problems(page) == []
    shot(page, "family-390")

    page.goto(f"{live_server.url}/search/?q=a")
    page.get_by_role("heading", name="Find a family").wait_for()
    assert _fits(page)
    assert axe_problems(page) == []
