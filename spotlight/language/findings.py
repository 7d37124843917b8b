"""What the language review reports: pure data, no Django."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

#: Families of findings that are not blaming language (praise that says nothing specific): counted apart,
#: never as wording that blames her or hides who did what (the audit, the blame corpora)
PRAISE_FAMILIES = frozenset({"generic_praise"})


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
    pronouns: str = ""  # "she", "he" or "they" as recorded; used where the review has no name

    @classmethod
    def named(cls, given_name: str, family_name: str, role: str, pronouns: str = "") -> Person:
        """The one way a person on a record (a database row or a case file's person) becomes review input."""
        return cls(name=f"{given_name} {family_name}".strip(), role=str(role), pronouns=str(pronouns or ""))


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


def kept_key(rule: str, wording: str) -> str:
    """How a kept wording is remembered: a digest of the rule and the words, never the words themselves."""
    return hashlib.sha256(f"{rule}\x00{wording}".encode()).hexdigest()


def with_kept(findings: list[Finding], kept: Mapping[str, str]) -> list[Finding]:
    """The findings, with those a worker kept on purpose (by `kept_key`, with her reason) marked as
    kept; a marker typed in the note ([[keep: ...]]) keeps its own reason."""
    if not kept:
        return findings
    return [
        f
        if f.is_dismissed or kept_key(f.rule, f.text) not in kept
        else replace(f, dismissed=kept[kept_key(f.rule, f.text)])
        for f in findings
    ]


#: A worker's inline marker keeping the wording before it: ``[[keep: her own words]]``.
KEEP_MARKER = re.compile(r"\[\[[ \t]*keep\b[ \t]*(?::[ \t]*([^\]\n]*?))?[ \t]*\]\]", re.IGNORECASE)


def keep_markers(text: str) -> list[tuple[int, int, str]]:
    """Where each ``[[keep: ...]]`` marker is in a note, and its reason ("" when none was given)."""
    return [(m.start(), m.end(), (m.group(1) or "").strip()) for m in KEEP_MARKER.finditer(text)]
