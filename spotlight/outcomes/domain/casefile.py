"""Outcomes' part of the case-file format: each family's outcome records, one per respondent per occasion
(the adult survivor's, each child's, the worker's and, where he is on a programme, his), with the answer to
each measure and, from her and the worker, the abuse checklist. Pure Python (pydantic, no Django); every
field is optional, so files written before outcomes existed still read. Measure and abuse ids are checked
against the outcome measures in use."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Literal

from pydantic import Field

from spotlight.cases.domain.casefile import (
    Identifier,
    LongText,
    PersonRecord,
    Record,
    Report,
    check_person,
    check_unique_ids,
)
from spotlight.outcomes.domain.measures import default_measures
from spotlight.vocabulary import Role

Respondent = Literal["survivor", "child", "worker", "person_causing_harm"]
#: Whose answers a respondent's record must name: the person of that role in the family (the worker names nobody)
RESPONDENT_ROLE = {
    "survivor": Role.ADULT_SURVIVOR,
    "child": Role.CHILD,
    "person_causing_harm": Role.PERSON_CAUSING_HARM,
}


class OutcomeRecordRecord(Record):
    id: Identifier
    respondent: Respondent
    #: whose answers (the survivor, the child, him); none for the worker's
    person: Identifier | None = None
    occasion: Identifier
    recorded_on: dt.date
    #: measure id -> the answer's value on its scale
    scores: dict[Identifier, int] = Field(default_factory=dict)
    #: abuse kind -> yes, no or not_known
    abuse: dict[Identifier, Literal["yes", "no", "not_known"]] = Field(default_factory=dict)
    comment: LongText = ""


class OutcomesPart(Record):
    outcomes: tuple[OutcomeRecordRecord, ...] = ()


def check_outcomes_part(part: OutcomesPart, *, people: Mapping[str, PersonRecord], err: Report, today: dt.date) -> None:
    """People of the right role, occasions, measures and abuse kinds from the measures in use, answers on
    each measure's scale, no date in the future."""
    if not part.outcomes:
        return
    measures = default_measures()
    occasions = {o.id for o in measures.occasions}
    abuse = {a.id for a in measures.abuse_checklist}
    check_unique_ids(err, "outcomes", [o.id for o in part.outcomes])
    for i, o in enumerate(part.outcomes):
        at = f"outcomes[{i}]"
        role = RESPONDENT_ROLE.get(o.respondent)
        if role is None:
            if o.person is not None:
                err(f"{at}.person", "the worker's answers name no person")
        elif o.person is None:
            err(f"{at}.person", f"say whose answers these are (a person of role {role.value})")
        else:
            check_person(err, people, f"{at}.person", o.person, role)
        if o.occasion not in occasions:
            err(f"{at}.occasion", f'"{o.occasion}" is not an occasion of the outcome measures')
        if o.recorded_on > today:
            err(f"{at}.recorded_on", f"date {o.recorded_on.isoformat()} is in the future")
        for measure_id, value in o.scores.items():
            measure = measures.measure(measure_id)
            if measure is None:
                err(f"{at}.scores.{measure_id}", f'"{measure_id}" is not one of the outcome measures')
            elif o.respondent not in measure.asks:
                err(f"{at}.scores.{measure_id}", f"this measure is not asked of the {o.respondent.replace('_', ' ')}")
            elif value not in {p.value for p in measures.points(measure)}:
                err(f"{at}.scores.{measure_id}", f"{value} is not a point on the measure's scale")
        for kind in o.abuse:
            if kind not in abuse:
                err(f"{at}.abuse.{kind}", f'"{kind}" is not a kind of abuse on the checklist')
