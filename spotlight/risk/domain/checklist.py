"""The adult survivor's risk identification checklist (DASH-style), as a YAML file an authority can
replace (``SPOTLIGHT_RISK_CHECKLIST``). Pure, no Django.

The file holds the questions (stable ids, so answers stay comparable whichever wording asked them),
the levels and the number of yes answers from which each applies, how soon each level is reviewed,
the four Marac referral criteria's settings, and, for each question, what Spotlight looks for in the
record before the worker asks (kinds from the pattern catalogue, checked against it on load).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationInfo, model_validator

from spotlight.datafiles import DATA_DIR, DataFileInvalid, in_use, load_model_with_lines
from spotlight.datamodels import Identifier, StrictModel, Text, ids_used_twice
from spotlight.pattern.domain.catalogue import Catalogue, default_catalogue

DEFAULT_CHECKLIST_PATH = DATA_DIR / "risk_checklist.yaml"
CHECKLIST_ENV = "SPOTLIGHT_RISK_CHECKLIST"

YES, NO, NOT_KNOWN = "yes", "no", "not_known"
#: The answers a question can have, in the order a form offers them
ANSWERS = {YES: "Yes", NO: "No", NOT_KNOWN: "Not known"}

#: What the record can say that no catalogue kind names (see ``evidence.read_record``)
RecordClue = Literal[
    "pregnancy",
    "prior_relationships",
    "escalation",
    "police",
    "children",
    "child_harm",
    "engagement",
    "programmes",
    "his_account",
]


class AnswersInvalid(ValueError):
    """Answers that cannot be used; ``problems`` names each (the question's or item's id, or the field's
    name, and what is wrong)."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(message for _, message in problems))
        self.problems = problems


def answer_problems(asked: Sequence[tuple[str, str]], answers: Mapping[str, str], what: str) -> list[tuple[str, str]]:
    """Each (id, topic) asked left unanswered or answered other than yes, no or not known, and each answer
    to something ``what`` (a checklist, a review) does not ask, named."""
    problems: list[tuple[str, str]] = []
    for qid, topic in asked:
        answer = answers.get(qid, "")
        if not answer:
            problems.append((qid, f"Answer “{topic}”: yes, no or not known"))
        elif answer not in ANSWERS:
            problems.append((qid, f"“{topic}”: “{answer}” is not yes, no or not known"))
    known = {qid for qid, _ in asked}
    return problems + [(key, f"“{key}” is not {what}") for key in answers if key not in known]


class Level(StrictModel):
    id: Identifier
    label: Text
    #: the number of yes answers from which this level applies
    yes_from: int = Field(ge=0)


class Evidence(StrictModel):
    """What bears on a question in the record: kinds from the pattern catalogue, and other clues."""

    behaviours: tuple[Identifier, ...] = ()
    complicating_factors: tuple[Identifier, ...] = ()
    efforts: tuple[Identifier, ...] = ()
    record: tuple[RecordClue, ...] = ()

    def unknown(self, catalogue: Catalogue) -> list[str]:
        """What it names that the catalogue does not have, one line each."""
        found = []
        for name, known, what in (
            ("behaviours", {k.id for g in catalogue.behaviours for k in g.kinds}, "a kind of his behaviour"),
            ("complicating_factors", {c.id for c in catalogue.complicating_factors}, "a complicating factor"),
            ("efforts", {k.id for g in catalogue.protective_efforts for k in g.kinds}, "a kind of protective effort"),
        ):
            found += [
                f"evidence.{name}: “{i}” is not {what} in the pattern catalogue"
                for i in getattr(self, name)
                if i not in known
            ]
        return found


class Section(StrictModel):
    id: Identifier
    label: Text


class Question(StrictModel):
    id: Identifier
    section: Identifier
    #: a few words, for tables and the result ("Threats to kill")
    topic: Text
    #: the question as the worker asks it
    asks: Text
    evidence: Evidence = Evidence()


class VisibleHighRisk(StrictModel):
    yes_at_least: int = Field(ge=1)


class ProfessionalJudgement(StrictModel):
    #: the level at which professional judgement refers her case to a Marac
    level: Identifier


class PotentialEscalation(StrictModel):
    incidents_at_least: int = Field(ge=1)
    within_months: int = Field(ge=1, le=60)


