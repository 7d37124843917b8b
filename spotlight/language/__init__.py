"""Spotlight's language review: wording that blames the adult survivor or hides who did what.

Pure Python, no Django: ``review(text, people=None) -> list[Finding]``.
"""

from spotlight.language.engine import Voice, review
from spotlight.language.findings import SEVERITY_ORDER, Finding, Person, Severity
from spotlight.language.ruleset import RuleFileInvalid, Ruleset, default_ruleset, load_ruleset


def family_labels() -> dict[str, str]:
    """Rule family id -> the label shown to people, from the rule file in use."""
    return dict(default_ruleset().family_labels)


def __getattr__(name: str) -> dict[str, str]:
    if name == "FAMILY_LABELS":  # read from the rule file when first asked for, not at import
        return family_labels()
    raise AttributeError(name)


__all__ = [
    "SEVERITY_ORDER",
    "Finding",
    "Person",
    "RuleFileInvalid",
    "Ruleset",
    "Severity",
    "Voice",
    "default_ruleset",
    "family_labels",
    "load_ruleset",
    "review",
]
