"""Sign-in events in the access log: signing in and out, a refused password, a lockout. Django and
django-axes announce these as signals; the receivers only write the log row (never a password)."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from spotlight.access.log import access_log_write, access_log_write_unknown
from spotlight.access.models import AccessAction, User


@receiver(user_logged_in)
def _signed_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    access_log_write(user=user, action=AccessAction.SIGN_IN, what="signed in with her password")


@receiver(user_logged_out)
def _signed_out(sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    if isinstance(user, User):
        access_log_write(user=user, action=AccessAction.SIGN_OUT, what="signed out")


@receiver(user_login_failed)
def _refused(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any) -> None:
    username = str(credentials.get("username", ""))
    access_log_write_unknown(username=username, action=AccessAction.SIGN_IN_FAILED, what="wrong user name or password")


@receiver(user_locked_out)
def _locked_out(sender: Any, request: HttpRequest | None = None, username: str = "", **kwargs: Any) -> None:
    access_log_write_unknown(
        username=username, action=AccessAction.LOCKED_OUT, what="too many wrong passwords: locked out for a while"
    )
