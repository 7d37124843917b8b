"""The risk review of a person causing harm: its items as data (``spotlight/data/risk_review.yaml``, an
authority's own copy through ``SPOTLIGHT_RISK_REVIEW``), what Spotlight suggests for each from the
record, and the checks on the worker's answers. Pure, no Django.

Spotlight suggests "yes" for an item where the record holds something that bears on it, and "not
known" where it holds nothing: the absence of a record is not evidence that it did not happen, so it
never suggests "no". The worker confirms or changes each answer; both are kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic import Field, ValidationInfo, model_validator

from spotlight.datafiles import DATA_DIR, DataFileInvalid, in_use, load_model_with_lines
from spotlight.datamodels import Identifier, StrictModel, Text, ids_used_twice
from spotlight.pattern.domain.catalogue import Catalogue, default_catalogue
from spotlight.risk.domain.checklist import NOT_KNOWN, YES, AnswersInvalid, Evidence, answer_problems
from spotlight.risk.domain.evidence import Clues, Line

DEFAULT_REVIEW_PATH = DATA_DIR / "risk_review.yaml"
REVIEW_ENV = "SPOTLIGHT_RISK_REVIEW"


class ReviewLevel(StrictModel):
    id: Identifier
    label: Text


class ReviewItem(StrictModel):
    id: Identifier
    topic: Text
    asks: Text
    evidence: Evidence = Evidence()


class ReviewItems(StrictModel):
    version: int = Field(ge=1)
    levels: tuple[ReviewLevel, ...] = Field(min_length=2)
    review_after_days: dict[Identifier, int]
    items: tuple[ReviewItem, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> ReviewItems:
        problems: list[str] = []
        catalogue: Catalogue | None = (info.context or {}).get("catalogue")
        if catalogue is not None:
            problems += [
                f"items.{index} ({item.id}): {problem}"
                for index, item in enumerate(self.items)
                for problem in item.evidence.unknown(catalogue)
            ]
        problems += ids_used_twice(
            ("levels", [level.id for level in self.levels]), ("items", [i.id for i in self.items])
        )
        level_ids = {level.id for level in self.levels}
        missing = sorted(level_ids - set(self.review_after_days))
        if missing:
            problems.append(f"review_after_days: say how soon each level is reviewed (missing: {', '.join(missing)})")
        problems += [
            f"review_after_days.{k}: {'not a level' if k not in level_ids else 'must be from 1 to 366 days'}"
            for k, v in self.review_after_days.items()
            if k not in level_ids or not 1 <= v <= 366
        ]
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def level(self, level_id: str) -> ReviewLevel | None:
        return next((level for level in self.levels if level.id == level_id), None)


class ReviewItemsInvalid(DataFileInvalid):
    """The review's items cannot be used; ``str(exc)`` names the file and every problem."""


def load_review_items(path: Path, catalogue: Catalogue | None = None) -> ReviewItems:
    context = {"catalogue": catalogue or default_catalogue()}
    return load_model_with_lines(path, ReviewItems, "risk review items", ReviewItemsInvalid, context)


def default_review_items() -> ReviewItems:
    """The items in use: the authority's file if configured (REVIEW_ENV), else Spotlight's own."""
    return in_use(REVIEW_ENV, DEFAULT_REVIEW_PATH.name, load_review_items)


@dataclass(frozen=True)
class Suggestion:
    """What Spotlight suggests for one item, and the lines it read."""

    item: ReviewItem
    answer: str
    lines: tuple[Line, ...]


def suggest(items: ReviewItems, clues: Clues) -> list[Suggestion]:
    """Each item's suggestion: yes where the record holds something that bears on it, else not known."""
    found = []
    for item in items.items:
        lines = tuple(clues.for_evidence(item.evidence))
        found.append(Suggestion(item, YES if lines else NOT_KNOWN, lines))
    return found


class ReviewInvalid(AnswersInvalid):
    """The review cannot be recorded; ``problems`` names each (item id or field, what is wrong)."""


def check_review(items: ReviewItems, answers: Mapping[str, str], level: str, reasons: str) -> None:
    """Refuse a review that cannot be recorded, naming each problem: an item left unanswered, an answer
    or item the file does not have, no judgement, or a judgement without reasons."""
    problems = answer_problems([(i.id, i.topic) for i in items.items], answers, "an item of this review")
    if not level:
        problems.append(("level", "Record your judgement of his risk: standard, medium or high"))
    elif items.level(level) is None:
        problems.append(("level", f"“{level}” is not a level of this review"))
    if not reasons.strip():
        problems.append(("reasons", "Give the reasons for your judgement of his risk"))
    if problems:
        raise ReviewInvalid(problems)
