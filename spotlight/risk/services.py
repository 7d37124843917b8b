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


@dataclasses.dataclass(frozen=True)
class IdentificationGiven:
    """What a worker gives for a risk identification (from its form, new or corrected)."""

    survivor_id: int
    identified_on: dt.date
    answers: Mapping[str, str]
    comments: Mapping[str, str]
    her_words: HerWords = HerWords()
    judgement: Judgement = Judgement()
    referred_to_marac_on: dt.date | None = None


def risk_identification_fill(target: WritableFamily, row: RiskIdentification, given: IdentificationGiven) -> None:
    """Checks a risk identification (a new one, or a correction of one) and sets it with its result: the
    yes count, the level and each Marac criterion with its reasons, worked out from her answers, the
    worker's judgement and every dated incident the record holds on the day."""
    errors: dict[str, str] = {}
    survivor = _person(target, given.survivor_id, Role.ADULT_SURVIVOR, "person", errors)
    day, referred = given.identified_on, given.referred_to_marac_on
    _not_future(errors, "identified_on", day, "of the risk identification")
    _not_future(errors, "referred_to_marac_on", referred, "of the Marac referral")
    if referred and referred < day:
        errors["referred_to_marac_on"] = "The Marac referral is made on or after the risk identification."
    checklist = default_checklist()
    if errors or survivor is None:
        raise _refuse(errors, _answer_problems(checklist, given.answers, given.judgement))
    incidents = read_family(target.family, today=day).clues.incidents
    last = last_marac_referral(target.family, survivor, before=day, besides=row.pk)
    try:
        result = identify(
            checklist, given.answers, judgement=given.judgement, incidents=incidents, last_referral=last, on=day
        )
    except RiskAnswersInvalid as exc:
        raise _refuse(errors, exc.problems) from exc
    row.survivor, row.identified_on, row.referred_to_marac_on = survivor, day, referred
    row.answers = {
        q.id: {"answer": given.answers[q.id], "comment": given.comments.get(q.id, "").strip()}
        for q in checklist.questions
    }
    row.what_she_thinks_will_happen = given.her_words.next.strip()
    row.who_she_fears_most = given.her_words.fears_most.strip()
    row.judgement_level = given.judgement.level
    row.judgement_reasons = given.judgement.reasons.strip() if given.judgement.level else ""
    row.next_review_on = day + dt.timedelta(days=checklist.review_after_days[result.level])
    row.yes_count, row.not_known_count = result.yes, result.not_known
    row.answers_level, row.level, row.criteria = result.answers_level, result.level, stored_criteria(result)
    row.checklist_version = checklist.version


def risk_identification_record(*, target: WritableFamily, given: IdentificationGiven) -> RiskIdentification:
    """Record a risk identification with her; its result is kept as it was worked out on the day."""
    row = RiskIdentification(family=target.family, recorded_by=target.user)
    risk_identification_fill(target, row, given)
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


@dataclasses.dataclass(frozen=True)
class ReviewGiven:
    """What a worker gives for a risk review of him (from its form, new or corrected)."""

    person_id: int
    reviewed_on: dt.date
    answers: Mapping[str, str]
    comments: Mapping[str, str]
    level: str
    reasons: str


def risk_review_fill(target: WritableFamily, row: RiskReview, given: ReviewGiven) -> None:
    """Checks a review of the risk a person causing harm presents (a new one, or a correction) and sets
    it: each item's answer next to what Spotlight suggested from the record on the day."""
    errors: dict[str, str] = {}
    person = _person(target, given.person_id, Role.PERSON_CAUSING_HARM, "person", errors)
    _not_future(errors, "reviewed_on", given.reviewed_on, "of the review")
    items = default_review_items()
    problems: list[tuple[str, str]] = []
    try:
        check_review(items, given.answers, given.level, given.reasons)
    except ReviewInvalid as exc:
        problems = exc.problems
    if errors or problems or person is None:
        raise _refuse(errors, problems)
    clues = read_family(target.family, today=given.reviewed_on, him=person).clues
    suggested = {s.item.id: s.answer for s in suggest(items, clues)}
    row.person, row.reviewed_on, row.level, row.reasons = person, given.reviewed_on, given.level, given.reasons.strip()
    row.items = {
        i.id: {
            "suggested": suggested[i.id],
            "answer": given.answers[i.id],
            "comment": given.comments.get(i.id, "").strip(),
        }
        for i in items.items
    }
    row.next_review_on = given.reviewed_on + dt.timedelta(days=items.review_after_days[given.level])


def risk_review_record(*, target: WritableFamily, given: ReviewGiven) -> RiskReview:
    """Record a review of the risk a person causing harm presents."""
    row = RiskReview(family=target.family, recorded_by=target.user)
    risk_review_fill(target, row, given)
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
