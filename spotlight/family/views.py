"""The family page and the case-file downloads. Thin: the read gate decides access, each app's section
reads what it shows, the case-file layer writes the file."""

from __future__ import annotations

import io

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from spotlight.access import policy
from spotlight.access.log import access_log_write
from spotlight.access.models import AccessAction, User
from spotlight.casefile.database import export_families
from spotlight.cases.gate import families_readable_by, family_for_read
from spotlight.cases.models import Family
from spotlight.family.page import SECTIONS_BY_KEY, build_sections, page_context
from spotlight.ui.requests import staff_user


@require_GET
def family_detail(request: HttpRequest, family_id: int) -> HttpResponse:
    user = staff_user(request)
    family = family_for_read(user, family_id, what="family page")
    base = page_context(family, user)
    drawn = [
        (
            built,
            mark_safe(  # noqa: S308  # rendered by Django's templates, which escape what they show
                render_to_string(built.section.template, {**base, **built.context}, request=request)
            ),
        )
        for built in build_sections(family, user, request.GET)
    ]
    by_section: dict[str, list[str]] = {}
    general: list[str] = []
    for message in messages.get_messages(request):
        tag = next((t for t in message.extra_tags.split() if t.startswith("section:")), "")
        (by_section.setdefault(tag.removeprefix("section:"), []) if tag else general).append(str(message))
    keys = {built.section.key for built, _ in drawn}
    general += [text for key, texts in by_section.items() if key not in keys for text in texts]
    context = {**base, "sections": drawn, "section_messages": by_section, "general_messages": general}
    return render(request, "family/family_detail.html", context)


@require_GET
def family_section(request: HttpRequest, family_id: int, key: str) -> HttpResponse:
    """One section alone (its partial, when it has one), to refresh part of the page in place."""
    if key not in SECTIONS_BY_KEY:
        raise Http404("No such part of the family page.")
    user = staff_user(request)
    family = family_for_read(user, family_id, what=f"family page: {SECTIONS_BY_KEY[key].title.lower()}")
    built = build_sections(family, user, request.GET, only=key)
    if not built:
        raise Http404("No such part of the family page.")
    section = built[0].section
    return render(request, section.partial or section.template, {**page_context(family, user), **built[0].context})


@require_GET
def family_section_page(request: HttpRequest, family_id: int, key: str) -> HttpResponse:
    """One section on a page of its own (the chronology, to keep it within easy reach)."""
    if key not in SECTIONS_BY_KEY:
        raise Http404("No such part of the family page.")
    user = staff_user(request)
    section = SECTIONS_BY_KEY[key]
    family = family_for_read(user, family_id, what=f"family page: {section.title.lower()} on its own")
    built = build_sections(family, user, request.GET, only=key)
    if not built:
        raise Http404("No such part of the family page.")
    base = page_context(family, user)
    html = mark_safe(  # noqa: S308  # rendered by Django's templates, which escape what they show
        render_to_string(section.template, {**base, **built[0].context}, request=request)
    )
    return render(request, "family/section_page.html", {**base, "built": built[0], "html": html})


def _jsonl_response(families: QuerySet[Family], user: User, filename: str) -> HttpResponse:
    buffer = io.StringIO()
    export_families(families, buffer, user=user)
    response = HttpResponse(buffer.getvalue(), content_type="application/x-ndjson; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _refuse_export(request: HttpRequest, user: User, family_id: int | None = None) -> HttpResponse:
    access_log_write(user=user, action=AccessAction.REFUSED, family_id=family_id, what="case-file export")
    return render(
        request,
        "ui/not_allowed.html",
        {"reason": "Your role reads families in Spotlight and cannot download their case files."},
        status=403,
    )


@require_GET
def family_export(request: HttpRequest, family_id: int) -> HttpResponse:
    user = staff_user(request)
    if policy.may_export(user):
        family = family_for_read(user, family_id, what="case-file export")
    elif families_readable_by(user).filter(pk=family_id).exists():
        return _refuse_export(request, user, family_id)  # she reads it here, and may not take it away
    else:
        family_for_read(user, family_id, what="case-file export")  # "not found", logged
        raise AssertionError("unreachable: the read gate refused")
    return _jsonl_response(families_readable_by(user).filter(pk=family.pk), user, f"{family.reference}.jsonl")


@require_GET
def caseload_export(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    if not policy.may_export(user):
        return _refuse_export(request, user)
    return _jsonl_response(families_readable_by(user), user, "spotlight-case-files.jsonl")
