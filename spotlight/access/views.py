"""Signing in with the second factor, adding an authenticator app, and her own account (password,
recovery codes). Thin: `spotlight.access.second_factor` checks codes and logs."""

from __future__ import annotations

from typing import Any

import django_otp
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spotlight.access import second_factor
from spotlight.access.forms import EnrolmentForm, SecondFactorForm
from spotlight.access.log import access_log_write
from spotlight.access.models import AccessAction, User
from spotlight.access.policy import second_factor_given


def _staff(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied("Sign in to use Spotlight.")
    return user


def _next(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return wanted
    return reverse(settings.LOGIN_REDIRECT_URL)


@require_http_methods(["GET", "POST"])
def second_factor_verify(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    if second_factor_given(user):
        return HttpResponseRedirect(_next(request))
    if not second_factor.has_second_factor(user):
        return HttpResponseRedirect(reverse("second_factor_enrol"))
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = second_factor.second_factor_check(user=user, code=form.cleaned_data["code"])
        except second_factor.TooSoon as exc:
            form.add_error("code", str(exc))
        else:
            if device is not None:
                django_otp.login(request, device)
                return HttpResponseRedirect(_next(request))
            form.add_error("code", "That code is not right. Enter the code your authenticator app shows now.")
    return render(request, "registration/second_factor.html", {"form": form, "next": _next(request)})


@require_http_methods(["GET", "POST"])
def second_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Adding an authenticator app: the first time she signs in, and whenever she replaces her phone."""
    user = _staff(request)
    replacing = second_factor.has_second_factor(user)
    if replacing and not second_factor_given(user):
        return HttpResponseRedirect(reverse("second_factor"))  # prove the old one (or a recovery code) first
    device = second_factor.enrolment_device(user)
    form = EnrolmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = second_factor.enrolment_confirm(user=user, device=device, code=form.cleaned_data["code"])
        except second_factor.TooSoon as exc:
            form.add_error("code", str(exc))
        else:
            if codes is not None:
                django_otp.login(request, device)
                shown = {"codes": codes, "next": _next(request)}
                return render(request, "registration/recovery_codes.html", shown)
            form.add_error("code", "That code is not right. Check the app shows Spotlight, and enter its code now.")
    context: dict[str, Any] = {
        "form": form,
        "qr_code": second_factor.qr_code_data_uri(device),
        "key": second_factor.key_text(device),
        "replacing": replacing,
        "next": _next(request),
    }
    return render(request, "registration/second_factor_enrol.html", context)


@require_GET
def account(request: HttpRequest) -> HttpResponse:
    return render(request, "registration/account.html", {"account": _staff(request)})


@require_POST
def recovery_codes_renew(request: HttpRequest) -> HttpResponse:
    codes = second_factor.recovery_codes_renew(user=_staff(request))
    return render(request, "registration/recovery_codes.html", {"codes": codes, "next": reverse("account")})


@require_POST
def session_keep_alive(request: HttpRequest) -> HttpResponse:
    """Touched by the page when she chooses to stay signed in: the session's idle time starts again."""
    _staff(request)
    return HttpResponse(status=204)


class PasswordChange(auth_views.PasswordChangeView):
    template_name = "registration/password_change.html"
    success_url = reverse_lazy("account")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        access_log_write(user=_staff(self.request), action=AccessAction.PASSWORD, what="changed her password")
        from django.contrib import messages

        messages.success(self.request, "Your password is changed.")
        return response
