"""Reads for outcomes: who in a family can answer (and what they have answered, occasion by occasion,
kept apart), and a family's records as the cohort report reads them. Callers pass families that came
through the read gate."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from spotlight.cases.models import Family, Person
from spotlight.labels import role_labels
from spotlight.outcomes.domain.cohort import OutcomeRecord
from spotlight.outcomes.domain.measures import OutcomeMeasures, default_measures
from spotlight.outcomes.models import Outcome
from spotlight.vocabulary import Role

#: Children from this age answer their own questions (in words for their age); younger children's
#: outcomes are in the worker's and the survivor's answers about the children
CHILD_ANSWERS_FROM = 8
#: respondent -> the role of the person whose answers they are
ROLE_OF = {"survivor": Role.ADULT_SURVIVOR, "child": Role.CHILD, "person_causing_harm": Role.PERSON_CAUSING_HARM}


@dataclass
class Respondent:
    """Someone who answers the outcome measures in a family, and what they have answered."""

    respondent: str
    label: str
    person: Person | None
    rows: list[Outcome] = field(default_factory=list)

    @property
    def query(self) -> str:
        return f"respondent={self.respondent}" + (f"&person={self.person.pk}" if self.person else "")


def _age(born: dt.date | None, today: dt.date) -> int | None:
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def respondents(family: Family, *, today: dt.date, measures: OutcomeMeasures | None = None) -> list[Respondent]:
    """Who answers in this family, his first (his answers where he is on a programme), then hers, each child
    old enough to answer, and the worker; each with their records, oldest first."""
    measures = measures or default_measures()
    labels = {r.id: r.label for r in measures.respondents}
    words = role_labels()
    people = list(Person.objects.filter(family=family, struck_out_at=None).order_by("id"))
    found: list[Respondent] = []
    for respondent in ("person_causing_harm", "survivor", "child"):
        if respondent not in labels:
            continue
        for person in (p for p in people if p.role == ROLE_OF[respondent]):
            age = _age(person.date_of_birth, today)
            if respondent == "child" and (age is None or age < CHILD_ANSWERS_FROM):
                continue
            role = words.for_role(person.role).singular
            suffix = f", {age}" if respondent == "child" else ""
            found.append(Respondent(respondent, f"{person.full_name} ({role}{suffix})", person))
    if "worker" in labels:
        found.append(Respondent("worker", "The worker's view", None))
    rows = Outcome.objects.filter(family=family, struck_out_at=None).order_by("recorded_on", "id")
    for row in rows:
        for r in found:
            if r.respondent == row.respondent and (r.person.pk if r.person else None) == row.person_id:
                r.rows.append(row)
    return found


def respondent_for(family: Family, respondent: str, person_id: str, *, today: dt.date) -> Respondent | None:
    """The respondent the address names (``?respondent=child&person=12``), if the family has them."""
    for r in respondents(family, today=today):
        if r.respondent == respondent and str(r.person.pk if r.person else "") == person_id:
            return r
    return None


def cohort_records(families: Iterable[Family], group_of: dict[int, str] | None = None) -> list[OutcomeRecord]:
    """The families' outcome records as the cohort report reads them (``group_of``: family id -> its group)."""
    rows = Outcome.objects.filter(family__in=families, struck_out_at=None).order_by("id")
    return [
        OutcomeRecord(
            family=str(row.family_id),
            respondent=row.respondent,
            occasion=row.occasion,
            on=row.recorded_on,
            scores=dict(row.scores),
            abuse=dict(row.abuse),
            person=str(row.person_id or ""),
            group=(group_of or {}).get(row.family_id, ""),
        )
        for row in rows
    ]
