"""The front door's domestic abuse screen: every referral's text read for indicators of domestic abuse,
whatever its presenting concern, and a suggested pathway with every reason shown. Pure, no Django: the
pages and `spotlight triage` share it.

Pathways: ``none`` (no indicators), ``possible`` (hints only: ask safely), ``present`` (domestic abuse
said plainly: risk identification and the pattern map), ``high_risk`` (a high-risk marker with abuse
present: Marac). The indicators are the screen's own rules (``spotlight/data/referral_screen.yaml``,
in the language review's phrase language) and his behaviour as the facts found in notes read it: any of
his behaviours is abuse said plainly, and the pattern catalogue's risk indicators are high-risk markers.
The screen suggests; the person screening decides, and both are kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError

from spotlight.datafiles import DATA_DIR, DataFileInvalid, in_use
from spotlight.datamodels import Identifier, StrictModel, Text, ids_used_twice
from spotlight.language.ruleset import LazyPattern, RuleFileInvalid, Ruleset, load_compiled
from spotlight.language.scanner import NORMALISE, Scanner, clause_start
from spotlight.pattern.domain.notefacts import BEHAVIOUR, find_facts

DEFAULT_SCREEN_PATH = DATA_DIR / "referral_screen.yaml"
SCREEN_ENV = "SPOTLIGHT_REFERRAL_SCREEN"
NONE, POSSIBLE, PRESENT, HIGH_RISK = "none", "possible", "present", "high_risk"
PATHWAYS = {
    NONE: "No indicators of domestic abuse",
    POSSIBLE: "Domestic abuse possible: ask safely",
    PRESENT: "Domestic abuse present: risk identification and the pattern map",
    HIGH_RISK: "High risk: risk identification now, and a Marac referral",
}
Level = Literal["hint", "plain", "high"]
#: How far back (words) ``not_happened`` reads before an indicator's words
REACH = 5


class IndicatorSpec(StrictModel):
    id: Identifier
    level: Level
    label: Text
    phrases: list[Text] = Field(min_length=1)
    #: a high-risk marker that is domestic abuse in itself (a Marac, her fear for her life)
    abuse: bool = False


class Choice(StrictModel):
    id: Identifier
    label: Text


class Question(StrictModel):
    id: Identifier
    asks: Text


class ScreenFile(StrictModel):
    version: int = 1
    presenting_concerns: list[Choice] = Field(default_factory=list)
    questions: list[Question] = Field(default_factory=list)
    macros: dict[str, list[Text]] = Field(default_factory=dict)
    not_happened: list[Text] = Field(default_factory=list)
    indicators: list[IndicatorSpec] = Field(min_length=1)


def _validate(text: str) -> dict[str, Any]:
    import yaml

    try:
        raw = yaml.safe_load(text)
        spec = ScreenFile.model_validate(raw)
    except yaml.YAMLError as exc:
        raise ValueError(f"not valid YAML: {exc}") from exc
    except ValidationError as exc:
        raise ValueError("; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())) from exc
    problems = ids_used_twice(("indicators", [i.id for i in spec.indicators]))
    if problems:
        raise ValueError("; ".join(problems))
    families = {f"{i.level}.{i.id}": {"label": i.label, "severity": "suggestion", "why": ""} for i in spec.indicators}
    rules = [
        {
            "id": f"{i.level}.{i.id}",
            "family": f"{i.level}.{i.id}",
            "severity": None,
            "phrases": i.phrases,
            "message": i.label,
            "suggestions": [],
            **{key: [] for key in ("unless_before", "unless_after", "unless_earlier", "unless_later")},
        }
        for i in spec.indicators
    ]
    return {
        "version": spec.version,
        "macros": spec.macros,
        "mentioned_as_phrase": [],
        "negated_by": [],
        "families": families,
        "rules": rules,
        "second_reader": [],
        "before": {"not_happened": {"phrases": spec.not_happened, "reach": REACH}} if spec.not_happened else {},
        "extra": {
            "abuse": [i.id for i in spec.indicators if i.abuse],
            "presenting_concerns": [[c.id, c.label] for c in spec.presenting_concerns],
            "questions": [[q.id, q.asks] for q in spec.questions],
        },
    }


@dataclass(frozen=True)
class Screen:
    ruleset: Ruleset
    scanner: Scanner
    not_happened: LazyPattern | None
    #: the high-risk markers that are domestic abuse in themselves
    abuse: frozenset[str]
    #: (id, label) of each presenting concern, and (id, question) of each short question
    presenting_concerns: tuple[tuple[str, str], ...] = ()
    questions: tuple[tuple[str, str], ...] = ()


class ScreenFileInvalid(DataFileInvalid):
    """The screen's file cannot be used; ``str(exc)`` names the file and every problem."""


