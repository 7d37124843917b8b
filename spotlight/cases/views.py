"""Pages of the case record. Thin: the read gate decides access, services write, selectors read."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spotlight.access.models import AccessAction, StaffRole, User
from spotlight.access.selectors import (
    can_see_sealed,
    can_write,
    families_allocated_to,
    families_readable_by,
    family_for_read,
    family_for_write,
)
from spotlight.access.services import access_log_write, access_log_write_many
from spotlight.cases import forms as case_forms
from spotlight.cases import selectors, services
from spotlight.cases.interchange import export_families
from spotlight.cases.models import Agency, Family, Person
from spotlight.cases.vocabulary import AgencyKind, Role
from spotlight.clock import local_today
from spotlight.pattern.selectors import pattern_map
from spotlight.reviews import selectors as review_selectors
from spotlight.reviews.services import can_start_archive_review
from spotlight.ui.requests import staff_user


def _apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Shows a service's validation error on the form, beside the right field where it names one."""
    if hasattr(error, "error_dict"):
        for name, errs in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errs)
    else:
        form.add_error(None, error)


@require_GET
def caseload(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    if user.staff_role == StaffRole.ADMINISTRATOR:
        return render(request, "cases/administrator_home.html")
    scope = request.GET.get("show", "")
    if user.staff_role in (StaffRole.SOCIAL_WORKER, StaffRole.DA_SPECIALIST) and scope != "team":
        families = families_allocated_to(user)
        scope = "mine"
    else:
        families = families_readable_by(user)
        scope = "team" if user.staff_role != StaffRole.AUDITOR else "sample"
    rows = selectors.caseload_rows(families, today=local_today())
    sort = request.GET.get("sort", "name")
    if sort == "him":
        rows = selectors.caseload_by_his_contact(rows)
    access_log_write_many(
        user=user, action=AccessAction.VIEW, what="caseload list", family_ids=[r.family.pk for r in rows]
    )
    return render(
        request, "cases/caseload.html", {"rows": rows, "scope": scope, "sort": sort, "can_write": can_write(user)}
    )


@require_GET
def family_search(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    query = request.GET.get("q", "").strip()
    results: list[Family] = []
    error = ""
    if "q" in request.GET:
        if len(query) < 2:
            error = "Enter at least 2 characters of a name or family reference"
        else:
            results = list(selectors.family_search(families_readable_by(user), query).select_related("team")[:100])
            access_log_write_many(
                user=user, action=AccessAction.SEARCH, what="search results", family_ids=[f.pk for f in results]
            )
    return render(request, "cases/search.html", {"query": query, "results": results, "error": error})


@require_GET
def family_detail(request: HttpRequest, family_id: int) -> HttpResponse:
    user = staff_user(request)
    family = family_for_read(user, family_id, what="family page")
    show = request.GET.get("show", "all")
    if show not in selectors.CHRONOLOGY_FILTERS:
        show = "all"
    agency = request.GET.get("agency", "")
    agency_id = int(agency) if agency.isdigit() else None
    page = selectors.family_page(family, today=local_today(), show=show, agency_id=agency_id)
    language_counts = review_selectors.note_finding_counts(family, (e.note for e in page.chronology if e.note))
    context: dict[str, Any] = {
        "page": page,
        "language_counts": language_counts,
        "family": family,
        "show": show,
        "agency_id": agency_id,
        "can_write": can_write(user),
        "can_see_sealed": can_see_sealed(user),
        "can_start_archive_review": can_start_archive_review(user),
    }
    if request.htmx:  # type: ignore[attr-defined]  # set by django_htmx's middleware
        return render(request, "cases/_chronology.html", context)
    pattern = pattern_map(family)
    context["pattern"] = pattern
    context["pattern_empty"] = (
        not any(his.entries or his.referrals for his in pattern.people_causing_harm)
        and not any(group.efforts for group in pattern.protective_efforts)
        and not pattern.complicating_factors
    )
    context["has_adult_survivor"] = Person.objects.filter(family=family, role=Role.ADULT_SURVIVOR.value).exists()
    return render(request, "cases/family_detail.html", context)


@require_http_methods(["GET", "POST"])
def family_create(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    if not can_write(user):
        return render(
            request, "cases/not_allowed.html", {"reason": "Your role cannot open new family records."}, status=403
        )
    form = case_forms.FamilyForm(request.POST if request.method == "POST" else None, teams=user.teams.all())
    if request.method == "POST" and form.is_valid():
        try:
            family = services.family_create(user=user, name=form.cleaned_data["name"], team=form.cleaned_data["team"])
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, f"{family.name} opened. Add the people in the family next.")
            return redirect("family_detail", family_id=family.pk)
    return render(
        request, "cases/form_page.html", {"form": form, "title": "Open a family record", "submit": "Open the record"}
    )


def family_form_view(
    request: HttpRequest,
    family_id: int,
    *,
    what: str,
    title: str,
    submit: str,
    make_form: Callable[[Family, Any], forms.Form],
    save: Callable[[User, Family, dict[str, Any]], str],
    template: str = "cases/form_page.html",
    extra: Callable[[Family], dict[str, Any]] | None = None,
    anchor: str = "chronology",
) -> HttpResponse:
    """GET shows the form; POST validates, saves through a service and returns to the family page."""
    user = staff_user(request)
    family = family_for_write(user, family_id, what=what)
    form = make_form(family, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            done = save(user, family, form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(reverse("family_detail", kwargs={"family_id": family.pk}) + f"#{anchor}")
    context = {"form": form, "family": family, "title": title, "submit": submit, **(extra(family) if extra else {})}
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def person_add(request: HttpRequest, family_id: int) -> HttpResponse:
    def save(user: User, family: Family, data: dict[str, Any]) -> str:
        person = services.person_create(
            user=user,
            family=family,
            role=Role(data["role"]),
            given_name=data["given_name"],
            family_name=data["family_name"],
            date_of_birth=data["date_of_birth"],
            expected_date_of_birth=data["expected_date_of_birth"],
        )
        return f"{person.full_name} added to the family."

    return family_form_view(
        request,
        family_id,
        what="add person form",
        title="Add a person",
        submit="Add the person",
        make_form=lambda family, data: case_forms.PersonForm(data),
        save=save,
    )


@require_http_methods(["GET", "POST"])
def relationship_add(request: HttpRequest, family_id: int) -> HttpResponse:
    def save(user: User, family: Family, data: dict[str, Any]) -> str:
        people = {
            p.pk: p for p in Person.objects.filter(family=family, pk__in=[data["from_person"], data["to_person"]])
        }
        if len(people) != 2:
            raise ValidationError("Choose two people from this family.")
        services.relationship_create(
            user=user,
            family=family,
            from_person=people[data["from_person"]],
            to_person=people[data["to_person"]],
            kind=data["kind"],
        )
        return "Relationship recorded."

    return family_form_view(
        request,
        family_id,
        what="add relationship form",
        title="Record a relationship",
        submit="Record the relationship",
        make_form=lambda family, data: case_forms.RelationshipForm(data, family=family),
        save=save,
    )


@require_http_methods(["GET", "POST"])
def agency_add(request: HttpRequest, family_id: int) -> HttpResponse:
    def save(user: User, family: Family, data: dict[str, Any]) -> str:
        agency = services.agency_get_or_create(name=data["agency_name"], kind=AgencyKind(data["kind"]))
        services.agency_involvement_create(user=user, family=family, agency=agency, contact=data["contact"])
        return f"{agency.name} recorded as involved."

    return family_form_view(
        request,
        family_id,
        what="add agency form",
        title="Add an agency involved with the family",
        submit="Add the agency",
        make_form=lambda family, data: case_forms.AgencyInvolvementForm(data),
        save=save,
        template="cases/agency_form.html",
        extra=lambda family: {"known_agencies": Agency.objects.order_by("name").values_list("name", flat=True)[:500]},
    )


def _with_live_review(form: forms.Form, family: Family) -> forms.Form:
    """The note's text is reviewed as the worker types (htmx, after a pause of 400 ms)."""
    form.fields["text"].widget.attrs.update(
        {
            "hx-post": reverse("note_review", kwargs={"family_id": family.pk}),
            "hx-trigger": "input changed delay:400ms",
            "hx-target": "#language-review",
            "hx-swap": "innerHTML",
            "hx-params": "text",
            "hx-sync": "this:replace",
        }
    )
    return form


@require_http_methods(["GET", "POST"])
def note_add(request: HttpRequest, family_id: int) -> HttpResponse:
    def save(user: User, family: Family, data: dict[str, Any]) -> str:
        note = services.case_note_create(
            user=user,
            family=family,
            occurred_on=data["occurred_on"],
            contact_type=data["contact_type"],
            agency=data["agency"],
            present=Person.objects.filter(family=family, pk__in=data["present"]),
            text=data["text"],
        )
        counts = review_selectors.note_finding_counts(family, [note]).get(note.pk)
        if counts and counts.to_rewrite:
            plural = "s" if counts.to_rewrite != 1 else ""
            return (
                f"Case note added to the chronology. The language review suggests rewording "
                f"{counts.to_rewrite} phrase{plural} in it."
            )
        return "Case note added to the chronology."

    def live_review(family: Family) -> dict[str, Any]:
        text = request.POST.get("text", "") if request.method == "POST" else ""
        return {"draft": review_selectors.draft_review(text, review_selectors.review_people(family))}

    return family_form_view(
        request,
        family_id,
        what="add case note form",
        title="Add a case note",
        submit="Add the note",
        make_form=lambda family, data: _with_live_review(case_forms.CaseNoteForm(data, family=family), family),
        save=save,
        template="cases/note_form.html",
        extra=live_review,
    )


@require_POST
def note_review(request: HttpRequest, family_id: int) -> HttpResponse:
    """The live language review of a note being written. Advice only: nothing is saved, and
    neither the draft nor the findings are logged anywhere."""
    user = staff_user(request)
    family = family_for_write(user, family_id, what="language review of a draft note")
    draft = review_selectors.draft_review(request.POST.get("text", ""), review_selectors.review_people(family))
    response = render(request, "reviews/_live_review_response.html", {"draft": draft, "family": family})
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def family_language(request: HttpRequest, family_id: int) -> HttpResponse:
    """Every finding across the family's case notes. Logged as a view of the family, never with the words."""
    user = staff_user(request)
    family = family_for_read(user, family_id, what="language review page")
    report = review_selectors.family_language_report(family)
    return render(request, "reviews/family_language.html", {"family": family, "report": report})


@require_http_methods(["GET", "POST"])
def contact_attempt_add(request: HttpRequest, family_id: int) -> HttpResponse:
    def save(user: User, family: Family, data: dict[str, Any]) -> str:
        person = get_object_or_404(Person, family=family, pk=data["person"])
        services.contact_attempt_create(
            user=user,
            family=family,
            person=person,
            occurred_on=data["occurred_on"],
            outcome=data["outcome"],
            method=data["method"],
            note=data["note"],
        )
        return f"Attempt to engage {person.full_name} recorded."

    return family_form_view(
        request,
        family_id,
        what="record contact attempt form",
        title="Record an attempt to contact or engage him",
        submit="Record the attempt",
        make_form=lambda family, data: case_forms.ContactAttemptForm(data, family=family),
        save=save,
        template="cases/contact_attempt_form.html",
    )


@require_http_methods(["GET", "POST"])
def sealed_details(request: HttpRequest, family_id: int, person_id: int) -> HttpResponse:
    user = staff_user(request)
    family = family_for_read(user, family_id, what=f"sealed details of person {person_id}")
    person = get_object_or_404(Person, family=family, pk=person_id)
    if not can_see_sealed(user):
        access_log_write(
            user=user, action=AccessAction.REFUSED, family_id=family.pk, what=f"sealed details of person {person.pk}"
        )
        return render(
            request,
            "cases/not_allowed.html",
            {"reason": "Sealed details are shown only to staff with the permission to see them.", "family": family},
            status=403,
        )
    detail = getattr(person, "sealed_detail", None)
    initial = (
        {"address": detail.address, "phone": detail.phone, "safe_contacts": detail.safe_contacts} if detail else {}
    )
    form = case_forms.SealedDetailForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":
        if not can_write(user):
            return render(
                request, "cases/not_allowed.html", {"reason": "Your role cannot change sealed details."}, status=403
            )
        if form.is_valid():
            services.sealed_detail_update(user=user, person=person, **form.cleaned_data)
            messages.success(request, f"Sealed details for {person.full_name} saved.")
            return redirect("family_detail", family_id=family.pk)
    else:
        access_log_write(
            user=user,
            action=AccessAction.VIEW_SEALED,
            family_id=family.pk,
            what=f"sealed details of person {person.pk}",
        )
    return render(
        request, "cases/sealed_details.html", {"form": form, "family": family, "person": person, "detail": detail}
    )


def _jsonl_response(families: Any, user: User, filename: str) -> HttpResponse:
    buffer = io.StringIO()
    export_families(families, buffer, user=user)
    response = HttpResponse(buffer.getvalue(), content_type="application/x-ndjson; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def family_export(request: HttpRequest, family_id: int) -> HttpResponse:
    user = staff_user(request)
    family = family_for_read(user, family_id, what="case-file export")
    return _jsonl_response(Family.objects.filter(pk=family.pk), user, f"{family.reference}.jsonl")


@require_GET
def caseload_export(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    return _jsonl_response(families_readable_by(user), user, "spotlight-case-files.jsonl")