class Repeat(StrictModel):
    within_months: int = Field(ge=1, le=60)


class MaracCriteria(StrictModel):
    visible_high_risk: VisibleHighRisk
    professional_judgement: ProfessionalJudgement
    potential_escalation: PotentialEscalation
    repeat: Repeat


class Checklist(StrictModel):
    version: int = Field(ge=1)
    #: lowest first
    levels: tuple[Level, ...] = Field(min_length=2)
    #: level id -> days after a risk identification at that level that it is reviewed again
    review_after_days: dict[Identifier, int]
    marac: MaracCriteria
    sections: tuple[Section, ...] = Field(min_length=1)
    questions: tuple[Question, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> Checklist:
        """Every problem the fields' own checks leave, named together."""
        problems: list[str] = []
        catalogue: Catalogue | None = (info.context or {}).get("catalogue")
        if catalogue is not None:
            problems += [
                f"questions.{index} ({q.id}): {problem}"
                for index, q in enumerate(self.questions)
                for problem in q.evidence.unknown(catalogue)
            ]
        problems += ids_used_twice(
            ("levels", [level.id for level in self.levels]),
            ("sections", [s.id for s in self.sections]),
            ("questions", [q.id for q in self.questions]),
        )
        counts = [level.yes_from for level in self.levels]
        if counts != sorted(counts) or len(set(counts)) != len(counts) or counts[0] != 0:
            problems.append(
                "levels: list them lowest first, the first from 0 yes answers, each from more than the last"
            )
        level_ids = {level.id for level in self.levels}
        sections = {s.id for s in self.sections}
        problems += [
            f"questions: “{q.id}” is in section “{q.section}”, which the sections do not list"
            for q in self.questions
            if q.section not in sections
        ]
        judged_at = self.marac.professional_judgement.level
        if judged_at not in level_ids:
            problems.append(f"marac.professional_judgement.level: “{judged_at}” is not one of the levels")
        missing = sorted(level_ids - set(self.review_after_days))
        extra = sorted(set(self.review_after_days) - level_ids)
        if missing:
            problems.append(f"review_after_days: say how soon each level is reviewed (missing: {', '.join(missing)})")
        if extra:
            problems.append(f"review_after_days: {', '.join(extra)} {'is' if len(extra) == 1 else 'are'} not a level")
        problems += [
            f"review_after_days.{k}: must be from 1 to 366 days"
            for k, v in self.review_after_days.items()
            if not 1 <= v <= 366
        ]
        if self.marac.visible_high_risk.yes_at_least > len(self.questions):
            problems.append(
                f"marac.visible_high_risk.yes_at_least: {self.marac.visible_high_risk.yes_at_least} yes answers "
                f"cannot be reached with {len(self.questions)} questions"
            )
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def level(self, level_id: str) -> Level | None:
        return next((level for level in self.levels if level.id == level_id), None)

    def level_for(self, yes_count: int) -> Level:
        """The level the number of yes answers reaches."""
        return [level for level in self.levels if level.yes_from <= yes_count][-1]

    def rank(self, level_id: str) -> int:
        """A level's place, lowest 0; a level the file no longer lists ranks lowest."""
        return next((i for i, level in enumerate(self.levels) if level.id == level_id), 0)

    def in_sections(self) -> list[tuple[Section, list[Question]]]:
        """The questions under their sections, in the file's order (his behaviour first)."""
        return [(s, [q for q in self.questions if q.section == s.id]) for s in self.sections]


class ChecklistInvalid(DataFileInvalid):
    """The risk checklist cannot be used; ``str(exc)`` names the file and every problem, with its line."""


def load_checklist(path: Path, catalogue: Catalogue | None = None) -> Checklist:
    """Read and check a checklist file against the pattern catalogue: every problem is named, with its line."""
    context = {"catalogue": catalogue or default_catalogue()}
    return load_model_with_lines(path, Checklist, "risk checklist", ChecklistInvalid, context)


def default_checklist() -> Checklist:
    """The checklist in use: the authority's file if configured (CHECKLIST_ENV), else Spotlight's own;
    read again when the file changes."""
    return in_use(CHECKLIST_ENV, DEFAULT_CHECKLIST_PATH.name, load_checklist)
