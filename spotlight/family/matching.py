"""Matching a family's people to programmes and services (the directory, `pattern.domain.directory`):
for the person causing harm, every programme eligible, not eligible or needing more information, with its
reasons from his record; the same for the adult survivor's support and each child's. In the family layer
because it reads the pattern map, the risk records and the people together."""

from __future__ import annotations

import dataclasses

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from spotlight.access import policy
from spotlight.cases.gate import family_for_read
from spotlight.cases.models import Family, Person, Relationship
from spotlight.clock import local_today
from spotlight.pattern.domain.casefile import RELATIONSHIP_PRIOR
from spotlight.pattern.domain.catalogue import default_catalogue
from spotlight.pattern.domain.directory import Match, Record, age_on, ages, default_directory, matches
from spotlight.pattern.models import BehaviourEntry
from spotlight.risk.models import RiskIdentification, RiskReview
from spotlight.ui.requests import staff_user
from spotlight.vocabulary import Role

#: Relationships that make him a father or carer of a child in the family
_CARER = ("parent", "step_parent", "mothers_partner")


def his_record(family: Family, him: Person) -> Record:
    """What matching reads of his record: his latest risk review's level, coercive control and earlier
    victims on his map, whether he is a father or carer here, a pregnancy, the children's ages."""
    today = local_today()
    people = list(Person.objects.filter(family=family, struck_out_at=None))
    review = RiskReview.objects.filter(family=family, person=him, struck_out_at=None).order_by("-reviewed_on").first()
    control = {k.id for g in default_catalogue().behaviours if g.id == "control" for k in g.kinds}
    entries = BehaviourEntry.objects.filter(family=family, person=him, struck_out_at=None)
    carer = Relationship.objects.filter(
        family=family, from_person=him, kind__in=_CARER, to_person__role=Role.CHILD, struck_out_at=None
    ).exists()
    level = review.level if review else None
    return Record(
        risk_level=level,
        coercive_control=entries.filter(kind__in=control).exists(),
        pregnancy=any(p.role == Role.CHILD and p.expected_date_of_birth for p in people),
        children_ages=ages([p.date_of_birth for p in people if p.role == Role.CHILD], today),
        father_or_carer=carer,
        high_harm=level == "high" or entries.filter(relationship=RELATIONSHIP_PRIOR).exists(),
    )


def her_level(family: Family, survivor: Person) -> str | None:
    latest = (
        RiskIdentification.objects.filter(family=family, survivor=survivor, struck_out_at=None)
        .order_by("-identified_on")
        .first()
    )
    return latest.level if latest else None


@require_GET
def programme_matches(request: HttpRequest, family_id: int) -> HttpResponse:
    user = staff_user(request)
    family = family_for_read(user, family_id, what="programme matching")
    directory = default_directory()
    today = local_today()
    people = list(Person.objects.filter(family=family, struck_out_at=None).order_by("id"))
    sections: list[tuple[Person, list[Match]]] = []
    for him in (p for p in people if p.role == Role.PERSON_CAUSING_HARM):
        sections.append((him, matches(directory, "person_causing_harm", his_record(family, him))))
    for her in (p for p in people if p.role == Role.ADULT_SURVIVOR):
        sections.append((her, matches(directory, "adult_survivor", Record(risk_level=her_level(family, her)))))
    for child in (p for p in people if p.role == Role.CHILD and p.date_of_birth):
        age = age_on(child.date_of_birth, today) if child.date_of_birth else None
        sections.append((child, matches(directory, "child", Record(age=age))))
    words = family.words  # the reasons in this family's words: each person's recorded pronouns
    sections = [
        (person, [dataclasses.replace(m, reasons=tuple(words.say(r) for r in m.reasons)) for m in found])
        for person, found in sections
    ]
    context = {"family": family, "sections": sections, "can_write": policy.may_change_record(user)}
    return render(request, "family/programme_matches.html", context)