def load_screen(path: Path) -> Screen:
    try:
        ruleset = load_compiled(path, _validate, what="referral screen")
    except RuleFileInvalid as exc:
        raise ScreenFileInvalid(str(exc)) from exc
    extra = ruleset.extra
    return Screen(
        ruleset,
        Scanner(ruleset, skip_quoted=False),
        ruleset.before.get("not_happened"),
        frozenset(extra.get("abuse", ())),
        tuple((str(a), str(b)) for a, b in extra.get("presenting_concerns", ())),
        tuple((str(a), str(b)) for a, b in extra.get("questions", ())),
    )


def default_screen() -> Screen:
    return in_use(SCREEN_ENV, DEFAULT_SCREEN_PATH.name, load_screen)


@dataclass(frozen=True)
class Indicator:
    """One indicator found: which, its level, the words that show it and where (characters)."""

    id: str
    label: str
    level: str
    words: str
    start: int
    end: int
    abuse: bool = False


@dataclass(frozen=True)
class Screened:
    pathway: str
    indicators: tuple[Indicator, ...]
    reasons: tuple[str, ...]

    @property
    def label(self) -> str:
        return PATHWAYS[self.pathway]


def _sentence_start(data: bytes, at: int) -> int:
    """Where the sentence holding ``at`` begins (a denial in an earlier sentence does not reach it)."""
    low = max(0, at - 400)
    return max(data.rfind(mark, low, at) for mark in (b".", b"!", b"?", b"\n")) + 1 or low


def _rule_indicators(text: str, screen: Screen) -> list[Indicator]:
    data = text.encode("utf-8", "surrogatepass")
    norm = data.translate(NORMALISE)
    test = screen.not_happened.get() if screen.not_happened else None
    found = []
    for raw in screen.scanner.scan(data):
        if test is not None and test.search(
            norm, clause_start(data, _sentence_start(data, raw.start), raw.start), raw.start
        ):
            continue
        start = len(data[: raw.start].decode("utf-8", "replace"))
        end = start + len(data[raw.start : raw.end].decode("utf-8", "replace"))
        level, _, indicator = raw.rule.family.partition(".")
        found.append(
            Indicator(indicator, raw.rule.message, level, text[start:end], start, end, indicator in screen.abuse)
        )
    return found


#: Behaviours the fact finder reads from context words alone ("32 weeks pregnant"): high-risk markers
#: only where abuse is said too
_CONTEXT_ONLY = frozenset({"assault_in_pregnancy"})


#: His behaviours that are high-risk markers at the front door (the DASH's and Marac's classic markers)
HIGH_RISK_BEHAVIOURS = frozenset(
    {"strangulation", "weapon", "threat_to_kill", "sexual_assault", "stalking", "assault_in_pregnancy"}
)


