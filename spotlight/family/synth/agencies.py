"""The agencies on a synthetic family's file: police, the children's school, health, a domestic
abuse service, a programme for him and others, chosen by the children's ages and the file's practice."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from spotlight.cases.domain.casefile import AgencyRecord
from spotlight.family.synth.dates import age_years
from spotlight.family.synth.people import Child
from spotlight.family.synth.phrases import AGENCY_CONTACT, COLLEGES, NURSERIES, PRIMARIES, SECONDARIES
from spotlight.family.synth.truth import DA_SERVICE_WEIGHT, PROGRAMME_AGENCY_WEIGHT
from spotlight.vocabulary import AgencyKind

#: (weight, kind, name) of an agency that may be on the file.
_Candidate = tuple[float, AgencyKind, str]


def _school_and_health(rng: random.Random, ages: Sequence[int], unborn_due: dt.date | None) -> list[_Candidate]:
    candidates: list[_Candidate] = []
    eldest = max(ages)
    if eldest >= 16:
        candidates.append((3.0, AgencyKind.SCHOOL, rng.choice(COLLEGES)))
    elif eldest >= 11:
        candidates.append((4.0, AgencyKind.SCHOOL, rng.choice(SECONDARIES)))
    elif eldest >= 4:
        candidates.append((4.0, AgencyKind.SCHOOL, rng.choice(PRIMARIES)))
    elif eldest >= 2:
        candidates.append((2.5, AgencyKind.SCHOOL, rng.choice(NURSERIES)))
    if min(ages) < 5:
        candidates.append((2.5, AgencyKind.HEALTH, "Northshire Health Visiting Team"))
    elif unborn_due is not None:
        candidates.append((4.0, AgencyKind.HEALTH, "Northshire Maternity Service"))
    else:
        candidates.append((0.8, AgencyKind.HEALTH, "Eastbrook Medical Practice"))
    return candidates


def choose_agencies(
    rng: random.Random, practice: str, children: Sequence[Child], unborn_due: dt.date | None, today: dt.date
) -> list[AgencyRecord]:
    """Two to five agencies, weighted by how likely each is to be involved, in a fixed order."""
    ages = [age_years(c.dob, today) for c in children]
    candidates: list[_Candidate] = [(5.0, AgencyKind.POLICE, "Northshire Police")]
    candidates += _school_and_health(rng, ages, unborn_due)
    candidates.append(
        (
            DA_SERVICE_WEIGHT[practice],
            AgencyKind.DOMESTIC_ABUSE_SERVICE,
            rng.choice(("Northshire Domestic Abuse Service", "Northshire IDVA Service", "Harbour Women's Aid")),
        )
    )
    candidates.append((PROGRAMME_AGENCY_WEIGHT[practice], AgencyKind.PERPETRATOR_PROGRAMME, "Safer Families Programme"))
    candidates.append((0.8, AgencyKind.PROBATION, "Probation Service North"))
    candidates.append((1.0, AgencyKind.HOUSING, "Northshire Housing"))
    if max(ages) >= 11:
        candidates.append((0.6, AgencyKind.MENTAL_HEALTH, "Northshire Child and Adolescent Mental Health Service"))
    candidates.append((0.5, AgencyKind.MENTAL_HEALTH, "Northshire Community Mental Health"))
    candidates.append((0.6, AgencyKind.SUBSTANCE_USE, "Northshire Drug and Alcohol Service"))
    candidates.append((0.4, AgencyKind.CHILDRENS_SOCIAL_CARE, "Northshire Emergency Duty Team"))
    candidates.append((0.15, AgencyKind.ADULT_SOCIAL_CARE, "Northshire Adult Social Care"))
    candidates.append((0.2, AgencyKind.OTHER, "Citizens Advice Northshire"))

    k = rng.randint(2, 5)
    # Weighted sampling without replacement (Efraimidis and Spirakis), kept in list order.
    keyed = sorted(range(len(candidates)), key=lambda i: rng.random() ** (1.0 / candidates[i][0]), reverse=True)
    chosen = sorted(keyed[:k])
    return [
        AgencyRecord(id=f"a{n}", name=candidates[i][2], kind=candidates[i][1], contact=AGENCY_CONTACT[candidates[i][1]])
        for n, i in enumerate(chosen, start=1)
    ]
