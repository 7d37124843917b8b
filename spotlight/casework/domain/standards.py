"""The contact standards: how often a child on each kind of plan must be seen, and how often the person
causing harm must be contacted, as a YAML file an authority can replace (`SPOTLIGHT_CONTACT_STANDARDS`).
Pure, no Django: the command line can read it, and the database's due dates are checked against
`Interval.due_after`.

A period is written "N working days" (Monday to Friday), "N days" or "N weeks". Bank holidays are not
skipped: working days are Monday to Friday.

When a visit falls due: the period after the later of the day the person was last seen (or contacted)
and the day the standard began to apply to them (the plan's start for a child; the day the family's
record was opened for him). Never seen since then: due the period after that start.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import Field, PlainValidator, model_validator

from spotlight.datafiles import DATA_DIR, DataFileInvalid, in_use, load_model_with_lines
from spotlight.datamodels import Identifier, StrictModel, Text

DEFAULT_STANDARDS_PATH = DATA_DIR / "contact_standards.yaml"
STANDARDS_ENV = "SPOTLIGHT_CONTACT_STANDARDS"

#: The key under which his standard is found among the plans' (a plan id cannot contain a colon).
HIM = ":person_causing_harm"
#: Day numbers count days from this date (a Thursday), so the database and Python agree on them.
EPOCH = dt.date(1970, 1, 1)
#: The longest period a standard may set: a year.
MAX_DAYS = 366
MAX_WORKING_DAYS = 261

_PERIOD = re.compile(r"^\s*(\d{1,4})\s+(working\s+days?|days?|weeks?)\s*$", re.IGNORECASE)
_HOW_TO_WRITE = "write it as “N working days”, “N days” or “N weeks”, for example “10 working days”"


@dataclass(frozen=True)
class Interval:
    """A period in a contact standard: `count` working days (Monday to Friday) or calendar days."""

    count: int
    working_days: bool
    text: str  # as the file wrote it, tidied: "10 working days", "4 weeks"

    def offset_from(self, weekday: int) -> int:
        """Calendar days from a day of this weekday (Monday 0 ... Sunday 6) to the day the period ends."""
        if not self.working_days:
            return self.count
        days = counted = 0
        while counted < self.count:
            days += 1
            if (weekday + days) % 7 < 5:
                counted += 1
        return days

    def due_after(self, day: dt.date) -> dt.date:
        """The day the period after `day` ends: "10 working days" after a Friday is the Friday a fortnight on."""
        return day + dt.timedelta(days=self.offset_from(day.weekday()))


def parse_interval(value: object) -> Interval:
    """ "10 working days", "28 days", "4 weeks" -> an Interval; anything else -> ValueError saying how to write it."""
    if not isinstance(value, str):
        raise ValueError(f"“{value}” is not a period: {_HOW_TO_WRITE}")
    match = _PERIOD.match(value)
    if match is None:
        raise ValueError(f"“{value}” is not a period: {_HOW_TO_WRITE}")
    number, unit = int(match.group(1)), " ".join(match.group(2).lower().split())
    working = unit.startswith("working")
    days = number * 7 if unit.startswith("week") else number
    if number < 1:
        raise ValueError(f"“{value}” is not a period: it must be at least 1 day")
    if days > (MAX_WORKING_DAYS if working else MAX_DAYS):
        raise ValueError(f"“{value}” is longer than a year: a contact standard must be a year or less")
    plural = "" if number == 1 else "s"
    text = f"{number} working day{plural}" if working else f"{number} {unit.rstrip('s')}{plural}"
    return Interval(count=days, working_days=working, text=text)


def _optional_interval(value: object) -> Interval | None:
    return None if value is None else parse_interval(value)


Period = Annotated[Interval, PlainValidator(parse_interval)]
OptionalPeriod = Annotated[Interval | None, PlainValidator(_optional_interval)]


class PlanStandard(StrictModel):
    """A child's plan status and how often a child with it must be seen (none: nothing falls due)."""

    id: Identifier
    label: Text
    seen_every: OptionalPeriod = None


class HisStandard(StrictModel):
    contacted_every: Period


class ContactStandards(StrictModel):
    version: int = Field(ge=1)
    #: the plan statuses a child can have, in the order a form offers them
    children: tuple[PlanStandard, ...] = Field(min_length=1)
    #: how often the person causing harm must be contacted (leave it out for no standard)
    person_causing_harm: HisStandard | None = None

    @model_validator(mode="after")
    def _unique_ids(self) -> ContactStandards:
        ids = [p.id for p in self.children]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"children: the same plan status id is used twice: {', '.join(duplicates)}")
        return self

    def plan(self, plan_id: str) -> PlanStandard | None:
        return next((p for p in self.children if p.id == plan_id), None)

    def plan_label(self, plan_id: str) -> str:
        """The plan's label; an id the file no longer lists is shown as it was stored."""
        found = self.plan(plan_id)
        return found.label if found else plan_id.replace("_", " ")

    def intervals(self) -> dict[str, Interval]:
        """Every standard that sets a period, by key: each plan's id, and `HIM` for the person causing harm."""
        found = {p.id: p.seen_every for p in self.children if p.seen_every is not None}
        if self.person_causing_harm is not None:
            found[HIM] = self.person_causing_harm.contacted_every
        return found

    def offsets(self) -> dict[str, tuple[int, ...]]:
        """For each key in `intervals`, the days to add to a day of each weekday (Monday first) to get
        the day the period ends: the database computes due dates from this table."""
        return {key: tuple(i.offset_from(w) for w in range(7)) for key, i in self.intervals().items()}


def day_number(day: dt.date) -> int:
    return (day - EPOCH).days


def from_day_number(number: int) -> dt.date:
    return EPOCH + dt.timedelta(days=number)


def due_on(interval: Interval | None, *, last_seen: dt.date | None, applies_from: dt.date | None) -> dt.date | None:
    """When the next visit or contact falls due (see the module's docstring); None if no standard applies."""
    if interval is None or applies_from is None:
        return None
    return interval.due_after(max(applies_from, last_seen) if last_seen else applies_from)


def overdue_by(due: dt.date | None, today: dt.date) -> int:
    """Days past the due date (0 if not overdue; a visit due today is not yet overdue)."""
    return max(0, (today - due).days) if due else 0


class StandardsInvalid(DataFileInvalid):
    """The contact standards file cannot be used; ``str(exc)`` names the file, and each problem's line."""


def load_contact_standards(path: Path) -> ContactStandards:
    """Read and check a contact standards file: every problem is named, with its line."""
    return load_model_with_lines(path, ContactStandards, "contact standards", StandardsInvalid)


def contact_standards() -> ContactStandards:
    """The standards in use: the authority's file if configured (STANDARDS_ENV), else Spotlight's own."""
    return in_use(STANDARDS_ENV, DEFAULT_STANDARDS_PATH.name, load_contact_standards)
