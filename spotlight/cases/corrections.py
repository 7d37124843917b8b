"""How the case record's own kinds of record are corrected on screen (case notes are the language
review's: `spotlight.reviews.corrections`)."""

from __future__ import annotations

from typing import Any

from django import forms

from spotlight.access.models import User
from spotlight.cases import forms as case_forms
from spotlight.cases import records
from spotlight.cases.editing import Correction
from spotlight.cases.models import Family


def _person_form(family: Family, data: Any, initial: dict[str, Any], user: User) -> forms.Form:
    form = case_forms.PersonForm(data, initial=initial)
    role = form.fields["role"]
    role.disabled = True  # records on the pattern map depend on it: strike out and add again instead
    role.help_text = (
        "A role cannot be changed. If it is wrong, strike this person out as entered in error and add them again."
    )
    return form


PERSON = Correction(
    kind=records.PERSON,
    make_form=_person_form,
    anchor="people",
    describe=lambda p: f"record of {p.full_name}",
)

RELATIONSHIP = Correction(
    kind=records.RELATIONSHIP,
    make_form=lambda family, data, initial, user: case_forms.RelationshipForm(data, family=family, initial=initial),
    anchor="people",
)

AGENCY_INVOLVEMENT = Correction(
    kind=records.AGENCY_INVOLVEMENT,
    make_form=lambda family, data, initial, user: case_forms.AgencyInvolvementForm(data, initial=initial),
    anchor="agencies",
    template="cases/agency_form.html",
    describe=lambda i: f"involvement of {i.agency.name}",
)

CONTACT_ATTEMPT = Correction(
    kind=records.CONTACT_ATTEMPT,
    make_form=lambda family, data, initial, user: case_forms.ContactAttemptForm(data, family=family, initial=initial),
    anchor="engagement",
    template="cases/contact_attempt_form.html",
    describe=lambda a: f"contact attempt of {a.occurred_on:%-d %B %Y}",
)

SEALED_DETAIL = Correction(
    kind=records.SEALED_DETAIL,
    make_form=lambda family, data, initial, user: case_forms.SealedDetailForm(data, initial=initial),
    anchor="people",
    describe=lambda d: f"sealed details of {d.person.full_name}",
)
