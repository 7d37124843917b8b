"""One synthetic family's file while it is written: its people and agencies, its practice level,
and the family's own random stream, which every part of the file draws from in a fixed order."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from spotlight.cases.domain.casefile import AgencyRecord
from spotlight.family.synth.people import Child, Harm, People
from spotlight.vocabulary import AgencyKind


@dataclass
class FamilyFile:
    rng: random.Random
    today: dt.date
    #: the day the case opened.
    start: dt.date
    practice: str
    worker: str | None
    people: People
    agencies: tuple[AgencyRecord, ...]
    #: note templates this family has used, to avoid repeating them.
    used: set[str] = field(default_factory=set)
    #: each sentence (or act) written from a template: the template, and the child it was about
    #: (their name as written, or ""), so that the truth can cover what the notes tell (see `told`)
    written: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: each sentence (or act) written about one person causing harm: his person id (see `risk`)
    whose: dict[str, str] = field(default_factory=dict)
    #: each sentence (or an incident's opening) that names a day: its template and the day it names,
    #: so that the truth knows which incidents the notes date (see `risk`)
    dated: dict[str, tuple[str, dt.date]] = field(default_factory=dict)
    #: the first agency of each kind.
    agency_by_kind: dict[AgencyKind, AgencyRecord] = field(init=False)

    def __post_init__(self) -> None:
        self.agency_by_kind = {}
        for a in self.agencies:
            self.agency_by_kind.setdefault(a.kind, a)

    @property
    def children(self) -> tuple[Child, ...]:
        return self.people.children

    @property
    def harms(self) -> tuple[Harm, ...]:
        return self.people.harms

    def born(self, on: dt.date) -> list[Child]:
        return [c for c in self.people.children if c.dob <= on]
