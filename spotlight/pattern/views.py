"""Pages that build the pattern map. Thin: the write gate (in `family_form_view`) decides access, the
services check and save, selectors read, and the family page shows the map."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from spotlight.cases.editing import family_form_view
from spotlight.cases.gate import WritableFamily
from spotlight.cases.models import Family
from spotlight.pattern import forms as pattern_forms
from spotlight.pattern import records, selectors, services
from spotlight.pattern.domain.catalogue import default_catalogue

ANCHOR = "pattern"


@require_http_methods(["GET", "POST"])
def behaviour_entry_add(request: HttpRequest, family_id: int) -> HttpResponse:
    def save(target: WritableFamily, data: dict[str, Any]) -> str:
        entry = services.behaviour_entry_create(
            target=target,
            person_id=data["person"],
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
    def make_form(family: Family, data: Any) -> pattern_forms.ChildHarmForm:
        selectors.behaviour_entry(family, entry_id)  # "not found" before any form for an entry of another family
        return pattern_forms.ChildHarmForm(data, family=family)

    def save(target: WritableFamily, data: dict[str, Any]) -> str:
        harm = services.child_harm_add(
            target=target,
            entry_id=entry_id,
            child_id=data["child"],
            his_action=data["his_action"],
            impact=data["impact"],
        )
        return f"The harm to {harm.child.full_name} recorded on the pattern map."

    def extra(family: Family) -> dict[str, Any]:
        entry = selectors.behaviour_entry(family, entry_id)
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
    def save(target: WritableFamily, data: dict[str, Any]) -> str:
        effort = services.protective_effort_create(
            target=target,
            survivor_id=data["survivor"],
            kind=data["kind"],
            description=data["description"],
            child_ids=sorted(data["children"]),
            source=data["source"],
            occurred_on=data["occurred_on"],
        )
        return f"{effort.survivor.full_name}'s protective effort recorded on the pattern map."

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
    def save(target: WritableFamily, data: dict[str, Any]) -> str:
        services.complicating_factor_create(
            target=target,
            person_id=data["person"],
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
    def save(target: WritableFamily, data: dict[str, Any]) -> str:
        services.programme_referral_create(
            target=target,
            person_id=data["person"],
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
    def save(target: WritableFamily, data: dict[str, Any]) -> str:
        records.programme_referral_update(
            target=target,
            referral_id=referral_id,
            status=data["status"],
            status_on=data["status_on"],
            note=data["note"],
            seen_version=data["version"] or 0,
        )
        return "Where his referral has got to is recorded."

    def make_form(family: Family, data: Any) -> pattern_forms.ProgrammeReferralStatusForm:
        referral = selectors.programme_referral(family, referral_id)
        initial = {"status": referral.status, "version": referral.version}
        return pattern_forms.ProgrammeReferralStatusForm(data, initial=initial)

    return family_form_view(
        request,
        family_id,
        what="pattern map: update a programme referral form",
        title="Where his referral has got to",
        submit="Save",
        make_form=make_form,
        save=save,
        anchor=ANCHOR,
        extra=lambda family: {"referral": selectors.programme_referral(family, referral_id)},
    )
