"""The people in a synthetic family: who causes harm, the adult survivor, the children, perhaps an
unborn baby and a grandparent; their households and how they are related."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from spotlight.cases.domain.casefile import HouseholdRecord, PersonRecord, RelationshipRecord
from spotlight.family.synth.dates import years_before
from spotlight.family.synth.names import NamePools, pick_name
from spotlight.vocabulary import RelationshipKind, Role


@dataclass(frozen=True)
class Child:
    pid: str
    given: str
    dob: dt.date
    female: bool


@dataclass(frozen=True)
class Harm:
    """A person causing harm: the children's father, or her current or former partner."""

    pid: str
    given: str
    family: str
    is_father: bool
    current: bool
    lives_with_her: bool
    step: bool


@dataclass(frozen=True)
class Grandparent:
    pid: str
    given: str
    family: str
    female: bool


@dataclass(frozen=True)
class People:
    """Who is in the family, before anything is written about them."""

    #: "together", "separated" (from the children's father), "new_partner", or "two" (a new partner and the father).
    scenario: str
    harms: tuple[Harm, ...]
    mother_pid: str
    mother_given: str
    mother_surname: str
    #: whether her surname is none of his names, so that notes that leave him out may use it.
    mother_safe_surname: bool
    maiden: str
    children_surname: str
    children: tuple[Child, ...]
    unborn_due: dt.date | None
    unborn_pid: str | None
    gran: Grandparent | None


def _people_causing_harm(rng: random.Random, pools: NamePools, scenario: str) -> tuple[list[Harm], str]:
    """Him (and, when there are two, the children's father), and the father's surname."""
    harms: list[Harm] = []
    father_surname = pick_name(rng, pools.family, set())
    if scenario in ("together", "separated"):
        given = pick_name(rng, pools.male, {father_surname.lower()})
        together = scenario == "together"
        harms.append(Harm("p1", given, father_surname, True, together, together, False))
    else:
        lives = rng.random() < 0.7
        partner_surname = pick_name(rng, pools.family, {father_surname.lower()})
        given = pick_name(rng, pools.male, {father_surname.lower(), partner_surname.lower()})
        harms.append(Harm("p1", given, partner_surname, False, True, lives, lives and rng.random() < 0.35))
        if scenario == "two":
            given2 = pick_name(rng, pools.male, {father_surname.lower(), partner_surname.lower(), given.lower()})
            harms.append(Harm("p2", given2, father_surname, True, False, False, False))
    return harms, father_surname


def _children(
    rng: random.Random, pools: NamePools, today: dt.date, start: dt.date, avoid: set[str], people_n: int
) -> list[Child]:
    """The children, eldest first: the eldest was born by the time the case opened."""
    earliest = years_before(today, 18) + dt.timedelta(days=1)
    eldest = earliest + dt.timedelta(days=rng.randint(0, (start - earliest).days))
    wanted = rng.choices((1, 2, 3, 4), weights=(35, 35, 20, 10))[0]
    dobs = [eldest]
    while len(dobs) < wanted:
        nxt = dobs[-1] + dt.timedelta(days=rng.randint(320, 2200))
        if nxt > today:
            break
        dobs.append(nxt)
    children: list[Child] = []
    for born_on in dobs:
        female = rng.random() < 0.5
        given = pick_name(rng, pools.female if female else pools.male, avoid)
        avoid.add(given.lower())
        people_n += 1
        children.append(Child(f"p{people_n}", given, born_on, female))
    return children


def draw_people(rng: random.Random, pools: NamePools, today: dt.date, start: dt.date) -> People:
    """The family's people. People causing harm come first, so that everyone else can be kept
    clear of their names."""
    scenario = rng.choices(("together", "separated", "new_partner", "two"), weights=(35, 35, 20, 10))[0]
    harms, father_surname = _people_causing_harm(rng, pools, scenario)
    his_tokens: set[str] = set()
    for h in harms:
        his_tokens.update((h.given.lower(), h.family.lower()))

    avoid = set(his_tokens)
    maiden = pick_name(rng, pools.family, avoid)
    avoid.add(maiden.lower())
    if any(h.is_father for h in harms):
        mother_surname = father_surname if rng.random() < 0.55 else maiden
        children_surname = father_surname if rng.random() < 0.8 else mother_surname
    else:
        mother_surname = maiden
        children_surname = maiden
    mother_given = pick_name(rng, pools.female, avoid)
    avoid.add(mother_given.lower())

    children = _children(rng, pools, today, start, avoid, len(harms) + 1)
    people_n = len(harms) + 1 + len(children)
    unborn_due: dt.date | None = None
    unborn_pid: str | None = None
    if rng.random() < 0.05:
        unborn_due = today + dt.timedelta(days=rng.randint(31, 243))
        people_n += 1
        unborn_pid = f"p{people_n}"
    gran: Grandparent | None = None
    if rng.random() < 0.22:
        female = rng.random() < 0.8
        given = pick_name(rng, pools.female if female else pools.male, avoid)
        avoid.add(given.lower())
        people_n += 1
        gran = Grandparent(f"p{people_n}", given, maiden, female)
    return People(
        scenario=scenario,
        harms=tuple(harms),
        mother_pid=f"p{len(harms) + 1}",
        mother_given=mother_given,
        mother_surname=mother_surname,
        mother_safe_surname=mother_surname.lower() not in his_tokens,
        maiden=maiden,
        children_surname=children_surname,
        children=tuple(children),
        unborn_due=unborn_due,
        unborn_pid=unborn_pid,
        gran=gran,
    )


