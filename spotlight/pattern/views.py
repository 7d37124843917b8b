"""Pages that build the pattern map. Thin: the write gate (inside `family_form_view` and again in
each service) decides access, the services check and save, the family page shows the map."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_http_methods

from spotlight.access.models import User
from spotlight.cases.models import Family, Person
from spotlight.cases.views import family_form_view
from spotlight.cases.vocabulary import Role
from spotlight.pattern import forms as pattern_forms
from spotlight.pattern import services
from spotlight.pattern.catalogue import default_catalogue
from spotlight.pattern.models import BehaviourEntry, ProgrammeReferral

ANCHOR = "pattern"


def _person(family: Family, pk: int, *roles: Role) -> Person:
    people = Person.objects.filter(family=family)
    if roles:
        people = people.filter(role__in=[r.value for r in roles])
    return get_object_or_404(people, pk=pk)


@require_http_methods(["GET", "POST"])
def behaviour_entry_add(request: HttpRequest, family_id: int) -> HttpResponse:
    def save(user: User, family: Family, data: dict[str, Any]) -> str:
        entry = services.behaviour_entry_create(
            user,
            family,
            person=_person(family, data["person"], Role.PERSON_CAUSING_HARM),
            kind=data["kind"],
            source=data["source"],
            relationship=data["relationship"],
            prior_partner=data["prior_partner"],
            occurred_on=data["occurred_on"],
            period=data["period"],
            place=data["place"],
            presenting_incident=data["presenting_incident"],
            before=data["before"],
            during=data["during"],
            after=data["after"],
            description=data["description"],
        )
        _, kind = default_catalogue().behaviour(entry.kind)
        return f"His behaviour recorded on the pattern map: {kind.label}."

    return family_form_view(
        request,
        family_id,
        what="pattern map: add a behaviour form",
        title="Record his behaviour",
        submit="Record his behaviour",
        make_form=lambda family, data: pattern_forms.BehaviourEntryForm(data, family=family),
        save=save,
        template="pattern/behaviour_entry_form.html",
        anchor=ANCHOR,
    )


@require_http_methods(["GET", "POST"])
def child_harm_add(request: HttpRequest, family_id: int, entry_id: int) -> HttpResponse:
    found: dict[str, BehaviourEntry] = {}

    def make_form(family: Family, data: Any) -> pattern_forms.ChildHarmForm:
        found["entry"] = get_object_or_404(BehaviourEntry.objects.select_related("person"), family=family, pk=entry_id)
        return pattern_forms.ChildHarmForm(data, family=family)

    def save(user: User, family: Family, data: dict[str, Any]) -> str:
        child = _person(family, data["child"], Role.CHILD)
        services.child_harm_add(user, found["entry"], child=child, his_action=data["his_action"], impact=data["impact"])
        return f"The harm to {child.full_name} recorded on the pattern map."

    def extra(family: Family) -> dict[str, Any]:
        entry = found["entry"]
        try:
            kind_label = default_catalogue().behaviour(entry.kind)[1].label
        except KeyError:
            kind_label = entry.kind
        return {"entry": entry, "kind_label": kind_label}

    return family_form_view(
        request,
        family_id,
        what=f"pattern map: harm to a child form (entry {entry_id})",
        title="Record the harm to a child",
        submit="Record the harm",
        make_form=make_form,
        save=save,
        template="pattern/child_harm_form.html",
        extra=extra,
        anchor=ANCHOR,
    )


@require_http_methods(["GET", "POST"])
def protective_effort_add(request: HttpRequest, family_id: int) -> HttpResponse:
    def save(user: User, family: Family, data: dict[str, Any]) -> str:
        survivor = _person(family, data["survivor"], Role.ADULT_SURVIVOR)
        services.protective_effort_create(
            user,
            family,
            survivor=survivor,
            kind=data["kind"],
            description=data["description"],
            children=list(Person.objects.filter(family=family, pk__in=data["children"]).order_by("id")),
            source=data["source"],
            occurred_on=data["occurred_on"],
        )
        return f"{survivor.full_name}'s protective effort recorded on the pattern map."

    return family_form_view(
        request,
        family_id,
        what="pattern map: add a protective effort form",
        title="Record her protective effort",
        submit="Record her protective effort",
        make_form=lambda family, data: pattern_forms.ProtectiveEffortForm(data, family=family),
        save=save,
        template="pattern/protective_effort_form.html",
        anchor=ANCHOR,
    )


@require_http_methods(["GET", "POST"])
def complicating_factor_add(request: HttpRequest, family_id: int) -> HttpResponse:
    def save(user: User, family: Family, data: dict[str, Any]) -> str:
        services.complicating_factor_create(
            user,
            family,
            person=_person(family, data["person"]),
            factor=data["factor"],
            interaction=data["interaction"],
            source=data["source"],
        )
        return "Complicating factor recorded on the pattern map."

    return family_form_view(
        request,
        family_id,
        what="pattern map: add a complicating factor form",
        title="Record a complicating factor",
        submit="Record the factor",
        make_form=lambda family, data: pattern_forms.ComplicatingFactorForm(data, family=family),
        save=save,
        template="pattern/complicating_factor_form.html",
        anchor=ANCHOR,
    )


@require_http_methods(["GET", "POST"])
def programme_referral_add(request: HttpRequest, family_id: int) -> HttpResponse:
    def save(user: User, family: Family, data: dict[str, Any]) -> str:
        services.programme_referral_create(
            user,
            family,
            person=_person(family, data["person"], Role.PERSON_CAUSING_HARM),
            programme=data["programme"],
            provider=data["provider"],
            referred_on=data["referred_on"],
            status=data["status"],
            status_on=data["status_on"],
            support_for_her=data["support_for_her"],
            note=data["note"],
        )
        return "His programme referral recorded."

    return family_form_view(
        request,
        family_id,
        what="pattern map: add a programme referral form",
        title="Record a referral of him to a programme",
        submit="Record the referral",
        make_form=lambda family, data: pattern_forms.ProgrammeReferralForm(data, family=family),
        save=save,
        template="pattern/programme_referral_form.html",
        anchor=ANCHOR,
    )


@require_http_methods(["GET", "POST"])
def programme_referral_status(request: HttpRequest, family_id: int, referral_id: int) -> HttpResponse:
    def referral_of(family: Family) -> ProgrammeReferral:
        return get_object_or_404(ProgrammeReferral.objects.select_related("person"), pk=referral_id, family=family)

    def save(user: User, family: Family, data: dict[str, Any]) -> str:
        services.programme_referral_update(
            user, referral_of(family), status=data["status"], status_on=data["status_on"], note=data["note"]
        )
        return "Where his referral has got to is recorded."

    def make_form(family: Family, data: Any) -> pattern_forms.ProgrammeReferralStatusForm:
        referral = referral_of(family)
        return pattern_forms.ProgrammeReferralStatusForm(data, initial={"status": referral.status})

    return family_form_view(
        request,
        family_id,
        what="pattern map: update a programme referral form",
        title="Where his referral has got to",
        submit="Save",
        make_form=make_form,
        save=save,
        anchor=ANCHOR,
        extra=lambda family: {"referral": referral_of(family)},
    )
