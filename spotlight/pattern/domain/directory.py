"""The directory of programmes and services (``spotlight/data/programme_directory.yaml``; an authority's
own copy through ``SPOTLIGHT_PROGRAMME_DIRECTORY``), and matching: for a person causing harm, the adult
survivor or a child, every programme marked eligible, not eligible or needs more information, each with
its reasons from the record, never a bare yes or no. Pure, no Django."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from spotlight.datafiles import DATA_DIR, DataFileInvalid, in_use, load_model_with_lines
from spotlight.datamodels import Identifier, StrictModel, Text, ids_used_twice
from spotlight.pattern.domain.catalogue import default_catalogue

DEFAULT_DIRECTORY_PATH = DATA_DIR / "programme_directory.yaml"
DIRECTORY_ENV = "SPOTLIGHT_PROGRAMME_DIRECTORY"
ELIGIBLE, NOT_ELIGIBLE, MORE_INFORMATION = "eligible", "not_eligible", "more_information"
For = Literal["person_causing_harm", "adult_survivor", "child"]
RiskLevel = Literal["standard", "medium", "high"]


class Rules(StrictModel):
    risk_levels: tuple[RiskLevel, ...] = ()
    not_with_coercive_control: bool = False
    needs_pregnancy_or_baby_under: int | None = Field(default=None, ge=1, le=5)
    needs_admission: bool | None = None
    high_harm: bool = False
    father_or_carer: bool = False
    child_ages: tuple[int, int] | None = None


class Programme(StrictModel):
    id: Identifier
    name: Text
    for_: For = Field(alias="for")
    about: Text
    length: Text
    contact: Text
    rules: Rules = Rules()


class Directory(StrictModel):
    version: int = Field(ge=1)
    programmes: tuple[Programme, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> Directory:
        problems = ids_used_twice(("programmes", [p.id for p in self.programmes]))
        for index, p in enumerate(self.programmes):
            ages = p.rules.child_ages
            if ages is not None and (ages[0] > ages[1] or p.for_ != "child"):
                problems.append(f"programmes.{index} ({p.id}): child_ages are for a child's support, youngest first")
            if p.for_ != "person_causing_harm" and (p.rules.father_or_carer or p.rules.high_harm):
                problems.append(f"programmes.{index} ({p.id}): father_or_carer and high_harm are rules for him")
        if problems:
            raise ValueError("; ".join(problems))
        return self


class DirectoryInvalid(DataFileInvalid):
    """The directory cannot be used; ``str(exc)`` names the file and every problem."""


def load_directory(path: Path) -> Directory:
    return load_model_with_lines(path, Directory, "programme directory", DirectoryInvalid)


def default_directory() -> Directory:
    return in_use(DIRECTORY_ENV, DEFAULT_DIRECTORY_PATH.name, load_directory)


@dataclass(frozen=True)
class Record:
    """What matching reads of the family's record (None where the record does not say)."""

    #: his latest risk review's level, or her latest identification's, for her and the children
    risk_level: str | None = None
    coercive_control: bool = False
    pregnancy: bool = False
    #: the ages of the family's children born (years)
    children_ages: tuple[int, ...] = ()
    father_or_carer: bool = False
    #: he accepts he has been abusive (True), denies it (False), or the record does not say (None)
    admits: bool | None = None
    high_harm: bool = False
    #: for a child's support: the child's age
    age: int | None = None


@dataclass(frozen=True)
class Match:
    programme: Programme
    result: str
    reasons: tuple[str, ...] = field(default=())


def match(programme: Programme, record: Record) -> Match:
    """One programme against the record: eligible, not eligible, or needs more information, with reasons."""
    rules = programme.rules
    no: list[str] = []
    unknown: list[str] = []
    yes: list[str] = []
    if rules.risk_levels:
        levels = ", ".join(rules.risk_levels)
        if record.risk_level is None:
            first = (
                "Record a risk review of him first."
                if programme.for_ == "person_causing_harm"
                else "Record a risk identification with her first."
            )
            unknown.append(f"No risk level recorded: it takes {levels} risk. {first}")
        elif record.risk_level not in rules.risk_levels:
            no.append(f"It takes {levels} risk; the latest review says {record.risk_level}.")
        else:
            yes.append(f"The latest review says {record.risk_level} risk, which it takes.")
    if rules.not_with_coercive_control and record.coercive_control:
        no.append("Coercive control is recorded: work with both adults together is not safe.")
    if rules.needs_pregnancy_or_baby_under is not None:
        under = rules.needs_pregnancy_or_baby_under
        babies = [a for a in record.children_ages if a < under]
        if record.pregnancy or babies:
            yes.append(
                "A pregnancy or a baby under two is recorded."
                if under == 2
                else "A pregnancy or a young baby is recorded."
            )
        else:
            no.append(f"It is for a pregnancy or a baby under {under}; the record shows neither.")
    if rules.father_or_carer:
        (yes if record.father_or_carer else no).append(
            "The record shows him as a father or carer of a child in the family."
            if record.father_or_carer
            else "It is for fathers and carers; the record does not show him as a parent or carer of a child here."
        )
    if rules.high_harm:
        (yes if record.high_harm else no).append(
            "His pattern is high-harm (high risk, or harm to earlier partners)."
            if record.high_harm
            else "It is for high-harm or serial patterns; the record shows neither high risk nor earlier victims."
        )
    if rules.needs_admission:
        if record.admits is None:
            unknown.append("It needs him to accept that his behaviour has been abusive; the record does not say.")
        elif not record.admits:
            no.append("It needs him to accept that his behaviour has been abusive; the record shows his denial.")
    if rules.child_ages is not None:
        low, high = rules.child_ages
        if record.age is None:
            unknown.append(f"It is for children aged {low} to {high}; the child's age is not recorded.")
        elif not low <= record.age <= high:
            no.append(f"It is for children aged {low} to {high}.")
    result = NOT_ELIGIBLE if no else MORE_INFORMATION if unknown else ELIGIBLE
    reasons = tuple(no + unknown + yes) or ("Nothing in its rules rules anyone out.",)
    return Match(programme, result, reasons)


def matches(directory: Directory, who: str, record: Record) -> list[Match]:
    """Every programme for ``who`` (person_causing_harm, adult_survivor, child): eligible first."""
    order = {ELIGIBLE: 0, MORE_INFORMATION: 1, NOT_ELIGIBLE: 2}
    found = [match(p, record) for p in directory.programmes if p.for_ == who]
    return sorted(found, key=lambda m: order[m.result])


def age_on(born: dt.date, today: dt.date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def ages(dates: Sequence[dt.date | None], today: dt.date) -> tuple[int, ...]:
    return tuple(age_on(d, today) for d in dates if d is not None and d <= today)


def programme_labels() -> dict[str, str]:
    """Every programme a person causing harm can be referred to, by id: the directory's named programmes
    for him first (an authority's local offer), then the pattern catalogue's kinds (for a programme the
    directory does not hold, and for every referral recorded before the directory existed)."""
    named = {p.id: p.name for p in default_directory().programmes if p.for_ == "person_causing_harm"}
    return named | {p.id: p.label for p in default_catalogue().programmes if p.id not in named}


def support_labels() -> dict[str, str]:
    """The directory's services for an adult survivor, by id."""
    return {p.id: p.name for p in default_directory().programmes if p.for_ == "adult_survivor"}