def households(rng: random.Random, people: People) -> tuple[list[HouseholdRecord], dict[str, str | None]]:
    """Hers, and his when he lives elsewhere; and the household of each person causing harm."""
    records = [HouseholdRecord(id="h1", name=f"{people.mother_given} {people.mother_surname} and the children")]
    living_apart = [h for h in people.harms if not h.lives_with_her]
    if living_apart and (people.scenario != "new_partner" or rng.random() < 0.6):
        elsewhere = living_apart[-1]
        records.append(HouseholdRecord(id="h2", name=f"{elsewhere.given} {elsewhere.family}'s address"))
    his_household = {h.pid: ("h1" if h.lives_with_her else None) for h in people.harms}
    if len(records) == 2:
        his_household[living_apart[-1].pid] = "h2"
    return records, his_household


def person_records(rng: random.Random, people: People, his_household: dict[str, str | None]) -> list[PersonRecord]:
    """Everyone's record, with dates of birth drawn around the eldest child's."""
    records: list[PersonRecord] = []
    mother_dob = years_before(people.children[0].dob, rng.randint(17, 36)) - dt.timedelta(days=rng.randint(0, 364))
    for h in people.harms:
        dob: dt.date | None = None
        if rng.random() < 0.92:
            dob = mother_dob + dt.timedelta(days=rng.randint(-9 * 365, 3 * 365))
        records.append(
            PersonRecord(
                id=h.pid,
                role=Role.PERSON_CAUSING_HARM,
                given_name=h.given,
                family_name=h.family,
                date_of_birth=dob,
                household=his_household[h.pid],
            )
        )
    records.append(
        PersonRecord(
            id=people.mother_pid,
            role=Role.ADULT_SURVIVOR,
            given_name=people.mother_given,
            family_name=people.mother_surname,
            date_of_birth=mother_dob,
            household="h1",
        )
    )
    records.extend(_child_and_other_records(rng, people, mother_dob))
    return records


def _child_and_other_records(rng: random.Random, people: People, mother_dob: dt.date) -> list[PersonRecord]:
    records = [
        PersonRecord(
            id=c.pid,
            role=Role.CHILD,
            given_name=c.given,
            family_name=people.children_surname,
            date_of_birth=c.dob,
            household="h1",
        )
        for c in people.children
    ]
    if people.unborn_pid is not None:
        records.append(
            PersonRecord(
                id=people.unborn_pid,
                role=Role.CHILD,
                given_name="Unborn baby",
                family_name=people.mother_surname,
                expected_date_of_birth=people.unborn_due,
            )
        )
    gran = people.gran
    if gran is not None:
        gran_dob = years_before(mother_dob, rng.randint(18, 32)) - dt.timedelta(days=rng.randint(0, 364))
        records.append(
            PersonRecord(
                id=gran.pid,
                role=Role.OTHER_ADULT,
                given_name=gran.given,
                family_name=gran.family,
                date_of_birth=gran_dob,
                household="h1" if rng.random() < 0.3 else None,
            )
        )
    return records


def relationships(people: People) -> list[RelationshipRecord]:
    rels: list[RelationshipRecord] = []

    def rel(a: str, b: str, kind: RelationshipKind) -> None:
        rels.append(RelationshipRecord.model_validate({"from": a, "to": b, "kind": kind}))

    mother = people.mother_pid
    for h in people.harms:
        rel(h.pid, mother, RelationshipKind.PARTNER if h.current else RelationshipKind.FORMER_PARTNER)
        for c in people.children:
            if h.is_father:
                kind = RelationshipKind.PARENT
            elif h.step:
                kind = RelationshipKind.STEP_PARENT
            elif h.lives_with_her:
                kind = RelationshipKind.MOTHERS_PARTNER
            else:
                kind = RelationshipKind.OTHER
            rel(h.pid, c.pid, kind)
    for c in people.children:
        rel(mother, c.pid, RelationshipKind.PARENT)
    if people.unborn_pid is not None:
        rel(mother, people.unborn_pid, RelationshipKind.PARENT)
        rel(people.harms[0].pid, people.unborn_pid, RelationshipKind.PARENT)
    if people.gran is not None:
        for c in people.children:
            rel(people.gran.pid, c.pid, RelationshipKind.GRANDPARENT)
    return rels
