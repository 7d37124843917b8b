"""Django's administration pages with Spotlight's own site: only administrators reach it, and they sign
in on Spotlight's one sign-in page. The pages themselves are registered in `spotlight.access.admin`."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from spotlight.access import policy
from spotlight.access.models import User


def is_administrator_request(request: HttpRequest) -> bool:
    user = request.user
    return isinstance(user, User) and policy.may_administer_staff(user)


class SpotlightAdminSite(admin.AdminSite):
    site_header = "Spotlight administration"
    site_title = "Spotlight administration"
    index_title = "Staff, teams and the access log"

    def has_permission(self, request: HttpRequest) -> bool:
        return is_administrator_request(request)

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        """One sign-in page for everyone: Spotlight's own, with its protections. Signed in already but
        not an administrator: refused (the sign-in page would only send her back here)."""
        if request.user.is_authenticated:
            raise PermissionDenied("The administration pages are for administrators.")
        return HttpResponseRedirect(reverse("login") + "?" + urlencode({"next": request.GET.get("next", "/admin/")}))
