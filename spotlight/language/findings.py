"""What the language review reports: pure data, no Django."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    """How strongly the review asks for a rewrite; ordered from mildest to strongest."""

    SUGGESTION = "suggestion"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return SEVERITY_ORDER.index(self)


SEVERITY_ORDER: tuple[Severity, ...] = (Severity.SUGGESTION, Severity.WARNING, Severity.ERROR)


@dataclass(frozen=True, slots=True)
class Person:
    """Someone in the family, so suggestions can name him, her and the children.

    ``role`` takes the case record's role values: ``person_causing_harm``, ``adult_survivor``,
    ``child`` or ``other_adult``.
    """

    name: str
    role: str

    @classmethod
    def named(cls, given_name: str, family_name: str, role: str) -> Person:
        """The one way a person on a record (a database row or a case file's person) becomes review input."""
        return cls(name=f"{given_name} {family_name}".strip(), role=str(role))


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of wording the review asks the worker to reconsider.

    ``start`` and ``end`` are character offsets into the reviewed text: ``text == reviewed[start:end]``.
    ``dismissed`` holds the worker's reason when an inline ``[[keep: reason]]`` marker follows
    the wording; dismissed findings are still reported, and counted, but never fail a check.
    """

    start: int
    end: int
    rule: str
    family: str
    severity: Severity
    message: str
    suggestions: tuple[str, ...]
    text: str
    dismissed: str | None = None
    family_label: str = field(default="", compare=False)

    @property
    def is_dismissed(self) -> bool:
        return self.dismissed is not None
