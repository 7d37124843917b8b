"""A family's line read for the Marac list alone: only the fields the list reads (the family's id and name,
its people, his behaviour on the pattern map, its notes, and her risk identifications), each checked as
the case-file format checks it, with the risk part's own checks. The
other fields are not read, so a mistake in one of them is not found here: `spotlight risk marac --check`
reads and checks every family in full, as `spotlight import` does.
"""

from __future__ import annotations

import datetime as dt
import json

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from spotlight.cases.domain.casefile import CaseRecordPart, Identifier, Name, NoteRecord, PersonRecord
from spotlight.pattern.domain.casefile import BehaviourEntryRecord, PatternMapPart
from spotlight.risk.domain.casefile import RiskIdentificationRecord, RiskPart, check_risk_part


class _ForMarac(BaseModel):
    """The fields of a family's line that the Marac list reads; the others are passed over."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: Identifier
    name: Name
    people: tuple[PersonRecord, ...] = Field(min_length=1)
    notes: tuple[NoteRecord, ...] = ()
    behaviour_entries: tuple[BehaviourEntryRecord, ...] = ()
    risk_identifications: tuple[RiskIdentificationRecord, ...] = ()


def read_for_marac(
    raw: bytes, *, first_line: bool, today: dt.date
) -> tuple[CaseRecordPart, PatternMapPart, RiskPart] | None:
    """The parts of one line that the Marac list reads, or None where they cannot be read or fail a check
    (the caller reads the line in full to name each problem)."""
    try:
        found = _ForMarac.model_validate(json.loads(raw.decode("utf-8-sig" if first_line else "utf-8")))
    except (ValueError, ValidationError, RecursionError):  # not UTF-8, not JSON, not a family
        return None
    risk = RiskPart.model_construct(risk_identifications=found.risk_identifications)
    problems: list[str] = []
    check_risk_part(
        risk, people={p.id: p for p in found.people}, err=lambda field, message: problems.append(field), today=today
    )
    if problems:
        return None
    notes = tuple(NoteRecord.model_construct(id=n.id, date=n.date, agency=n.agency, text=n.text) for n in found.notes)
    case = CaseRecordPart.model_construct(id=found.id, name=found.name, team="", people=found.people, notes=notes)
    return case, PatternMapPart.model_construct(behaviour_entries=found.behaviour_entries), risk
