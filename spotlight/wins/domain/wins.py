"""Wins, as data (``spotlight/data/wins.yaml``; an authority's own copy through ``SPOTLIGHT_WINS``): who did
it, what it shows, the examples offered, the supervision prompts; and whether a win says anything
specific. Pure, no Django."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import Field, model_validator

from spotlight.datafiles import DATA_DIR, DataFileInvalid, in_use, load_model_with_lines
from spotlight.datamodels import Identifier, StrictModel, Text, ids_used_twice
from spotlight.language import Person, review
from spotlight.language.findings import PRAISE_FAMILIES

DEFAULT_WINS_PATH = DATA_DIR / "wins.yaml"
WINS_ENV = "SPOTLIGHT_WINS"
#: A win that praises generically must say this many more words besides the praise to count as specific
SPECIFIC_WORDS = 8
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")


class Choice(StrictModel):
    id: Identifier
    label: Text


class Letter(StrictModel):
    opening: Text
    closing: Text
    #: protective effort kind -> how the letter says it ("you called the police")
    efforts: dict[Identifier, Text] = Field(default_factory=dict)


class Wins(StrictModel):
    version: int = Field(ge=1)
    who: tuple[Choice, ...] = Field(min_length=1)
    shows: tuple[Choice, ...] = Field(min_length=1)
    examples: tuple[Text, ...] = ()
    quiet_after_days: int = Field(ge=1, le=366)
    supervision_prompts: tuple[Text, ...] = Field(min_length=1)
    letter: Letter

    @model_validator(mode="after")
    def _unique(self) -> Wins:
        problems = ids_used_twice(("who", [c.id for c in self.who]), ("shows", [c.id for c in self.shows]))
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def label(self, kind: str, choice_id: str) -> str:
        choices = self.who if kind == "who" else self.shows
        return next((c.label for c in choices if c.id == choice_id), choice_id.replace("_", " "))


class WinsInvalid(DataFileInvalid):
    """The wins file cannot be used; ``str(exc)`` names the file and every problem."""


def load_wins(path: Path) -> Wins:
    return load_model_with_lines(path, Wins, "wins file", WinsInvalid)


def default_wins() -> Wins:
    """The wins file in use: the authority's own if configured (WINS_ENV), else Spotlight's."""
    return in_use(WINS_ENV, DEFAULT_WINS_PATH.name, load_wins)


def generic(text: str, people: list[Person] | None = None) -> str:
    """The generic praise a win is made of, or "" when it says something specific: a win whose praise
    the language review flags, with fewer than ``SPECIFIC_WORDS`` words besides the praise, says
    nothing a reader could check ("Mum is doing really well this week")."""
    found = [f for f in review(text, people or []) if f.family in PRAISE_FAMILIES]
    if not found:
        return ""
    rest = text
    for finding in sorted(found, key=lambda f: f.start, reverse=True):
        rest = rest[: finding.start] + " " + rest[finding.end :]
    return found[0].text if len(_WORD.findall(rest)) < SPECIFIC_WORDS else ""
