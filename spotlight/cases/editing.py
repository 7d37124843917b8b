"""A form page about one family, shared by every app that adds to a family's record.

GET shows the form; POST validates it, saves through the app's service and returns to the family
page. The write gate is passed once, here: the service receives the `WritableFamily` it handed out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format

from spotlight.access import policy
from spotlight.access.log import access_log_write
from spotlight.access.models import AccessAction, User
from spotlight.cases.gate import WritableFamily, family_for_read, family_for_write
from spotlight.cases.models import Family
from spotlight.cases.versions import (
    RecordKind,
    StaleEdit,
    earlier_versions,
    made,
    record_change,
    record_strike_out,
    stored,
)
from spotlight.ui.errors import LoggedPermissionDenied
from spotlight.ui.forms import GovukDateField
from spotlight.ui.requests import not_allowed, staff_user


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Shows a service's validation error on the form, beside the right field where it names one."""
    if hasattr(error, "error_dict"):
        for name, errs in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errs)
    else:
        form.add_error(None, error)


def in_family_words(form: forms.Form, family: Family) -> forms.Form:
    """The form's labels, hints, choices and messages in this family's words: a woman causing harm is
    "she", not "he", when her pronouns are recorded."""
    words = family.words
    for field in form.fields.values():
        if field.label:
            field.label = words.say(str(field.label))
        if field.help_text:
            field.help_text = words.say(str(field.help_text))
        field.error_messages = {k: words.say(str(v)) for k, v in field.error_messages.items()}
        choices = getattr(field, "choices", None)
        if choices and all(isinstance(label, str) for _, label in choices):
            field.choices = [(value, words.say(label)) for value, label in choices]  # type: ignore[attr-defined]
    return form


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
    done_url: Callable[[Family], str] | None = None,
) -> HttpResponse:
    """The form page; `save` returns the message shown after a successful save, on the family page (at
    `anchor`) or on the page `done_url` gives."""
    target = family_for_write(staff_user(request), family_id, what=what)
    family = target.family
    form = in_family_words(make_form(family, request.POST if request.method == "POST" else None), family)
    if request.method == "POST" and form.is_valid():
        try:
            done = save(target, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            # shown where she made the change
            if done_url is not None:
                messages.success(request, family.words.say(done))
                return redirect(done_url(family))
            messages.success(request, family.words.say(done), extra_tags=f"section:{anchor}")
            return redirect(reverse("family_detail", kwargs={"family_id": family.pk}) + f"#{anchor}")
    context = {
        "form": form,
        "family": family,
        "title": family.words.say(title),
        "submit": family.words.say(submit),
        **(extra(family) if extra else {}),
    }
    return render(request, template, context)


@dataclass(frozen=True)
class Correction:
    """How a kind of record is corrected on screen: its form (the same as for a new record), the page
    that shows it, and the family page's section to return to."""

    kind: RecordKind[Any]
    make_form: Callable[[Family, Any, dict[str, Any], User], forms.Form]  # (family, POST or None, initial, who)
    anchor: str
    template: str = "cases/form_page.html"
    page_context: Callable[[HttpRequest, Family, Any], Mapping[str, Any]] | None = None  # (request, family, record)
    describe: Callable[[Any], str] | None = None  # names the record on its pages: "case note of 4 March 2026"

    def name(self, record: Any) -> str:
        return self.describe(record) if self.describe else f"{self.kind.label} {record.pk}"


def _choice_labels(field: forms.Field) -> dict[str, str]:
    labels: dict[str, str] = {}
    for value, label in getattr(field, "choices", ()):
        if isinstance(label, (list, tuple)):  # a group of choices
            labels.update({str(v): str(lab) for v, lab in label})
        else:
            labels[str(value)] = str(label)
    return labels


def _shown(field: forms.Field | None, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "Not recorded"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    labels = _choice_labels(field) if field is not None else {}
    if isinstance(value, list):
        return ", ".join(labels.get(str(v), str(v)) for v in value)
    if str(value) in labels:
        return labels[str(value)]
    if isinstance(field, (GovukDateField, forms.DateField)):
        try:
            return date_format(dt.date.fromisoformat(str(value)), "j F Y")
        except ValueError:
            return str(value)
    return str(value)


def described(
    form: forms.Form, values: Mapping[str, Any], only: Collection[str] | None = None
) -> list[tuple[str, str]]:
    """A version's values as a reader sees them, in the form's order: each field's label, and its
    value in words."""
    rows = []
    order = [name for name in form.fields if name in values] + [name for name in values if name not in form.fields]
    for name in order:
        value = values[name]
        if only is not None and name not in only:
            continue
        field = form.fields.get(name)
        rows.append(
            (str(field.label) if field is not None and field.label else name.replace("_", " "), _shown(field, value))
        )
    return rows


def seen_version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return 0  # no version she saw: treated as a stale copy, and shown what the record says now


def record_change_view(request: HttpRequest, family_id: int, record_id: int, correction: Correction) -> HttpResponse:
    """The record's form, filled with what it says now; saving keeps the version it replaces. A change
    made on a stale copy is refused, with what changed meanwhile, and everything she typed kept."""
    kind = correction.kind
    what = f"change {kind.label} {record_id} form"
    user = staff_user(request)
    target = family_for_write(user, family_id, what=what)
    family = target.family
    record = kind.get(family, record_id)
    _refuse_sealed(user, kind, family, what)
    if record.is_struck_out:
        return not_allowed(
            request, f"This {kind.label} was struck out as entered in error, so it cannot be changed.", back_to=family
        )
    initial = kind.read(record)
    posted = request.method == "POST"
    if not posted:  # the form shows what the record says: a view, logged as one
        target.log(AccessAction.VIEW, what)
    form = in_family_words(correction.make_form(family, request.POST if posted else None, initial, user), family)
    version = record.version
    stale: StaleEdit | None = None
    if posted and form.is_valid():
        try:
            record_change(
                target=target,
                kind=kind,
                record_id=record.pk,
                seen_version=seen_version(request),
                values=form.cleaned_data,
            )
        except StaleEdit as exc:
            stale, version = exc, exc.version
        except ValidationError as exc:
            apply_errors(form, exc)
            version = seen_version(request)
        else:
            messages.success(
                request,
                f"{correction.name(record)[:1].upper()}{correction.name(record)[1:]} changed.",
                extra_tags=f"section:{correction.anchor}",
            )
            return redirect(reverse("family_detail", kwargs={"family_id": family.pk}) + f"#{correction.anchor}")
    elif posted:
        version = seen_version(request)
    context: dict[str, Any] = {
        "form": form,
        "family": family,
        "title": f"Change the {correction.name(record)}",
        "submit": "Save my change over theirs" if stale else "Save the change",
        "version": version,
        "stale": stale,
        "stale_rows": described(form, stale.current, only=stale.changed) if stale else [],
        "record": record,
        "kind": kind,
        **(correction.page_context(request, family, record) if correction.page_context else {}),
    }
    return render(request, correction.template, context, status=409 if stale else 200)


def _refuse_sealed(user: User, kind: RecordKind[Any], family: Family, what: str) -> None:
    if kind.sealed and not policy.may_see_sealed(user):
        access_log_write(user=user, action=AccessAction.REFUSED, family_id=family.pk, what=what)
        raise LoggedPermissionDenied("Sealed details are shown only to staff with the permission to see them.")


class StrikeOutForm(forms.Form):
    reason = forms.CharField(
        label="Why is it struck out?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2_000,
        help_text="For example, “Recorded on the wrong family” or “Duplicate of the note of 4 March”.",
        error_messages={"required": "Say why it is struck out, for whoever reads the record next"},
    )


def record_strike_out_view(
    request: HttpRequest, family_id: int, record_id: int, correction: Correction
) -> HttpResponse:
    """Strikes out a record entered in error, with a reason: it stays on the record, struck out."""
    kind = correction.kind
    target = family_for_write(staff_user(request), family_id, what=f"strike out {kind.label} {record_id} form")
    family = target.family
    record = kind.get(family, record_id)
    if not kind.strikeable:
        return not_allowed(request, f"A {kind.label} cannot be struck out; change it instead.", back_to=family)
    if request.method != "POST":
        target.log(AccessAction.VIEW, f"strike out {kind.label} {record_id} form")
    form = StrikeOutForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            record_strike_out(target=target, kind=kind, record_id=record.pk, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                f"The {correction.name(record)} is struck out. It stays on the record, marked as entered in error.",
                extra_tags=f"section:{correction.anchor}",
            )
            return redirect(reverse("family_detail", kwargs={"family_id": family.pk}) + f"#{correction.anchor}")
    context = {
        "form": form,
        "family": family,
        "title": f"Strike out the {correction.name(record)}",
        "submit": "Strike it out",
        "record": record,
        "kind": kind,
    }
    return render(request, "cases/strike_out_form.html", context)


@dataclass(frozen=True)
class ShownVersion:
    number: int
    made_at: dt.datetime | None
    made_by_name: str
    rows: list[tuple[str, str]]
    current: bool = False
    changed: frozenset[str] = frozenset()  # the labels of the fields this version changed


def changed_labels(form: forms.Form, names: Collection[str]) -> frozenset[str]:
    return frozenset(label for label, _ in described(form, dict.fromkeys(names, "")))


def record_versions_view(request: HttpRequest, family_id: int, record_id: int, correction: Correction) -> HttpResponse:
    """What the record says now and every earlier version, for those who may read the family (and,
    for sealed details, may see them). Logged as a view, never with the words."""
    kind = correction.kind
    what = f"earlier versions of {kind.label} {record_id}"
    user = staff_user(request)
    family = family_for_read(user, family_id, what=what)
    record = kind.get(family, record_id)
    _refuse_sealed(user, kind, family, what)
    form = in_family_words(correction.make_form(family, None, {}, user), family)
    made_at, made_by = made(kind, record)
    values = [(record.version, made_at, made_by, stored(kind.read(record)))]
    values += [(v.number, v.made_at, v.made_by_name, v.values) for v in earlier_versions(kind, record)]
    shown = []
    for i, (number, at, by, these) in enumerate(values):
        older = values[i + 1][3] if i + 1 < len(values) else None
        changed = {name for name in these if older is not None and older.get(name) != these[name]}
        rows = described(form, these)
        shown.append(ShownVersion(number, at, by, rows, current=i == 0, changed=changed_labels(form, changed)))
    context = {
        "family": family,
        "record": record,
        "kind": kind,
        "versions": shown,
        "name": correction.name(record),
        "anchor": correction.anchor,
    }
    return render(request, "cases/record_versions.html", context)
