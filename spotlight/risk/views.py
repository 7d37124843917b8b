"""Risk pages: her risk identification (with what the record already says beside each question), its
result, his risk review (pre-filled from the record), its record, and a safety marker. Thin: the read
and write gates decide access, the services check and save, the selectors read."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from spotlight.cases.editing import family_form_view
from spotlight.cases.gate import WritableFamily, family_for_read
from spotlight.cases.models import Family
from spotlight.clock import local_today
from spotlight.risk import forms as risk_forms
from spotlight.risk import records, selectors, services
from spotlight.risk.domain.checklist import ANSWERS, default_checklist
from spotlight.risk.domain.his_review import default_review_items, suggest
from spotlight.risk.models import RiskIdentification, RiskReview
from spotlight.ui.requests import staff_user

ANCHOR = "risk"


@require_http_methods(["GET", "POST"])
def risk_identify(request: HttpRequest, family_id: int) -> HttpResponse:
    checklist = default_checklist()

    def save(target: WritableFamily, data: dict[str, Any]) -> str:
        row = services.risk_identification_record(target=target, given=records.identification_given(data, checklist))
        met = ", ".join(str(c["label"]).lower() for c in row.criteria_met) or "none"
        return f"Risk identification recorded: {row.yes_count} yes, level {row.level}. Marac criteria met: {met}."

    def make_form(family: Family, data: Any) -> risk_forms.RiskIdentificationForm:
        """The checklist, with what the record already says beside each question (never an answer)."""
        form = risk_forms.RiskIdentificationForm(data, family=family, checklist=checklist)
        reading = selectors.read_family(family, today=local_today())
        form.evidence = {
            q.id: [(line.says, reading.link(line)) for line in reading.clues.for_evidence(q.evidence)]
            for q in checklist.questions
        }
        return form

    return family_form_view(
        request,
        family_id,
        what="risk identification form",
        title="Risk identification with the adult survivor",
        submit="Record the risk identification",
        make_form=make_form,
        save=save,
        template="risk/identification_form.html",
        anchor=ANCHOR,
    )


@require_http_methods(["GET", "POST"])
def risk_review(request: HttpRequest, family_id: int) -> HttpResponse:
    items = default_review_items()

    def save(target: WritableFamily, data: dict[str, Any]) -> str:
        row = services.risk_review_record(target=target, given=records.review_given(data, items))
        return f"Risk review of {row.person.full_name} recorded: {row.level} risk."

    def make_form(family: Family, data: Any) -> risk_forms.RiskReviewForm:
        """The form pre-filled with what the record shows of him (the first person causing harm, or the
        one named in the address), with the lines it read for each item."""
        him = selectors.person_causing_harm(family, request.GET.get("person", ""))
        reading = selectors.read_family(family, today=local_today(), him=him)
        found = suggest(items, reading.clues)
        initial: dict[str, object] = {services.ANSWER_PREFIX + s.item.id: s.answer for s in found if s.lines}
        if him is not None:
            initial["person"] = him.pk
        form = risk_forms.RiskReviewForm(data, family=family, items=items, initial=initial)
        form.suggestions = {
            s.item.id: (ANSWERS[s.answer], [(line.says, reading.link(line)) for line in s.lines]) for s in found
        }
        form.gaps = reading.clues.gaps
        return form

    return family_form_view(
        request,
        family_id,
        what="risk review form",
        title="Risk review of the person causing harm",
        submit="Record the risk review",
        make_form=make_form,
        save=save,
        template="risk/review_form.html",
        anchor=ANCHOR,
    )


@require_http_methods(["GET", "POST"])
def safety_marker(request: HttpRequest, family_id: int) -> HttpResponse:
    def save(target: WritableFamily, data: dict[str, Any]) -> str:
        marker = services.safety_marker_set(target=target, **records.marker_given(data))
        return f"Safety marker set on {marker.person.full_name}."

    return family_form_view(
        request,
        family_id,
        what="safety marker form",
        title="Set a safety marker for staff",
        submit="Set the safety marker",
        make_form=lambda family, data: risk_forms.SafetyMarkerForm(data, family=family),
        save=save,
        anchor=ANCHOR,
    )


@require_GET
def identification_detail(request: HttpRequest, family_id: int, identification_id: int) -> HttpResponse:
    family = family_for_read(staff_user(request), family_id, what=f"risk identification {identification_id}")
    row = RiskIdentification.objects.filter(family=family, pk=identification_id).select_related("survivor").first()
    if row is None:
        raise Http404("No such risk identification in this family.")
    checklist = default_checklist()
    answers = [
        (
            q.topic,
            ANSWERS.get(row.answers.get(q.id, {}).get("answer", ""), "Not recorded"),
            row.answers.get(q.id, {}).get("comment", ""),
        )
        for q in checklist.questions
    ]
    context = {
        "family": family,
        "row": row,
        "answers": answers,
        "criteria": selectors.criteria_shown(row),
        "wording": selectors.wording(
            family, [("Professional judgement", row.judgement_reasons), *((t, c) for t, _, c in answers)]
        ),
        "level_label": selectors.level_label(checklist, row.level),
    }
    return render(request, "risk/identification_detail.html", context)


@require_GET
def review_detail(request: HttpRequest, family_id: int, review_id: int) -> HttpResponse:
    family = family_for_read(staff_user(request), family_id, what=f"risk review {review_id}")
    row = RiskReview.objects.filter(family=family, pk=review_id).select_related("person").first()
    if row is None:
        raise Http404("No such risk review in this family.")
    items = default_review_items()
    rows = [
        (
            i.topic,
            ANSWERS.get(row.items.get(i.id, {}).get("suggested", ""), "Not recorded"),
            ANSWERS.get(row.items.get(i.id, {}).get("answer", ""), "Not recorded"),
            row.items.get(i.id, {}).get("comment", ""),
        )
        for i in items.items
    ]
    wording = selectors.wording(family, [("Reasons", row.reasons), *((t, c) for t, _, _, c in rows)])
    return render(request, "risk/review_detail.html", {"family": family, "row": row, "rows": rows, "wording": wording})
