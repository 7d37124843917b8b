"""Risk's part of the case-file format: the adult survivor's risk identifications (her checklist's
answers, her own words, professional judgement, a Marac referral), the risk reviews of each person
causing harm (each item's suggestion beside the worker's answer), and safety markers for staff. Pure
Python (pydantic, no Django). Every field is optional, so files written before risk existed still read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Literal

from spotlight.cases.domain.casefile import (
    Identifier,
    LongText,
    PersonRecord,
    Record,
    Report,
    check_person,
    check_unique_ids,
)
from spotlight.vocabulary import Role

Answer = Literal["yes", "no", "not_known"]
Level = Literal["standard", "medium", "high"]

#: What a safety marker says of the risk to staff, and how visits are arranged
STAFF_RISKS = {
    "threats_to_staff": "Threats to professionals",
    "violence_to_staff": "Violence towards professionals",
    "weapons": "Weapons in the home or carried",
    "dogs": "Dogs",
    "others_in_home": "Other people in the home who pose a risk",
}
VISIT_ARRANGEMENTS = {
    "joint_visits": "Joint visits only",
    "office_only": "Office appointments only",
    "police_present": "Police present",
}


class RiskAnswerRecord(Record):
    question: Identifier
    answer: Answer
    comment: LongText = ""


class RiskIdentificationRecord(Record):
    id: Identifier
    survivor: Identifier
    identified_on: dt.date
    answers: tuple[RiskAnswerRecord, ...]
    #: her own words, as she said them
    what_she_thinks_will_happen: LongText = ""
    who_she_fears_most: LongText = ""
    judgement_level: Level | None = None
    judgement_reasons: LongText = ""
    referred_to_marac_on: dt.date | None = None
    next_review_on: dt.date | None = None


class ReviewItemRecord(Record):
    item: Identifier
    #: what Spotlight suggested from the record, and the worker's answer
    suggested: Answer
    answer: Answer
    comment: LongText = ""


class RiskReviewRecord(Record):
    id: Identifier
    person: Identifier
    reviewed_on: dt.date
    items: tuple[ReviewItemRecord, ...]
    level: Level
    reasons: LongText
    next_review_on: dt.date | None = None


class SafetyMarkerRecord(Record):
    id: Identifier
    person: Identifier
    risks: tuple[Literal["threats_to_staff", "violence_to_staff", "weapons", "dogs", "others_in_home"], ...]
    arrangements: tuple[Literal["joint_visits", "office_only", "police_present"], ...] = ()
    details: LongText = ""
    set_on: dt.date
    review_on: dt.date | None = None


class RiskPart(Record):
    risk_identifications: tuple[RiskIdentificationRecord, ...] = ()
    risk_reviews: tuple[RiskReviewRecord, ...] = ()
    safety_markers: tuple[SafetyMarkerRecord, ...] = ()


def check_risk_part(part: RiskPart, *, people: Mapping[str, PersonRecord], err: Report, today: dt.date) -> None:
    """People of the right role, no question or item answered twice, no date in the future."""

    def not_future(field: str, day: dt.date | None) -> None:
        if day is not None and day > today:
            err(field, f"date {day.isoformat()} is in the future")

    def once_each(field: str, ids: list[str]) -> None:
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            err(field, f"answered twice: {', '.join(twice)}")

    check_unique_ids(err, "risk_identifications", [x.id for x in part.risk_identifications])
    for i, ident in enumerate(part.risk_identifications):
        at = f"risk_identifications[{i}]"
        check_person(err, people, f"{at}.survivor", ident.survivor, Role.ADULT_SURVIVOR)
        not_future(f"{at}.identified_on", ident.identified_on)
        not_future(f"{at}.referred_to_marac_on", ident.referred_to_marac_on)
        once_each(f"{at}.answers", [a.question for a in ident.answers])
        if ident.judgement_level and not ident.judgement_reasons:
            err(f"{at}.judgement_reasons", "professional judgement needs its reasons")
    check_unique_ids(err, "risk_reviews", [x.id for x in part.risk_reviews])
    for i, review in enumerate(part.risk_reviews):
        at = f"risk_reviews[{i}]"
        check_person(err, people, f"{at}.person", review.person, Role.PERSON_CAUSING_HARM)
        not_future(f"{at}.reviewed_on", review.reviewed_on)
        once_each(f"{at}.items", [item.item for item in review.items])
        if not review.reasons:
            err(f"{at}.reasons", "a review needs the reasons for its judgement")
    check_unique_ids(err, "safety_markers", [x.id for x in part.safety_markers])
    for i, marker in enumerate(part.safety_markers):
        at = f"safety_markers[{i}]"
        check_person(err, people, f"{at}.person", marker.person, Role.PERSON_CAUSING_HARM)
        not_future(f"{at}.set_on", marker.set_on)
        if not marker.risks and not marker.arrangements:
            err(f"{at}.risks", "say what the risk to staff is, or how visits are arranged")
