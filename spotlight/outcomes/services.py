"""Writes for outcomes: one respondent's answers on one occasion. Takes the `WritableFamily` the write gate
hands out, checks everything (every problem at once: a measure left unanswered is named), saves and
writes the change to the access log: what kind of record and its id, never its answers."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction

from spotlight.access.models import AccessAction
from spotlight.cases.gate import WritableFamily
from spotlight.cases.models import Person
from spotlight.clock import local_today
from spotlight.outcomes.domain.casefile import RESPONDENT_ROLE
from spotlight.outcomes.domain.measures import NO, NOT_KNOWN, YES, OutcomeMeasures, default_measures
from spotlight.outcomes.models import Outcome

#: Form fields are named after the measure or the kind of abuse they answer: "m_safety", "a_physical"
MEASURE_PREFIX, ABUSE_PREFIX = "m_", "a_"
#: Who is asked the abuse checklist: she is, and the worker answers from what is known
ASKED_ABOUT_ABUSE = ("survivor", "worker")


@dataclasses.dataclass(frozen=True)
class OutcomeGiven:
    respondent: str
    person_id: int | None
    occasion: str
    recorded_on: dt.date
    scores: Mapping[str, int | None]
    abuse: Mapping[str, str]
    comment: str = ""


def asked(measures: OutcomeMeasures, respondent: str) -> list[str]:
    """The measures asked of this respondent, in the file's order."""
    return [m.id for m in measures.measures if respondent in m.asks]


def outcome_fill(target: WritableFamily, row: Outcome, given: OutcomeGiven) -> None:
    """Checks one respondent's answers (new, or a correction) and sets them."""
    measures = default_measures()
    errors: dict[str, str] = {}
    respondents = {r.id: r.label for r in measures.respondents}
    person = None
    if given.respondent not in respondents:
        errors["respondent"] = "Choose whose answers these are."
    elif given.respondent in RESPONDENT_ROLE:
        role = RESPONDENT_ROLE[given.respondent]
        person = Person.objects.filter(family=target.family, pk=given.person_id or 0, struck_out_at=None).first()
        if person is None or person.role != role:
            errors["respondent"] = f"Choose the {respondents[given.respondent].lower()} whose answers these are."
    if given.occasion not in {o.id for o in measures.occasions}:
        errors["occasion"] = "Choose when these answers were given: at the start, at a review or at the end."
    if given.recorded_on > local_today():
        errors["recorded_on"] = "The date must be today or in the past."
    for measure_id in asked(measures, given.respondent):
        measure = measures.measure(measure_id)
        value = given.scores.get(measure_id)
        if measure is not None and value not in {p.value for p in measures.points(measure)}:
            errors[MEASURE_PREFIX + measure_id] = f"Answer “{measure.label}”"
    if given.respondent in ASKED_ABOUT_ABUSE:
        for kind in measures.abuse_checklist:
            if given.abuse.get(kind.id) not in (YES, NO, NOT_KNOWN):
                errors[ABUSE_PREFIX + kind.id] = f"Answer “{kind.label}”: yes, no or not known"
    if errors:
        raise ValidationError({field: [message] for field, message in errors.items()})
    row.respondent, row.person, row.occasion, row.recorded_on = (
        given.respondent,
        person,
        given.occasion,
        given.recorded_on,
    )
    row.scores = {m: given.scores[m] for m in asked(measures, given.respondent)}
    row.abuse = (
        {k.id: given.abuse[k.id] for k in measures.abuse_checklist} if given.respondent in ASKED_ABOUT_ABUSE else {}
    )
    row.comment = given.comment.strip()


def outcome_record(*, target: WritableFamily, given: OutcomeGiven) -> Outcome:
    """Record one respondent's answers on one occasion."""
    row = Outcome(family=target.family, recorded_by=target.user)
    outcome_fill(target, row, given)
    with transaction.atomic():
        row.save()
        target.log(AccessAction.CREATE, f"outcome record {row.pk}")
    return row
