"""Writes for risk: the adult survivor's risk identification, the risk review of a person causing harm,
and a safety marker on him. Each takes the `WritableFamily` the write gate hands out, checks everything
(every problem at once, field by field: a question left unanswered is named), works out the result with
the pure domain code, saves atomically and writes the change to the access log: what kind of record and
its id, never its answers or its words.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from spotlight.access.models import AccessAction
from spotlight.cases.gate import WritableFamily
from spotlight.cases.models import Person
from spotlight.clock import local_today
from spotlight.labels import role_labels
from spotlight.risk.domain.casefile import STAFF_RISKS, VISIT_ARRANGEMENTS
from spotlight.risk.domain.checklist import Checklist, default_checklist
from spotlight.risk.domain.his_review import ReviewInvalid, check_review, default_review_items, suggest
from spotlight.risk.domain.marac import Judgement, RiskAnswersInvalid, check_answers, identify, stored_criteria
from spotlight.risk.models import RiskIdentification, RiskReview, SafetyMarker
from spotlight.risk.selectors import last_marac_referral, read_family
from spotlight.vocabulary import Role

#: Form fields are named after the question or item they answer: "q_weapons", "c_weapons" (its comment)
ANSWER_PREFIX, COMMENT_PREFIX = "q_", "c_"


def _person(target: WritableFamily, person_id: int, role: Role, field: str, errors: dict[str, str]) -> Person | None:
    person = Person.objects.filter(family=target.family, pk=person_id, struck_out_at=None).first()
    if person is None:
        errors[field] = "This person is not recorded in this family."
    elif person.role != role:
        errors[field] = (
            f"{person.full_name} is not recorded as the {role_labels().for_role(role).singular} in this family."
        )
    return person if field not in errors else None


def _not_future(errors: dict[str, str], field: str, day: dt.date | None, what: str) -> None:
    if day is not None and day > local_today():
        errors[field] = f"The date {what} must be today or in the past."


def _field(key: str) -> str:
    """A domain problem's key -> the form field it belongs to."""
    return key if key in ("judgement_level", "judgement_reasons", "level", "reasons") else ANSWER_PREFIX + key


def _refuse(errors: dict[str, str], problems: Sequence[tuple[str, str]] = ()) -> ValidationError:
    for key, message in problems:
        errors.setdefault(_field(key), message)
    return ValidationError({field: [message] for field, message in errors.items()})


@dataclasses.dataclass(frozen=True)
class HerWords:
    """What she says, as she said it: what she thinks will happen next, and who she fears most."""

    next: str = ""
    fears_most: str = ""


def risk_identification_record(
    *,
    target: WritableFamily,
    survivor_id: int,
    identified_on: dt.date,
    answers: Mapping[str, str],
    comments: Mapping[str, str],
    her_words: HerWords,
    judgement: Judgement,
    referred_to_marac_on: dt.date | None,
) -> RiskIdentification:
    """Record a risk identification with her. The result (yes count, level, each Marac criterion with its
    reasons) is worked out from her answers, the worker's judgement and every dated incident the record
    holds, and kept as it was on the day."""
    errors: dict[str, str] = {}
    survivor = _person(target, survivor_id, Role.ADULT_SURVIVOR, "survivor", errors)
    _not_future(errors, "identified_on", identified_on, "of the risk identification")
    _not_future(errors, "referred_to_marac_on", referred_to_marac_on, "of the Marac referral")
    if referred_to_marac_on and referred_to_marac_on < identified_on:
        errors["referred_to_marac_on"] = "The Marac referral is made on or after the risk identification."
    checklist = default_checklist()
    if errors or survivor is None:
        problems = _answer_problems(checklist, answers, judgement)
        raise _refuse(errors, problems)
    reading = read_family(target.family, today=identified_on)
    try:
        result = identify(
            checklist,
            answers,
            judgement=judgement,
            incidents=reading.clues.incidents,
            last_referral=last_marac_referral(target.family, survivor, before=identified_on),
            on=identified_on,
        )
    except RiskAnswersInvalid as exc:
        raise _refuse(errors, exc.problems) from exc
    row = RiskIdentification(
        family=target.family,
        survivor=survivor,
        identified_on=identified_on,
        answers={
            q.id: {"answer": answers[q.id], "comment": comments.get(q.id, "").strip()} for q in checklist.questions
        },
        what_she_thinks_will_happen=her_words.next.strip(),
        who_she_fears_most=her_words.fears_most.strip(),
        judgement_level=judgement.level,
        judgement_reasons=judgement.reasons.strip() if judgement.level else "",
        referred_to_marac_on=referred_to_marac_on,
        next_review_on=identified_on + dt.timedelta(days=checklist.review_after_days[result.level]),
        yes_count=result.yes,
        not_known_count=result.not_known,
        answers_level=result.answers_level,
        level=result.level,
        criteria=stored_criteria(result),
        checklist_version=checklist.version,
        recorded_by=target.user,
    )
    with transaction.atomic():
        row.save()
        target.log(AccessAction.CREATE, f"risk identification {row.pk}")
    return row


