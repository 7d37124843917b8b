"""Pages that build the pattern map. Thin: the write gate (in `family_form_view`) decides access, the
services check and save, selectors read, and the family page shows the map."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from spotlight.access import policy
from spotlight.access.admin import staff_user
from spotlight.cases.editing import family_form_view
from spotlight.cases.gate import WritableFamily, family_for_read, family_for_write
from spotlight.cases.models import Family
from spotlight.pattern import forms as pattern_forms
from spotlight.pattern import records, selectors, services
from spotlight.pattern.domain.catalogue import default_catalogue
from spotlight.pattern.domain.notefacts import (
    BEHAVIOUR,
    COMPLICATING_FACTOR,
    PROTECTIVE_EFFORT,
    find_facts,
    only_concerns,
)
from spotlight.pattern.interchange import REFERRAL_FIELDS
from spotlight.pattern.models import BehaviourEntry, ComplicatingFactor, ProtectiveEffort
from spotlight.vocabulary import AgencyKind

ANCHOR = "pattern"


def _save_behaviour(target: WritableFamily, data: dict[str, Any]) -> tuple[BehaviourEntry, str]:
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
    return entry, f"His behaviour recorded on the pattern map: {kind.label}."


def _save_effort(target: WritableFamily, data: dict[str, Any]) -> tuple[ProtectiveEffort, str]:
    effort = services.protective_effort_create(
        target=target,
        survivor_id=data["survivor"],
        kind=data["kind"],
        description=data["description"],
        child_ids=sorted(data["children"]),
        source=data["source"],
        occurred_on=data["occurred_on"],
    )
    return effort, f"{effort.survivor.full_name}'s protective effort recorded on the pattern map."


def _save_factor(target: WritableFamily, data: dict[str, Any]) -> tuple[ComplicatingFactor, str]:
    record = services.complicating_factor_create(
        target=target,
        person_id=data["person"],
        factor=data["factor"],
        interaction=data["interaction"],
        source=data["source"],
    )
    return record, "Complicating factor recorded on the pattern map."


@require_http_methods(["GET", "POST"])
def behaviour_entry_add(request: HttpRequest, family_id: int) -> HttpResponse:
    return family_form_view(
        request,
        family_id,
        what="pattern map: add a behaviour form",
        title="Record his behaviour",
        submit="Record his behaviour",
        make_form=lambda family, data: pattern_forms.BehaviourEntryForm(data, family=family),
        save=lambda target, data: _save_behaviour(target, data)[1],
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
    return family_form_view(
        request,
        family_id,
        what="pattern map: add a protective effort form",
        title="Record her protective effort",
        submit="Record her protective effort",
        make_form=lambda family, data: pattern_forms.ProtectiveEffortForm(data, family=family),
        save=lambda target, data: _save_effort(target, data)[1],
        template="pattern/protective_effort_form.html",
        anchor=ANCHOR,
    )


@require_http_methods(["GET", "POST"])
def complicating_factor_add(request: HttpRequest, family_id: int) -> HttpResponse:
    return family_form_view(
        request,
        family_id,
        what="pattern map: add a complicating factor form",
        title="Record a complicating factor",
        submit="Record the factor",
        make_form=lambda family, data: pattern_forms.ComplicatingFactorForm(data, family=family),
        save=lambda target, data: _save_factor(target, data)[1],
        template="pattern/complicating_factor_form.html",
        anchor=ANCHOR,
    )


@require_http_methods(["GET", "POST"])
def programme_referral_add(request: HttpRequest, family_id: int) -> HttpResponse:
    """A referral of him with the support offered to her alongside. ``?person=&programme=`` (from the
    programme matching page) choose him and the programme; a value that is not a choice is ignored."""

    def save(target: WritableFamily, data: dict[str, Any]) -> str:
        services.programme_referral_create(
            target=target,
            person_id=data["person"],
            support_survivor_id=data["support_survivor"],
            **{name: data[name] for name in REFERRAL_FIELDS},  # the same fields as in a case file
        )
        return "His programme referral recorded, with the support offered to her alongside."

    def make_form(family: Family, data: Any) -> pattern_forms.ProgrammeReferralForm:
        form = pattern_forms.ProgrammeReferralForm(data, family=family)
        for name in ("person", "programme"):
            chosen = request.GET.get(name, "")
            if chosen in {str(value) for value, _ in form.fields[name].choices}:  # type: ignore[attr-defined]
                form.initial[name] = int(chosen) if name == "person" else chosen
        return form

    return family_form_view(
        request,
        family_id,
        what="pattern map: add a programme referral form",
        title="Record a referral of him to a programme",
        submit="Record the referral",
        make_form=make_form,
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
            sessions_attended=data["sessions_attended"],
            support_response=data["support_response"],
            note=data["note"],
            seen_version=data["version"] or 0,
        )
        return "Where his referral has got to is recorded."

    def make_form(family: Family, data: Any) -> pattern_forms.ProgrammeReferralStatusForm:
        referral = selectors.programme_referral(family, referral_id)
        initial = {
            "status": referral.status,
            "version": referral.version,
            "sessions_attended": referral.sessions_attended,
            "support_response": referral.support_response,
        }
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


# ------------------------------------------------------------------------------- facts found in notes

#: How each kind of fact goes onto the map: its form, how it is saved, its page, and its title
_ONTO_THE_MAP: dict[str, tuple[Any, Any, str, str]] = {
    BEHAVIOUR: (
        pattern_forms.BehaviourEntryForm,
        _save_behaviour,
        "pattern/behaviour_entry_form.html",
        "Record his behaviour",
    ),
    PROTECTIVE_EFFORT: (
        pattern_forms.ProtectiveEffortForm,
        _save_effort,
        "pattern/protective_effort_form.html",
        "Record her protective effort",
    ),
    COMPLICATING_FACTOR: (
        pattern_forms.ComplicatingFactorForm,
        _save_factor,
        "pattern/complicating_factor_form.html",
        "Record a complicating factor",
    ),
}
#: The catalogue source a note from an agency of this kind stands for (other notes: she chooses)
_SOURCE_OF_AGENCY = {AgencyKind.POLICE: "police", AgencyKind.HEALTH: "health", AgencyKind.SCHOOL: "school"}


@require_http_methods(["GET"])
def notes_facts(request: HttpRequest, family_id: int) -> HttpResponse:
    user = staff_user(request)
    family = family_for_read(user, family_id, what="facts found in the notes")
    note_id = request.GET.get("note")
    lines = selectors.facts_in_notes(family, note_id=int(note_id) if note_id and note_id.isdigit() else None)
    context = {
        "family": family,
        "lines": lines,
        "note_id": note_id if note_id and note_id.isdigit() else None,
        "can_write": policy.may_change_record(user),
        "onto_the_map": set(_ONTO_THE_MAP),
    }
    return render(request, "pattern/notes_facts.html", context)


def _initial(line: selectors.NoteFactLine) -> dict[str, Any]:
    """The form's fields as the note gives them: nothing the note does not say."""
    fact, sentence = line.fact, (line.before + line.words + line.after).strip()
    source = _SOURCE_OF_AGENCY.get(AgencyKind(line.note.agency.kind)) if line.note.agency else None
    initial: dict[str, Any] = {"source": source} if source else {}
    if fact.kind == BEHAVIOUR:
        initial |= {"kind": fact.catalogue_id, "relationship": fact.relationship, "description": sentence}
        initial |= {"occurred_on": fact.occurred_on} if fact.occurred_on else {}
        initial |= {"person": line.people[0].pk} if line.people else {}
    elif fact.kind == PROTECTIVE_EFFORT:
        initial |= {"kind": fact.catalogue_id, "description": sentence, "children": [c.pk for c in line.children]}
        initial |= {"occurred_on": fact.occurred_on} if fact.occurred_on else {}
        initial |= {"survivor": line.people[0].pk} if line.people else {}
    else:
        initial |= {"factor": fact.catalogue_id, "interaction": sentence}
        initial |= {"person": line.people[0].pk} if line.people else {}
    return initial


