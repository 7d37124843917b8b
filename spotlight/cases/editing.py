"""A form page about one family, shared by every app that adds to a family's record.

GET shows the form; POST validates it, saves through the app's service and returns to the family
page. The write gate is passed once, here: the service receives the `WritableFamily` it handed out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from spotlight.cases.gate import WritableFamily, family_for_write
from spotlight.cases.models import Family
from spotlight.ui.requests import staff_user


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Shows a service's validation error on the form, beside the right field where it names one."""
    if hasattr(error, "error_dict"):
        for name, errs in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errs)
    else:
        form.add_error(None, error)


def family_form_view(
    request: HttpRequest,
    family_id: int,
    *,
    what: str,
    title: str,
    submit: str,
    make_form: Callable[[Family, Any], forms.Form],
    save: Callable[[WritableFamily, dict[str, Any]], str],
    template: str = "cases/form_page.html",
    extra: Callable[[Family], Mapping[str, Any]] | None = None,
    anchor: str = "chronology",
) -> HttpResponse:
    """The form page; `save` returns the message shown on the family page after a successful save."""
    target = family_for_write(staff_user(request), family_id, what=what)
    family = target.family
    form = make_form(family, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            done = save(target, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, done, extra_tags=f"section:{anchor}")  # shown where she made the change
            return redirect(reverse("family_detail", kwargs={"family_id": family.pk}) + f"#{anchor}")
    context = {"form": form, "family": family, "title": title, "submit": submit, **(extra(family) if extra else {})}
    return render(request, template, context)
