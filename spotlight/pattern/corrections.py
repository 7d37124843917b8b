"""How the pattern map's records are corrected on screen: each in the form it was recorded with."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.formats import date_format

from spotlight.cases.editing import Correction
from spotlight.cases.models import Family
from spotlight.pattern import forms as pattern_forms
from spotlight.pattern import records
from spotlight.pattern.domain.catalogue import default_catalogue
from spotlight.pattern.models import BehaviourEntry, ChildHarm

ANCHOR = "pattern"


def _behaviour_label(kind: str) -> str:
    try:
        return default_catalogue().behaviour(kind)[1].label
    except KeyError:
        return kind


def _entry_name(entry: BehaviourEntry) -> str:
    when = f" of {date_format(entry.occurred_on, 'j F Y')}" if entry.occurred_on else ""
    return f"entry “{_behaviour_label(entry.kind)}”{when}"


def _harm_context(request: HttpRequest, family: Family, harm: ChildHarm) -> dict[str, Any]:
    return {"entry": harm.entry, "kind_label": _behaviour_label(harm.entry.kind)}


BEHAVIOUR_ENTRY = Correction(
    kind=records.BEHAVIOUR_ENTRY,
    make_form=lambda family, data, initial, user: pattern_forms.BehaviourEntryForm(
        data, family=family, initial=initial
    ),
    anchor=ANCHOR,
    template="pattern/behaviour_entry_form.html",
    describe=_entry_name,
)

CHILD_HARM = Correction(
    kind=records.CHILD_HARM,
    make_form=lambda family, data, initial, user: pattern_forms.ChildHarmForm(data, family=family, initial=initial),
    anchor=ANCHOR,
    template="pattern/child_harm_form.html",
    page_context=_harm_context,
    describe=lambda h: f"harm to {h.child.full_name}",
)

PROTECTIVE_EFFORT = Correction(
    kind=records.PROTECTIVE_EFFORT,
    make_form=lambda family, data, initial, user: pattern_forms.ProtectiveEffortForm(
        data, family=family, initial=initial
    ),
    anchor=ANCHOR,
    template="pattern/protective_effort_form.html",
)

COMPLICATING_FACTOR = Correction(
    kind=records.COMPLICATING_FACTOR,
    make_form=lambda family, data, initial, user: pattern_forms.ComplicatingFactorForm(
        data, family=family, initial=initial
    ),
    anchor=ANCHOR,
    template="pattern/complicating_factor_form.html",
)

PROGRAMME_REFERRAL = Correction(
    kind=records.PROGRAMME_REFERRAL,
    make_form=lambda family, data, initial, user: pattern_forms.ProgrammeReferralForm(
        data, family=family, initial=initial, offer_required=bool(initial.get("support_provider"))
    ),
    anchor=ANCHOR,
    template="pattern/programme_referral_form.html",
)