#: Behaviours the fact finder reads that, in a referral with no one named as causing harm, may be a
#: child's or anyone's (a child's bruise, a chair thrown in class, a sibling's jealousy, "comes with
#: her"): at the front
#: door a hint, never abuse said plainly, and only where their sentence names an adult at home
HINT_BEHAVIOURS = frozenset({"harming_children", "damage_property", "jealousy", "monitoring"})
_ADULT_AT_HOME = re.compile(
    r"\b(he|his|him|dad|daddy|father|stepdad|step-dad|partner|boyfriend|husband|ex|mum|mummy|mother|she|her)\b",
    re.IGNORECASE,
)


def _fact_indicators(text: str) -> list[Indicator]:
    risky = HIGH_RISK_BEHAVIOURS
    return [
        Indicator(
            f.catalogue_id,
            f.label,
            "high" if f.catalogue_id in risky else "hint" if f.catalogue_id in HINT_BEHAVIOURS else "plain",
            f.text,
            f.start,
            f.end,
            abuse=f.catalogue_id not in _CONTEXT_ONLY | HINT_BEHAVIOURS,
        )
        for f in find_facts(text)
        if f.kind == BEHAVIOUR
        and (f.catalogue_id not in HINT_BEHAVIOURS or _ADULT_AT_HOME.search(text, f.sentence_start, f.sentence_end))
    ]


def screen_text(
    text: str,
    screen: Screen | None = None,
    *,
    answers: dict[str, str] | None = None,
    history: Sequence[tuple[str, str]] = (),
) -> Screened:
    """The suggested pathway for a referral's text, with every indicator found and the reasons. ``answers``:
    the short questions answered (question id -> yes, no, not_known; a yes is a hint); ``history``: what the
    family's record already holds that is domestic abuse, each in words with its level: "plain" (his
    behaviours on the pattern map, an earlier referral screened as abuse) or "high" (a Marac, high risk)."""
    screen = screen or default_screen()
    found = _fact_indicators(text) + _rule_indicators(text, screen)
    asked = dict(screen.questions)
    found += [
        Indicator(qid, asked[qid], "hint", "yes", -1, -1)
        for qid, answer in (answers or {}).items()
        if answer == "yes" and qid in asked
    ]
    found += [
        Indicator(f"history_{n}", "The family's record", level, words, -1, -1, True)
        for n, (words, level) in enumerate(history)
    ]
    found.sort(key=lambda i: (i.start, i.end))
    unique = list({(i.id, i.start): i for i in found}.values())
    abuse = any((i.level == "plain" or i.abuse) and i.id not in _CONTEXT_ONLY for i in unique)
    high = [i for i in unique if i.level == "high" and (abuse or i.abuse)]
    # a high-risk marker that is not abuse in itself (a pregnancy, things getting worse) says nothing alone
    hints = [i for i in unique if i.level != "high" or i.abuse]
    pathway = HIGH_RISK if high and abuse else PRESENT if abuse else POSSIBLE if hints else NONE
    return Screened(pathway, tuple(unique), tuple(_reasons(pathway, unique, high)))


def _reasons(pathway: str, found: Sequence[Indicator], high: Sequence[Indicator]) -> list[str]:
    if pathway == NONE:
        return ["Nothing in the referral's words indicates domestic abuse; ask anyway if the family's history does."]
    record = [i for i in found if i.id.startswith("history_")]
    words = [i for i in found if not i.id.startswith("history_")]
    plain_in_words = any((i.level == "plain" or i.abuse) and i.id not in _CONTEXT_ONLY for i in words)
    reasons = []
    if pathway == POSSIBLE:
        reasons.append("Something in the referral may hide domestic abuse; nothing says it plainly. Ask safely, alone.")
    elif plain_in_words:
        reasons.append("The referral says plainly that there is domestic abuse.")
    else:
        reasons.append("The family's record already holds domestic abuse, whatever the referral's words say.")
    reasons += [f"{i.label}: “{i.words}”" for i in words if i.level != "high"]
    reasons += [f"High-risk marker, {i.label.lower()}: “{i.words}”" for i in high if i not in record]
    reasons += [f"The family's record: {i.words}" for i in record]
    return reasons
