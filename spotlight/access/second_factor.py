"""The second factor every account signs in with: a six-digit code from an authenticator app (TOTP), or
one of ten one-time recovery codes for when the phone is lost. django-otp keeps the devices and
throttles wrong codes; every enrolment, use of a recovery code and refusal is in the access log.
"""

from __future__ import annotations

import base64

import segno
from django.db import transaction
from django.utils import timezone
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from spotlight.access.log import access_log_write
from spotlight.access.models import AccessAction, User

RECOVERY_CODES = 10
AUTHENTICATOR = "Authenticator app"
RECOVERY = "Recovery codes"


class TooSoon(Exception):
    """Wrong codes came too quickly: django-otp makes her wait before the next try (longer each time)."""

    def __init__(self, seconds: int) -> None:
        self.seconds = max(1, seconds)
        super().__init__(f"Wait {self.seconds} second{'s' if self.seconds != 1 else ''}, then enter the code again.")


def _allowed(device: Device) -> None:
    allowed, data = device.verify_is_allowed()
    if not allowed:
        until = (data or {}).get("locked_until")
        seconds = int((until - timezone.now()).total_seconds()) + 1 if until else 1
        raise TooSoon(seconds)


def confirmed_authenticator(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_second_factor(user: User) -> bool:
    return confirmed_authenticator(user) is not None


def enrolment_device(user: User) -> TOTPDevice:
    """The authenticator she is adding: the one waiting to be confirmed, or a new one with a new key."""
    waiting = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    return waiting or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)


def key_text(device: TOTPDevice) -> str:
    """The key to type into an authenticator app, in groups of four letters."""
    key = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The key as a QR code for the app to scan: an SVG image drawn here, never fetched from elsewhere."""
    return str(segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2))


def current_code(device: TOTPDevice) -> str:
    """What the authenticator shows now (for the demo's own accounts and for tests)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(totp.token()).zfill(device.digits)


def _normalise(code: str) -> str:
    return "".join(code.split()).lower()


def recovery_codes_renew(*, user: User) -> list[str]:
    """Ten new one-time recovery codes; any earlier ones stop working."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY, defaults={"confirmed": True})
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    access_log_write(user=user, action=AccessAction.SECOND_FACTOR, what="new recovery codes made")
    return codes


def enrolment_confirm(*, user: User, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirms the authenticator with a code it shows, and gives her recovery codes; None if the code
    is wrong. Raises TooSoon when it comes too soon after wrong ones (django-otp slows guessing down)."""
    if device.user_id != user.pk or device.confirmed:
        return None
    _allowed(device)
    if not device.verify_token(_normalise(code)):
        access_log_write(user=user, action=AccessAction.SECOND_FACTOR, what="authenticator code refused at enrolment")
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()  # one authenticator at a time
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    access_log_write(user=user, action=AccessAction.SECOND_FACTOR, what="authenticator app added")
    return recovery_codes_renew(user=user)


def second_factor_check(*, user: User, code: str) -> Device | None:
    """The device the code came from, if the code is right: the authenticator's current code, or an
    unused recovery code (used up by this). Every refusal and every recovery code used is logged."""
    code = _normalise(code)
    authenticator = confirmed_authenticator(user)
    if authenticator is not None and code.isdigit():
        _allowed(authenticator)
        if authenticator.verify_token(code):
            return authenticator
    recovery = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if recovery is not None and not code.isdigit():
        _allowed(recovery)
        if recovery.verify_token(code):
            left = recovery.token_set.count()
            access_log_write(user=user, action=AccessAction.SECOND_FACTOR, what=f"recovery code used ({left} left)")
            return recovery
    access_log_write(user=user, action=AccessAction.SECOND_FACTOR, what="second factor refused")
    return None


def authenticator_for_demo(user: User) -> TOTPDevice:
    """A confirmed authenticator, for the demo's accounts: its key is printed with the demo's logins."""
    device = confirmed_authenticator(user)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=True)
        recovery_codes_renew(user=user)
    return device


def second_factor_reset(*, by: User, account: User) -> None:
    """An administrator's help when a phone and the recovery codes are both lost: the account's
    authenticator and codes go, and she adds a new app when she next signs in (with her password).
    Nobody resets her own; it is logged."""
    from spotlight.access.policy import may_change_access_of

    if not may_change_access_of(by, account):
        raise PermissionError("Nobody can reset her own second step: ask another administrator.")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=account).delete()
        StaticDevice.objects.filter(user=account).delete()
    access_log_write(
        user=by, action=AccessAction.STAFF_ACCESS, what=f"staff account {account.get_username()}: second step reset"
    )
