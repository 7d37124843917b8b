"""Signing in as a new member of staff does: her password, then adding an authenticator app (the QR
code, or its key typed in), her recovery codes, and her caseload; all under the Content-Security-Policy
and with no serious accessibility problem."""

from __future__ import annotations

from typing import Any

import pytest

from spotlight.access.models import AccessLogEntry, StaffRole, Team, User
from tests.browser.conftest import axe_problems, shot

PASSWORD = "a-long-new-password-7"


@pytest.mark.django_db(transaction=True)
def test_a_new_worker_adds_her_authenticator_and_reaches_her_caseload(live_server: Any, page: Any) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from spotlight.access.second_factor import current_code

    worker = User.objects.create_user(username="new.worker", password=PASSWORD, staff_role=StaffRole.SOCIAL_WORKER)
    worker.teams.set([Team.objects.create(name="North")])

    page.goto(f"{live_server.url}/families/1/")
    page.get_by_label("Username").fill("new.worker")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("heading", name="Add an authenticator app").wait_for()
    assert page.locator("img.spotlight-qr-code").evaluate("img => img.complete && img.naturalWidth > 0")
    key = page.locator("#authenticator-key").inner_text()
    assert len(key.replace(" ", "")) == 32
    assert axe_problems(page) == []
    shot(page, "second-factor-enrol")
    page.get_by_label("Code from your authenticator app").fill("12345")
    page.get_by_role("button", name="Add the app").click()
    page.get_by_text("That code is not right").first.wait_for()

    page.get_by_text("That code is not right").first.wait_for()
    page.wait_for_timeout(1100)  # django-otp makes her wait a second after a wrong code
    device = TOTPDevice.objects.get(user=worker, confirmed=False)
    page.get_by_label("Code from your authenticator app").fill(current_code(device))
    page.get_by_role("button", name="Add the app").click()
    page.get_by_role("heading", name="Your recovery codes").wait_for()
    assert page.locator("#recovery-codes li").count() == 10
    page.get_by_role("link", name="I have kept my codes: continue").click()
    page.get_by_role("heading", name="Page not found").wait_for()  # family 1 does not exist: she asked for it
    page.goto(f"{live_server.url}/")
    page.get_by_role("heading", name="Families allocated to you").wait_for()
    logged = set(AccessLogEntry.objects.filter(username="new.worker").values_list("action", flat=True))
    assert {"sign_in", "second_factor"} <= logged


@pytest.mark.django_db(transaction=True)
def test_the_idle_warning_comes_before_sign_out_and_she_can_stay(live_server: Any, page: Any, settings: Any) -> None:
    from tests.browser.conftest import pass_second_factor

    settings.SESSION_COOKIE_AGE = 8  # seconds, so the test need not wait half an hour
    settings.SESSION_WARNING_SECONDS = 6
    worker = User.objects.create_user(username="idle.worker", password=PASSWORD, staff_role=StaffRole.SOCIAL_WORKER)
    worker.teams.set([Team.objects.create(name="North")])
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill("idle.worker")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    pass_second_factor(page, "idle.worker")
    page.get_by_role("heading", name="Families allocated to you").wait_for()
    banner = page.locator("#session-warning")
    assert banner.is_hidden()
    banner.wait_for(state="visible", timeout=6000)
    assert "You will be signed out soon" in banner.inner_text()
    page.get_by_role("button", name="Stay signed in").click()
    banner.wait_for(state="hidden", timeout=3000)
    page.wait_for_timeout(3000)  # past the first 8 seconds: staying signed in started the time again
    page.goto(f"{live_server.url}/")
    page.get_by_role("heading", name="Families allocated to you").wait_for()