def _answer_problems(checklist: Checklist, answers: Mapping[str, str], judgement: Judgement) -> list[tuple[str, str]]:
    try:
        check_answers(checklist, answers, judgement)
    except RiskAnswersInvalid as exc:
        return exc.problems
    return []


def risk_review_record(
    *,
    target: WritableFamily,
    person_id: int,
    reviewed_on: dt.date,
    answers: Mapping[str, str],
    comments: Mapping[str, str],
    level: str,
    reasons: str,
) -> RiskReview:
    """Record a review of the risk a person causing harm presents: each item's answer is stored next to
    what Spotlight suggested from the record on the day."""
    errors: dict[str, str] = {}
    person = _person(target, person_id, Role.PERSON_CAUSING_HARM, "person", errors)
    _not_future(errors, "reviewed_on", reviewed_on, "of the review")
    items = default_review_items()
    problems: list[tuple[str, str]] = []
    try:
        check_review(items, answers, level, reasons)
    except ReviewInvalid as exc:
        problems = exc.problems
    if errors or problems or person is None:
        raise _refuse(errors, problems)
    suggested = {
        s.item.id: s.answer for s in suggest(items, read_family(target.family, today=reviewed_on, him=person).clues)
    }
    row = RiskReview(
        family=target.family,
        person=person,
        reviewed_on=reviewed_on,
        items={
            i.id: {"suggested": suggested[i.id], "answer": answers[i.id], "comment": comments.get(i.id, "").strip()}
            for i in items.items
        },
        level=level,
        reasons=reasons.strip(),
        next_review_on=reviewed_on + dt.timedelta(days=items.review_after_days[level]),
        recorded_by=target.user,
    )
    with transaction.atomic():
        row.save()
        target.log(AccessAction.CREATE, f"risk review {row.pk}")
    return row


def safety_marker_fill(
    target: WritableFamily,
    marker: SafetyMarker,
    *,
    person_id: int,
    risks: Sequence[str],
    arrangements: Sequence[str],
    details: str,
    set_on: dt.date,
    review_on: dt.date | None,
) -> None:
    """Checks and sets a safety marker (a new one, or a correction of one)."""
    errors: dict[str, str] = {}
    person = _person(target, person_id, Role.PERSON_CAUSING_HARM, "person", errors)
    unknown = [r for r in risks if r not in STAFF_RISKS] + [a for a in arrangements if a not in VISIT_ARRANGEMENTS]
    if unknown:
        errors["risks"] = f"Not a choice on this form: {', '.join(unknown)}."
    elif not risks and not arrangements:
        errors["risks"] = "Say what the risk to staff is, or how visits must be arranged (or both)."
    _not_future(errors, "set_on", set_on, "the marker was set")
    if review_on is not None and review_on < set_on:
        errors["review_on"] = "The review date must be on or after the date the marker was set."
    if errors or person is None:
        raise _refuse(errors)
    marker.person, marker.risks, marker.arrangements = person, list(risks), list(arrangements)
    marker.details, marker.set_on, marker.review_on = details.strip(), set_on, review_on


def safety_marker_set(
    *,
    target: WritableFamily,
    person_id: int,
    risks: Sequence[str],
    arrangements: Sequence[str],
    details: str,
    set_on: dt.date,
    review_on: dt.date | None,
) -> SafetyMarker:
    """Set a safety marker on a person causing harm: shown wherever he is named, to staff who may read the family."""
    marker = SafetyMarker(family=target.family, set_by=target.user)
    safety_marker_fill(
        target,
        marker,
        person_id=person_id,
        risks=risks,
        arrangements=arrangements,
        details=details,
        set_on=set_on,
        review_on=review_on,
    )
    with transaction.atomic():
        marker.save()
        target.log(AccessAction.CREATE, f"safety marker {marker.pk}")
    return marker
