"""Signing in: a lockout after repeated wrong passwords, a second factor for every account (and for the
administration pages), a password policy that refuses her own names, Argon2, a session that ends with
the browser or after 30 idle minutes, her own password change, and every sign-in event in the log."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse

from spotlight.access.models import AccessLogEntry, User
from spotlight.access.second_factor import authenticator_for_demo, current_code, recovery_codes_renew
from tests.conftest import PASSWORD, World


def _password_only(client: Client, username: str, password: str = PASSWORD) -> int:
    return client.post(reverse("login"), {"username": username, "password": password}).status_code


def _actions(username: str) -> list[str]:
    return list(AccessLogEntry.objects.filter(username=username).order_by("id").values_list("action", flat=True))


@pytest.mark.django_db
def test_wrong_passwords_lock_the_account_out_from_that_address_and_are_logged(world: World) -> None:
    client = Client(REMOTE_ADDR="203.0.113.9")
    codes = [_password_only(client, "sw_north", f"wrong-{i}") for i in range(8)]
    assert codes[:4] == [200] * 4, "the first wrong passwords are answered with the form again"
    assert 429 in codes[4:], codes
    locked = client.post(reverse("login"), {"username": "sw_north", "password": PASSWORD})
    assert locked.status_code == 429 and "Signing in is paused" in locked.content.decode()
    actions = _actions("sw_north")
    assert actions.count("sign_in_failed") >= 5 and "locked_out" in actions and "sign_in" not in actions
    other_address = Client(REMOTE_ADDR="198.51.100.7")
    assert _password_only(other_address, "sw_north") == 302, "the lockout is for that account from that address"


@pytest.mark.django_db
def test_a_password_alone_opens_nothing_until_the_second_factor(world: World) -> None:
    user = world.users["sw_north"]
    device = authenticator_for_demo(user)
    client = Client()
    assert _password_only(client, "sw_north") == 302
    page = client.get(reverse("family_detail", args=[world.families["north_allocated"].pk]))
    assert page.status_code == 302 and page["Location"].startswith(reverse("second_factor"))
    assert client.get(reverse("caseload"))["Location"].startswith(reverse("second_factor"))
    refused = client.post(reverse("second_factor"), {"code": "123456"})
    assert "That code is not right" in refused.content.decode()
    code = recovery_codes_renew(user=user)[0]
    assert client.post(reverse("second_factor"), {"code": code, "next": "/"}).status_code == 302
    assert client.get(reverse("caseload")).status_code == 200
    client.post(reverse("logout"))
    assert _password_only(client, "sw_north") == 302
    reused = client.post(reverse("second_factor"), {"code": code})
    assert "not right" in reused.content.decode(), "a recovery code works once"
    assert device.confirmed and current_code(device).isdigit()
    actions = _actions("sw_north")
    assert {"sign_in", "sign_out", "second_factor"} <= set(actions)


@pytest.mark.django_db
def test_an_account_with_no_app_yet_is_asked_to_add_one_first(world: World) -> None:
    client = Client()
    assert _password_only(client, "manager_north") == 302
    response = client.get(reverse("caseload"))
    assert response["Location"].startswith(reverse("second_factor_enrol"))
    page = client.get(response["Location"]).content.decode()
    assert "Add an authenticator app" in page and "data:image/svg+xml" in page


@pytest.mark.django_db
def test_the_administration_pages_need_the_second_factor_too(world: World) -> None:
    client = Client()
    assert _password_only(client, "admin") == 302
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


@pytest.mark.django_db
def test_the_password_policy_refuses_her_own_names_and_common_passwords(world: World) -> None:
    user = User(username="amira.haddad", first_name="Amira", last_name="Haddad")
    for weak in ("amira.haddad1", "Haddad-Amira", "password123", "1234567890", "short"):
        with pytest.raises(ValidationError):
            validate_password(weak, user)
    validate_password("the orange kettle sings", user)


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2(world: World) -> None:
    from spotlight import settings as spotlight_settings  # the tests themselves hash quickly (conftest)

    with override_settings(PASSWORD_HASHERS=spotlight_settings.PASSWORD_HASHERS):
        user = world.users["sw_north"]
        user.set_password("the orange kettle sings")
        assert user.password.startswith("argon2")


@pytest.mark.django_db
def test_the_session_ends_with_the_browser_or_after_30_idle_minutes(world: World, client: Client) -> None:
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE and settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client.login(username="sw_north", password=PASSWORD)
    response = client.get(reverse("caseload"))
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"] and not cookie["expires"], "a browser session's cookie"
    page = response.content.decode()
    assert 'data-session-seconds="1800"' in page and 'id="session-warning"' in page
    assert client.post(reverse("session_keep_alive")).status_code == 204


@pytest.mark.django_db
def test_she_changes_her_own_password_and_it_is_logged(world: World, client: Client) -> None:
    client.login(username="sw_north", password=PASSWORD)
    url = reverse("password_change")
    weak = client.post(url, {"old_password": PASSWORD, "new_password1": "sw_north1", "new_password2": "sw_north1"})
    assert weak.status_code == 200 and "too similar" in weak.content.decode()
    new = "the orange kettle sings"
    done = client.post(url, {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert User.objects.get(username="sw_north").check_password(new)
    assert "password" in _actions("sw_north")


@pytest.mark.django_db
def test_an_administrator_resets_a_colleagues_second_step_and_never_her_own(world: World, client: Client) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    worker = world.users["sw_north"]
    authenticator_for_demo(worker)
    client.login(username="admin", password=PASSWORD)
    url = reverse("admin:access_user_changelist")
    ids = [worker.pk, world.users["admin"].pk]
    response = client.post(url, {"action": "reset_second_step", "_selected_action": ids}, follow=True)
    assert "Second step reset for 1 account" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=worker).exists()
    assert TOTPDevice.objects.filter(user=world.users["admin"]).exists(), "her own stays"
    assert AccessLogEntry.objects.filter(what="staff account sw_north: second step reset", username="admin").exists()
