"""What every view needs from a request: the signed-in member of staff, and a refusal page."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from spotlight.access.models import User


def staff_user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # LoginRequiredMiddleware lets only signed-in staff this far
        raise PermissionDenied("Sign in to use Spotlight.")
    return user


def not_allowed(request: HttpRequest, reason: str, *, back_to: object = None) -> HttpResponse:
    """A 403 page saying why: for a role that may not use a feature, or see sealed details of a family
    she may read (a family she may not read is "not found" instead). `back_to`: the family to go back to."""
    return render(request, "ui/not_allowed.html", {"reason": reason, "family": back_to}, status=403)
