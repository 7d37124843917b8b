"""Every account signs in with a second factor: a signed-in member of staff who has not given it yet is
sent to give it (or, the first time, to add an authenticator app) before any other page."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse

from spotlight.access.models import User
from spotlight.access.policy import second_factor_given
from spotlight.access.second_factor import has_second_factor

#: Pages a signed-in member of staff may reach before her second factor.
BEFORE_SECOND_FACTOR = frozenset({"login", "logout", "second_factor", "second_factor_enrol"})


class RequireSecondFactor:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            isinstance(user, User)
            and user.is_authenticated
            and not second_factor_given(user)
            and not self._exempt(request)
        ):
            target = "second_factor" if has_second_factor(user) else "second_factor_enrol"
            return HttpResponseRedirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _exempt(request: HttpRequest) -> bool:
        if request.path_info.startswith(str(settings.STATIC_URL)):
            return True
        try:
            return resolve(request.path_info).url_name in BEFORE_SECOND_FACTOR
        except Resolver404:
            return False
