"""Measuring the plan-balance rules on a labelled corpus of plan actions (JSON Lines: ``text``, ``owner``,
``controls_him``, ``course_for_her``): precision and recall of the actions found asking her to control
him, and of a course for her. Pure; used by the tests' floors and by ``bench/plan_balance.py``."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spotlight.language.findings import Person
from spotlight.plans.domain.balance import ActionText, PlanRules, default_plan_rules, plan_balance


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    def add(self, found: bool, truth: bool, text: str) -> None:
        if found and truth:
            self.tp += 1
        elif found:
            self.fp += 1
            self.false_alarms.append(text)
        elif truth:
            self.fn += 1
            self.misses.append(text)
        else:
            self.tn += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0


def read_corpus(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def read_people(path: Path) -> dict[str, list[Person]]:
    """The family's names for each action of a corpus, as a plan in Spotlight knows them: the file beside
    it, ``<corpus>.people.jsonl`` (``id``, ``people``: each ``given``, ``family`` and ``role``), written by
    someone who never saw the rules; {} where there is none. People named only by title and surname are
    left out: "Ms Barker" and "Mr Barker" are read as her and him already, and a surname they share
    could stand for only one of them."""
    names = path.with_name(path.name.removesuffix(".jsonl") + ".people.jsonl")
    if not names.exists():
        return {}
    return {
        str(row["id"]): [
            Person.named(str(p["given"]), str(p.get("family", "")), str(p["role"]))
            for p in row["people"]
            if str(p.get("given", "")).strip()
        ]
        for row in read_corpus(names)
    }


def score_corpus(
    rows: Iterable[dict[str, object]],
    rules: PlanRules | None = None,
    people: Mapping[str, Sequence[Person]] | None = None,
) -> tuple[Score, Score]:
    """(asks her to control him, a course for her as the only action about the abuse), each action read
    alone, as the first action of a plan: without names (a pasted sentence, which reads an unknown name
    as a name, never as him), or with ``people``, each action's family as Spotlight would know it."""
    rules = rules or default_plan_rules()
    control, course = Score(), Score()
    for row in rows:
        text, owner = str(row["text"]), str(row["owner"])
        family = (people or {}).get(str(row["id"]), ())
        balance = plan_balance([ActionText(1, text, owner)], family, rules)
        control.add(bool(balance.findings), bool(row["controls_him"]), text)
        course.add(bool(balance.only_her_course), bool(row["course_for_her"]), text)
    return control, course
