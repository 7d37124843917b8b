"""Error pages: plain words, never a traceback, and a refused address written to the access log.

A family the read gate refused has been logged already (`NotAllowed`); any other address that is not
found, or a request that is not right, is logged here as a refusal for a signed-in member of staff
(the path only: never a query string or anything typed).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from spotlight.access.log import access_log_write, without_control_characters
from spotlight.access.models import AccessAction, User


def _log_refusal(request: HttpRequest, what: str) -> None:
    if isinstance(request.user, User) and request.user.is_authenticated:
        path = without_control_characters(request.path[:150])
        access_log_write(user=request.user, action=AccessAction.REFUSED, what=f"{what}: {path}")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if not getattr(exception, "logged", False):
        _log_refusal(request, "not found")
    return render(request, "ui/error.html", {"title": "Page not found", "status": 404}, status=404)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    _log_refusal(request, "bad request")
    return render(
        request, "ui/error.html", {"title": "Something in the request was not right", "status": 400}, status=400
    )


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if not getattr(exception, "logged", False):
        _log_refusal(request, "refused")
    reason = str(exception) if exception and str(exception) else "This is not open to you."
    return render(request, "ui/not_allowed.html", {"reason": reason}, status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "ui/error.html", {"title": "Sorry, something went wrong", "status": 500}, status=500)


class LoggedNotFound(Http404):
    """Not found, and the refusal is already in the access log."""

    logged = True


class LoggedPermissionDenied(PermissionDenied):
    """Refused, and the refusal is already in the access log."""

    logged = True
