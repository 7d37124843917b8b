"""Information-sharing pages: record information shared or received. Thin: the write gate decides, the
service checks and saves (a first try at recording sealed details shared is refused with a warning, and
what was typed is kept)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from spotlight.cases.editing import family_form_view
from spotlight.cases.gate import WritableFamily
from spotlight.sharing import records, services
from spotlight.sharing.forms import SharingForm


@require_http_methods(["GET", "POST"])
def sharing_add(request: HttpRequest, family_id: int) -> HttpResponse:
    def save(target: WritableFamily, data: dict[str, Any]) -> str:
        services.sharing_record(target=target, given=records.sharing_given(data))
        return "Information sharing recorded."

    return family_form_view(
        request,
        family_id,
        what="information sharing form",
        title="Record information shared or received",
        submit="Record it",
        make_form=lambda family, data: SharingForm(data),
        save=save,
        anchor="sharing",
    )
