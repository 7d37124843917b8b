"""A real browser for the browser tests: Debian's Chromium through Playwright, plus axe-core."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"


@pytest.fixture(scope="session", autouse=True)
def _no_stray_sessions_at_the_end(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Ends the live server's idle database sessions before the test database is dropped.

    The live server answers from its own thread, whose connection outlives the tests; on
    PostgreSQL that left the test database "being accessed by other users" at teardown.
    """
    yield
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )


@pytest.fixture
def page(live_server: Any) -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is not installed: `make test` installs it (scripts/ensure-system-packages.sh)")
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop in this thread
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15_000)
        violations: list[str] = []
        page.on(
            "console",
            lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
        )
        yield page
        context.close()
        browser.close()
        assert not violations, f"the Content-Security-Policy was violated: {violations[:5]}"


def axe_problems(page: Any) -> list[str]:
    """Serious or critical accessibility problems axe-core finds on the page."""
    page.evaluate(AXE.read_text(encoding="utf-8"))  # run by the browser's tools, not as a page script
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def pass_second_factor(page: Any, username: str) -> None:
    """The second step of signing in, as staff do when the phone is not to hand: a recovery code.
    (Each works once, so a fresh one is made for every sign-in; the authenticator's own code is the
    enrolment test's.)"""
    from spotlight.access.models import User
    from spotlight.access.second_factor import authenticator_for_demo, recovery_codes_renew

    user = User.objects.get(username=username)
    authenticator_for_demo(user)
    page.wait_for_url("**/sign-in/**")
    if "/sign-in/authenticator/" in page.url:  # a test account with no app yet: it has one now
        page.goto(page.url.replace("/sign-in/authenticator/", "/sign-in/code/"))
    page.get_by_label("Code", exact=True).fill(recovery_codes_renew(user=user)[0])
    page.get_by_role("button", name="Continue").click()


def sign_in(page: Any, base_url: str, username: str, password: str) -> None:
    """Signs in through the real pages, second factor included, and waits for the menu (every role
    has one; not every role has a caseload)."""
    page.goto(f"{base_url}/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    pass_second_factor(page, username)
    page.get_by_role("navigation", name="Menu").wait_for()


def fill_date(page: Any, legend: str, day: dt.date) -> None:
    """Types a day into the three boxes of the date question with this legend."""
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def wait_for_chart(page: Any, chart_id: str, state: str = "rendered") -> None:
    """Waits until the chart with this id reaches this state. The chart may not be on the page yet
    (the wait can begin before a clicked link's page has loaded), so its absence is waited out,
    not an error."""
    page.wait_for_function(
        "([id, state]) => document.getElementById(id)?.dataset.chartState === state", arg=[chart_id, state]
    )
