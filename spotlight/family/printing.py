"""Printable pages: a family's chronology (filtered by kind, agency and dates) and a family summary
(people, his engagement, the pattern of his behaviour with the harm to each child and her protective
efforts, the agencies). Both through the read gate and logged; sealed details are never on them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from spotlight.cases import selectors
from spotlight.cases.gate import family_for_read
from spotlight.cases.sections import chronology_filter, date_filter
from spotlight.clock import local_today
from spotlight.family.page import build_sections
from spotlight.ui.requests import staff_user

#: The sections a summary is made of, in the page's own order.
SUMMARY_SECTIONS = ("engagement", "pattern", "people", "agencies")


@require_GET
def chronology_print(request: HttpRequest, family_id: int) -> HttpResponse:
    family = family_for_read(staff_user(request), family_id, what="printable chronology")
    show, agency_id = chronology_filter(request.GET)
    since, until = date_filter(request.GET, "from"), date_filter(request.GET, "to")
    entries = selectors.family_chronology(family, show=show, agency_id=agency_id, since=since, until=until)
    context = {
        "family": family,
        "chronology": entries,
        "note_badges": {},
        "show": show,
        "agency_id": agency_id,
        "since": since,
        "until": until,
        "agencies_in_chronology": selectors.chronology_agencies(family),
        "printed_on": local_today(),
    }
    return render(request, "family/print_chronology.html", context)


@require_GET
def summary_print(request: HttpRequest, family_id: int) -> HttpResponse:
    user = staff_user(request)
    family = family_for_read(user, family_id, what="printable family summary")
    base = {"family": family, "can_write": False, "can_see_sealed": False, "can_export": False}
    parts = [
        mark_safe(  # noqa: S308  # rendered by Django's templates, which escape what they show
            render_to_string(built.section.template, {**base, **built.context}, request=request)
        )
        for key in SUMMARY_SECTIONS
        for built in build_sections(family, user, {}, only=key)
    ]
    return render(request, "family/print_summary.html", {"family": family, "parts": parts, "printed_on": local_today()})
