"""Pages of the case record. Thin: the read gate decides access, services write, selectors read.

The family page itself, and the caseload, are composed in the family layer (`spotlight.family`).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spotlight.access import policy
from spotlight.access.log import access_log_write, access_log_write_many
from spotlight.access.models import AccessAction
from spotlight.cases import forms as case_forms
from spotlight.cases import records, search, selectors, services
from spotlight.cases.editing import apply_errors, described, family_form_view, seen_version
from spotlight.cases.gate import (
    WritableFamily,
    families_readable_by,
    family_for_read,
    family_for_write,
)
from spotlight.cases.models import Family
from spotlight.cases.versions import StaleEdit, record_change, stale_edit
from spotlight.clock import local_today
from spotlight.ui.requests import not_allowed, staff_user
from spotlight.vocabulary import AgencyKind, Role


@require_GET
def family_search(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    query = request.GET.get("q", "")
    found: search.SearchPage | None = None
    error = ""
    if "q" in request.GET:
        try:
            asked = search.read_query(query, today=local_today())
        except search.QueryProblem as problem:
            error = str(problem)
        else:
            found = search.search_families(families_readable_by(user), asked, page=request.GET.get("page"))
            access_log_write_many(
                user=user, action=AccessAction.SEARCH, what="search results", family_ids=found.family_ids
            )
    return render(request, "cases/search.html", {"query": query.strip(), "found": found, "error": error})


@require_http_methods(["GET", "POST"])
def family_create(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    if not policy.may_change_record(user):
        return not_allowed(request, "Your role cannot open new family records.")
    form = case_forms.FamilyForm(request.POST if request.method == "POST" else None, teams=user.teams.all())
    if request.method == "POST" and form.is_valid():
        try:
            family = services.family_create(user=user, name=form.cleaned_data["name"], team=form.cleaned_data["team"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"{family.name} opened. Add the people in the family next.")
            return redirect("family_detail", family_id=family.pk)
    return render(
        request, "cases/form_page.html", {"form": form, "title": "Open a family record", "submit": "Open the record"}
    )


@require_http_methods(["GET", "POST"])
def person_add(request: HttpRequest, family_id: int) -> HttpResponse:
    def save(target: WritableFamily, data: dict[str, Any]) -> str:
        person = services.person_create(
            target=target,
            role=Role(data["role"]),
            given_name=data["given_name"],
            family_name=data["family_name"],
            date_of_birth=data["date_of_birth"],
            expected_date_of_birth=data["expected_date_of_birth"],
            pronouns=data["pronouns"],
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
    def save(target: WritableFamily, data: dict[str, Any]) -> str:
        services.relationship_create(
            target=target, from_person_id=data["from_person"], to_person_id=data["to_person"], kind=data["kind"]
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
    def save(target: WritableFamily, data: dict[str, Any]) -> str:
        involvement = services.agency_involvement_create(
            target=target, agency_name=data["agency_name"], kind=AgencyKind(data["kind"]), contact=data["contact"]
        )
        return f"{involvement.agency.name} recorded as involved."

    return family_form_view(
        request,
        family_id,
        what="add agency form",
        title="Add an agency involved with the family",
        submit="Add the agency",
        make_form=lambda family, data: case_forms.AgencyInvolvementForm(data),
        save=save,
        template="cases/agency_form.html",
        extra=lambda family: {"known_agencies": selectors.known_agency_names()},
    )


@require_http_methods(["GET", "POST"])
def contact_attempt_add(request: HttpRequest, family_id: int) -> HttpResponse:
    def save(target: WritableFamily, data: dict[str, Any]) -> str:
        attempt = services.contact_attempt_create(
            target=target,
            person_id=data["person"],
            occurred_on=data["occurred_on"],
            outcome=data["outcome"],
            method=data["method"],
            note=data["note"],
        )
        return f"Attempt to engage {attempt.person.full_name} recorded."

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
    """Her address, safe phone number and safe contacts: only for staff with the permission. A change
    keeps the version it replaces; a change made on a stale copy is refused, never applied over the
    newer details (if she has just moved, the address he knows must not come back)."""
    user = staff_user(request)
    what = f"sealed details of person {person_id}"
    target = family_for_write(user, family_id, what=what) if request.method == "POST" else None
    family = target.family if target else family_for_read(user, family_id, what=what)
    person = selectors.family_person(family, person_id)
    if not policy.may_see_sealed(user):
        access_log_write(user=user, action=AccessAction.REFUSED, family_id=family.pk, what=what)
        return not_allowed(
            request, "Sealed details are shown only to staff with the permission to see them.", back_to=family
        )
    kind = records.SEALED_DETAIL
    detail = selectors.sealed_detail(person)
    form = case_forms.SealedDetailForm(request.POST if target else None, initial=kind.read(detail) if detail else {})
    version, stale = (detail.version if detail else 0), None
    if target is not None and form.is_valid():
        seen = seen_version(request)
        try:
            if detail is None and seen == 0:
                services.sealed_detail_create(target=target, person_id=person.pk, **form.cleaned_data)
            elif detail is None:
                raise services.SealedDetailExists(person.pk)  # she saw details that are no longer there
            else:
                record_change(
                    target=target, kind=kind, record_id=detail.pk, seen_version=seen, values=form.cleaned_data
                )
        except services.SealedDetailExists:
            now = selectors.sealed_detail(person)
            stale = stale_edit(kind, family, now.pk, 0) if now else None
        except StaleEdit as exc:
            stale = exc
        else:
            messages.success(request, f"Sealed details for {person.full_name} saved.", extra_tags="section:people")
            return redirect(reverse("family_detail", kwargs={"family_id": family.pk}) + "#people")
        version = stale.version if stale else seen
    elif target is not None:
        version = seen_version(request)
    if target is None:
        access_log_write(user=user, action=AccessAction.VIEW_SEALED, family_id=family.pk, what=what)
    context = {
        "form": form,
        "family": family,
        "person": person,
        "detail": detail,
        "version": version,
        "stale": stale,
        "stale_rows": described(form, stale.current, only=stale.changed) if stale else [],
        "kind": kind,
    }
    return render(request, "cases/sealed_details.html", context, status=409 if stale else 200)


@require_http_methods(["GET", "POST"])
def family_restriction(request: HttpRequest, family_id: int) -> HttpResponse:
    """Restrict the record to named staff, change who, or lift it (quality leads only)."""
    if not policy.may_restrict(staff_user(request)):
        return not_allowed(request, "Only team managers and domestic abuse specialists can restrict a record.")

    def make_form(family: Family, data: Any) -> case_forms.RestrictionForm:
        current = selectors.restriction_of(family)
        initial = (
            {"reason": current.reason, "review_on": current.review_on, "staff": [u.pk for u in current.staff.all()]}
            if current
            else {}
        )
        return case_forms.RestrictionForm(data, family=family, initial=initial)

    def save(target: WritableFamily, data: dict[str, Any]) -> str:
        restriction = services.family_restrict(
            target=target, reason=data["reason"], review_on=data["review_on"], staff_ids=data["staff"]
        )
        return f"The record is restricted to {restriction.staff.count()} named members of staff."

    return family_form_view(
        request,
        family_id,
        what="restriction form",
        title="Restrict this record",
        submit="Save the restriction",
        make_form=make_form,
        save=save,
        template="cases/restriction_form.html",
        extra=lambda family: {"restriction": selectors.restriction_of(family)},
        anchor="restriction",
    )


@require_POST
def family_restriction_lift(request: HttpRequest, family_id: int) -> HttpResponse:
    user = staff_user(request)
    if not policy.may_restrict(user):
        return not_allowed(request, "Only team managers and domestic abuse specialists can lift a restriction.")
    target = family_for_write(user, family_id, what="lift a restriction")
    if services.family_restriction_lift(target=target):
        messages.success(request, "The restriction is lifted: the record is open again to those who need to know.")
    return redirect("family_detail", family_id=target.family.pk)


@require_http_methods(["GET", "POST"])
def family_allocate(request: HttpRequest, family_id: int) -> HttpResponse:
    """A manager allocates the family to a worker of her teams, or reallocates it."""
    manager = staff_user(request)
    if not policy.may_allocate(manager):
        return not_allowed(request, "Only team managers allocate families.")

    def save(target: WritableFamily, data: dict[str, Any]) -> str:
        allocation = services.family_allocate(
            target=target, worker_id=data["worker"], allocated_on=data["allocated_on"], reason=data["reason"]
        )
        return f"{target.family.name} is allocated to {allocation.worker.display_name}."

    return family_form_view(
        request,
        family_id,
        what="allocation form",
        title="Allocate this family",
        submit="Allocate",
        make_form=lambda family, data: case_forms.AllocationForm(
            data, manager=manager, initial={"allocated_on": local_today()}
        ),
        save=save,
        extra=lambda family: {"holders": selectors.current_allocations(family)},
        template="cases/allocation_form.html",
        anchor="allocation",
    )
