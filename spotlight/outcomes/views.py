"""Outcome pages: record one respondent's answers. Thin: the gates decide access, the service checks and
saves, the selectors read."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from spotlight.cases.editing import family_form_view
from spotlight.cases.gate import WritableFamily, family_for_write
from spotlight.cases.models import Family
from spotlight.clock import local_today
from spotlight.outcomes import records, selectors, services
from spotlight.outcomes.domain.measures import default_measures
from spotlight.outcomes.forms import OutcomeForm
from spotlight.ui.requests import staff_user

ANCHOR = "outcomes"


@require_http_methods(["GET", "POST"])
def outcome_add(request: HttpRequest, family_id: int) -> HttpResponse:
    """Record one respondent's answers. The respondent comes from the address (a link on the family page);
    an address that names nobody in the family shows the choice of respondents instead of an error."""
    measures = default_measures()
    source = request.POST if request.method == "POST" else request.GET
    respondent, person = source.get("respondent", ""), source.get("person", "")
    target = family_for_write(staff_user(request), family_id, what="outcomes form")
    chosen = selectors.respondent_for(target.family, respondent, person, today=local_today())
    if chosen is None:
        choices = selectors.respondents(target.family, today=local_today(), measures=measures)
        status = 400 if respondent or person else 200
        context = {"family": target.family, "choices": choices, "asked": bool(respondent or person)}
        return render(request, "outcomes/choose_respondent.html", context, status=status)

    def save(target: WritableFamily, data: dict[str, Any]) -> str:
        row = services.outcome_record(target=target, given=records.outcome_given(data, measures))
        occasion = next((o.label.lower() for o in measures.occasions if o.id == row.occasion), row.occasion)
        return f"Outcomes recorded for {chosen.label}, {occasion}."

    def make_form(family: Family, data: Any) -> OutcomeForm:
        initial = {"respondent": chosen.respondent, "person": chosen.person.pk if chosen.person else None}
        return OutcomeForm(data, measures=measures, respondent=chosen.respondent, initial=initial)

    return family_form_view(
        request,
        family_id,
        what="outcomes form",
        title=f"Outcomes: {chosen.label}",
        submit="Record the answers",
        make_form=make_form,
        save=save,
        anchor=ANCHOR,
    )
