"""The outcome measures (``spotlight/data/outcome_measures.yaml``; an authority's own copy through
``SPOTLIGHT_OUTCOME_MEASURES``): the six Mirabal measures of success as questions for each respondent
on a simple scale, when they are asked, and the abuse checklist. Pure, no Django."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, model_validator

from spotlight.datafiles import DATA_DIR, DataFileInvalid, in_use, load_model_with_lines
from spotlight.datamodels import Identifier, StrictModel, Text, ids_used_twice

DEFAULT_MEASURES_PATH = DATA_DIR / "outcome_measures.yaml"
MEASURES_ENV = "SPOTLIGHT_OUTCOME_MEASURES"

INTAKE, EXIT = "intake", "exit"
#: The answers to the abuse checklist
YES, NO, NOT_KNOWN = "yes", "no", "not_known"


class Point(StrictModel):
    value: int
    label: Text


class Choice(StrictModel):
    id: Identifier
    label: Text


class Measure(StrictModel):
    id: Identifier
    label: Text
    scale: Identifier
    #: respondent id -> the question as that respondent is asked it
    asks: dict[Identifier, Text] = Field(min_length=1)


class AbuseKind(StrictModel):
    id: Identifier
    label: Text
    asks: Text


class OutcomeMeasures(StrictModel):
    version: int = Field(ge=1)
    scales: dict[Identifier, tuple[Point, ...]]
    occasions: tuple[Choice, ...]
    respondents: tuple[Choice, ...] = Field(min_length=1)
    measures: tuple[Measure, ...] = Field(min_length=1)
    abuse_checklist: tuple[AbuseKind, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> OutcomeMeasures:
        problems: list[str] = []
        problems += ids_used_twice(
            ("occasions", [o.id for o in self.occasions]),
            ("respondents", [r.id for r in self.respondents]),
            ("measures", [m.id for m in self.measures]),
            ("abuse_checklist", [a.id for a in self.abuse_checklist]),
        )
        if not {INTAKE, EXIT} <= {o.id for o in self.occasions}:
            problems.append(f"occasions: list “{INTAKE}” and “{EXIT}” (a cohort report compares them)")
        for name, points in self.scales.items():
            values = [p.value for p in points]
            if len(values) < 2 or values != sorted(set(values)):
                problems.append(f"scales.{name}: at least two points, each value higher than the last")
        respondents = {r.id for r in self.respondents}
        for index, measure in enumerate(self.measures):
            if measure.scale not in self.scales:
                problems.append(f"measures.{index} ({measure.id}): “{measure.scale}” is not one of the scales")
            unknown = sorted(set(measure.asks) - respondents)
            if unknown:
                problems.append(f"measures.{index} ({measure.id}): {', '.join(unknown)} not among the respondents")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def measure(self, measure_id: str) -> Measure | None:
        return next((m for m in self.measures if m.id == measure_id), None)

    def points(self, measure: Measure) -> tuple[Point, ...]:
        return self.scales[measure.scale]


class MeasuresInvalid(DataFileInvalid):
    """The outcome measures cannot be used; ``str(exc)`` names the file and every problem."""


def load_measures(path: Path) -> OutcomeMeasures:
    return load_model_with_lines(path, OutcomeMeasures, "outcome measures", MeasuresInvalid)


def default_measures() -> OutcomeMeasures:
    """The measures in use: the authority's file if configured (MEASURES_ENV), else Spotlight's own."""
    return in_use(MEASURES_ENV, DEFAULT_MEASURES_PATH.name, load_measures)