@require_http_methods(["GET", "POST"])
def note_fact_add(request: HttpRequest, family_id: int, note_id: int, key: str) -> HttpResponse:
    """A fact found in a note, onto the map: the form of its kind, filled in from the note."""
    reader = family_for_read(staff_user(request), family_id, what="facts found in the notes: add one to the map")
    line = selectors.note_fact(reader, note_id, key)
    onto = _ONTO_THE_MAP.get(line.fact.kind)
    if onto is None:
        raise Http404("This kind of fact is recorded with another record, not on its own.")
    form_class, save_record, template, title = onto

    def save(target: WritableFamily, data: dict[str, Any]) -> str:
        with transaction.atomic():
            record, done = save_record(target, data)
            services.note_fact_decide(
                target=target,
                note_id=note_id,
                key=key,
                kind=line.fact.kind,
                catalogue_id=line.fact.catalogue_id,
                record=record,
            )
        return f"{done} It came from the note of {line.note.occurred_on:%-d %B %Y}."

    return family_form_view(
        request,
        family_id,
        what="pattern map: add a fact found in a note",
        title=title,
        submit="Add to the pattern map",
        make_form=lambda family, data: form_class(data, family=family, initial=_initial(line)),
        save=save,
        template=template,
        extra=lambda family: {"from_note": line},
        anchor=ANCHOR,
    )


@require_http_methods(["POST"])
def note_fact_dismiss(request: HttpRequest, family_id: int, note_id: int, key: str) -> HttpResponse:
    target = family_for_write(staff_user(request), family_id, what="facts found in the notes: dismiss one")
    line = selectors.note_fact(target.family, note_id, key)
    try:
        services.note_fact_decide(
            target=target, note_id=note_id, key=key, kind=line.fact.kind, catalogue_id=line.fact.catalogue_id
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Dismissed: “{line.words}” will not be offered again.")
    return redirect(reverse("notes_facts", kwargs={"family_id": family_id}))


@require_http_methods(["POST"])
def draft_facts(request: HttpRequest, family_id: int) -> HttpResponse:
    """What a note being written holds for the pattern map, shown beside it as she types. Advice only:
    nothing is saved, and neither the draft nor what was found in it is logged anywhere."""
    family = family_for_write(staff_user(request), family_id, what="facts found in a draft note").family
    text = request.POST.get("text", "")[:100_000]
    people = list(family.people.filter(struck_out_at__isnull=True))
    found = find_facts(text, selectors.members_of(people), None, second_reader=True) if text.strip() else []
    context = {"family": family, "found": found, "ask_whats_working": only_concerns(found)}
    response = render(request, "pattern/_draft_facts.html", context)
    response["Cache-Control"] = "no-store"
    return response
