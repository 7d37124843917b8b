"""The rule file (YAML, validated with pydantic in ``rulefile``) and its compiled form.

Validating and compiling every regex takes longer than reviewing a note, so: the validated
rule file is cached as JSON keyed by the file's content, and each regex is compiled the first
time a sentence needs it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from spotlight.datafiles import DATA_DIR, DataFileInvalid, in_use
from spotlight.language.cache import read_cached, write_cached
from spotlight.language.findings import Severity
from spotlight.language.phrases import PhraseError, compile_context, compile_macros, compile_phrase, words_of
from spotlight.language.regex_cache import ProgramStore

DEFAULT_RULES_PATH = DATA_DIR / "language_rules.yaml"
RULES_ENV = "SPOTLIGHT_LANGUAGE_RULES"


def reach(words: int) -> bytes:
    """A test of the words before a wording reaches this many words, to the end of the text searched."""
    return rb"(?:\s+[^\s]+){0,%d}\s*$" % words


#: How far before the wording a denial reaches: up to eight words.
NEGATION_REACH = reach(8)


class RuleFileInvalid(Exception):
    """The rule file cannot be used; ``str(exc)`` names the file and every problem."""


class LazyPattern:
    """A byte regex compiled on first use (from the cached engine program when there is one)."""

    __slots__ = ("source", "_compiled", "store")

    def __init__(self, source: bytes, store: ProgramStore | None = None) -> None:
        self.source = source
        self.store = store
        self._compiled: re.Pattern[bytes] | None = None

    def get(self) -> re.Pattern[bytes]:
        if self._compiled is None:
            self._compiled = self.store.compile(self.source) if self.store else re.compile(self.source)
        return self._compiled


@dataclass(frozen=True, slots=True, eq=False)
class CompiledRule:
    id: str
    family: str
    family_label: str
    severity: Severity
    message: str
    suggestions: tuple[str, ...]
    unless_before: LazyPattern | None = None
    unless_after: LazyPattern | None = None
    unless_earlier: LazyPattern | None = None
    unless_later: LazyPattern | None = None


@dataclass(frozen=True, slots=True, eq=False)
class CompiledPhrase:
    rule: int  # index into Ruleset.rules
    pattern: LazyPattern
    prefilter: bytes


@dataclass(frozen=True, slots=True, eq=False)
class Ruleset:
    rules: tuple[CompiledRule, ...]
    phrases: tuple[CompiledPhrase, ...]
    mentioned_as_phrase: LazyPattern | None
    #: Wording that denies what follows it in the same clause ("there is no suggestion that ...")
    negated_by: LazyPattern | None
    family_labels: Mapping[str, str]
    family_why: Mapping[str, str]
    #: Every word and stem the rule file uses: a capitalised word that is none of them is read as a name
    known_words: frozenset[str] = frozenset()
    known_stems: tuple[str, ...] = ()
    #: family -> index into ``rules`` of how the statistical second reader's findings read
    second_reader: Mapping[str, int] = field(default_factory=dict)
    #: Named tests of the words before a wording, in its clause, that a caller applies itself (the
    #: facts found in notes: "did not happen", "he denies"), each with its reach in words
    before: Mapping[str, LazyPattern] = field(default_factory=dict)
    #: Whatever else a caller's file carries (plain JSON data), kept with the compiled rules
    extra: Mapping[str, Any] = field(default_factory=dict)

    def patterns(self) -> list[LazyPattern]:
        """Every regex of the rule set."""
        found = [p.pattern for p in self.phrases]
        for rule in self.rules:
            found += [p for p in (rule.unless_before, rule.unless_after, rule.unless_earlier, rule.unless_later) if p]
        found += [p for p in (self.mentioned_as_phrase, self.negated_by) if p is not None]
        return found + list(self.before.values())

    def use_store(self, store: ProgramStore) -> None:
        for pattern in self.patterns():
            pattern.store = store


def _squash(text: str) -> str:
    return " ".join(text.split())


def compile_ruleset(spec: Mapping[str, Any]) -> Ruleset:
    """Validated rule file (plain data) -> Ruleset; raises PhraseError naming a bad phrase."""
    macros = compile_macros(spec["macros"])
    families = spec["families"]
    rules: list[CompiledRule] = []
    phrases: list[CompiledPhrase] = []

    def context(phrases_: list[str], *, before: bool = False, after: bool = False) -> LazyPattern | None:
        body = compile_context(phrases_, macros)
        if body is None:
            return None
        if before:
            body = body + rb"[\s,;:]*$"
        if after:
            body = rb"[\s,;:]*" + body
        return LazyPattern(body)

    for rule in spec["rules"]:
        for source in rule["phrases"]:
            compiled = compile_phrase(source, macros)
            phrases.append(CompiledPhrase(len(rules), LazyPattern(compiled.regex), compiled.prefilter))
        family = families[rule["family"]]
        rules.append(
            CompiledRule(
                id=rule["id"],
                family=rule["family"],
                family_label=family["label"],
                severity=Severity(rule["severity"] or family["severity"]),
                message=_squash(rule["message"]),
                suggestions=tuple(_squash(s) for s in rule["suggestions"]),
                unless_before=context(rule["unless_before"], before=True),
                unless_after=context(rule["unless_after"], after=True),
                unless_earlier=context(rule["unless_earlier"]),
                unless_later=context(rule["unless_later"]),
            )
        )
    second_reader: dict[str, int] = {}
    for reader in spec.get("second_reader", ()):
        second_reader[reader["family"]] = len(rules)
        rules.append(
            CompiledRule(
                id=reader["id"],
                family=reader["family"],
                family_label=families[reader["family"]]["label"],
                severity=Severity.SUGGESTION,
                message=_squash(reader["message"]),
                suggestions=tuple(_squash(s) for s in reader["suggestions"]),
            )
        )
    mention = compile_context(spec["mentioned_as_phrase"], macros)
    negation = compile_context(spec["negated_by"], macros)
    words, stems = words_of(
        [p for rule in spec["rules"] for key in ("phrases", *UNLESS_KEYS) for p in rule[key]]
        + [p for phrases_ in spec["macros"].values() for p in phrases_]
        + spec["mentioned_as_phrase"]
        + spec["negated_by"]
        + [p for test in spec.get("before", {}).values() for p in test["phrases"]]
    )
    return Ruleset(
        rules=tuple(rules),
        phrases=tuple(phrases),
        # the phrase talked about may begin a word or two after ("instead of writing she was assaulted")
        mentioned_as_phrase=LazyPattern(mention + rb"(?:\s+[^\s]+){0,2}\s*[:,]?\s*$") if mention else None,
        # the denial may stand a few words before the wording, in the same clause
        negated_by=LazyPattern(negation + NEGATION_REACH) if negation else None,
        family_labels={name: fam["label"] for name, fam in families.items()},
        family_why={name: _squash(fam["why"]) for name, fam in families.items()},
        known_words=frozenset(words) | {part for word in words for part in word.split("-")},
        known_stems=tuple(sorted(stems)),
        second_reader=second_reader,
        before={
            name: LazyPattern(body + reach(test["reach"]))
            for name, test in spec.get("before", {}).items()
            if (body := compile_context(test["phrases"], macros)) is not None
        },
        extra=spec.get("extra", {}),
    )


UNLESS_KEYS = ("unless_before", "unless_after", "unless_earlier", "unless_later")


def _src(pattern: LazyPattern | None) -> str | None:
    return pattern.source.decode("latin-1") if pattern is not None else None


def _lazy(source: str | None) -> LazyPattern | None:
    return LazyPattern(source.encode("latin-1")) if source is not None else None


def ruleset_to_plain(ruleset: Ruleset) -> dict[str, Any]:
    """The compiled rule set as JSON-ready data (regexes as their source), for the cache."""
    return {
        "rules": [
            {
                "id": r.id,
                "family": r.family,
                "family_label": r.family_label,
                "severity": r.severity.value,
                "message": r.message,
                "suggestions": list(r.suggestions),
                "unless": [_src(r.unless_before), _src(r.unless_after), _src(r.unless_earlier), _src(r.unless_later)],
            }
            for r in ruleset.rules
        ],
        "phrases": [[p.rule, _src(p.pattern), p.prefilter.decode("latin-1")] for p in ruleset.phrases],
        "mention": _src(ruleset.mentioned_as_phrase),
        "negation": _src(ruleset.negated_by),
        "family_labels": dict(ruleset.family_labels),
        "family_why": dict(ruleset.family_why),
        "known_words": sorted(ruleset.known_words),
        "known_stems": list(ruleset.known_stems),
        "second_reader": dict(ruleset.second_reader),
        "before": {name: _src(pattern) for name, pattern in ruleset.before.items()},
        "extra": dict(ruleset.extra),
    }


def ruleset_from_plain(plain: Mapping[str, Any]) -> Ruleset:
    rules = []
    for r in plain["rules"]:
        before, after, earlier, later = (_lazy(source) for source in r["unless"])
        rules.append(
            CompiledRule(
                id=r["id"],
                family=r["family"],
                family_label=r["family_label"],
                severity=Severity(r["severity"]),
                message=r["message"],
                suggestions=tuple(r["suggestions"]),
                unless_before=before,
                unless_after=after,
                unless_earlier=earlier,
                unless_later=later,
            )
        )
    return Ruleset(
        rules=tuple(rules),
        phrases=tuple(
            CompiledPhrase(rule, LazyPattern(regex.encode("latin-1")), prefilter.encode("latin-1"))
            for rule, regex, prefilter in plain["phrases"]
        ),
        mentioned_as_phrase=_lazy(plain["mention"]),
        negated_by=_lazy(plain["negation"]),
        family_labels=plain["family_labels"],
        family_why=plain["family_why"],
        known_words=frozenset(plain["known_words"]),
        known_stems=tuple(plain["known_stems"]),
        second_reader=plain["second_reader"],
        before={name: LazyPattern(source.encode("latin-1")) for name, source in plain.get("before", {}).items()},
        extra=plain.get("extra", {}),
    )


@lru_cache(maxsize=1)
def _compiler_source() -> bytes:
    """The code that turns a rule file into patterns: a change to it makes cached rule sets stale."""
    here = Path(__file__).resolve().parent
    return b"".join((here / name).read_bytes() for name in ("phrases.py", "ruleset.py"))


def load_ruleset(path: Path) -> Ruleset:
    """Read, validate and compile a rule file; RuleFileInvalid names the file and every problem."""
    return load_compiled(path, _validate_rule_file)


def _validate_rule_file(text: str) -> Mapping[str, Any]:
    from spotlight.language.rulefile import validate_rule_file  # pydantic: only for a new or changed file

    return validate_rule_file(text)


def load_compiled(
    path: Path, validate: Callable[[str], Mapping[str, Any]], *, depends_on: bytes = b"", what: str = "rule file"
) -> Ruleset:
    """A file in the phrase language, validated (``validate``: YAML text -> plain data in the rule file's
    shape, or ValueError naming every problem) and compiled, or taken from the cache, which is keyed
    by the file, the compiler's code and ``depends_on`` (whatever else validation reads)."""
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise RuleFileInvalid(f"{path}: cannot read the {what} ({exc.strerror})") from exc
    cache_name = f"ruleset-{hashlib.sha256(_compiler_source() + depends_on + content).hexdigest()[:24]}.json"
    store = ProgramStore(cache_name)
    cached = read_cached(cache_name)
    if cached is not None:
        try:
            ruleset = ruleset_from_plain(json.loads(cached))
        except (ValueError, KeyError, TypeError):
            pass  # an old or damaged cache entry: rebuild it
        else:
            if not store.available():
                store.save([p.source for p in ruleset.patterns()])
            ruleset.use_store(store)
            return ruleset
    try:
        spec = validate(content.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise RuleFileInvalid(f"{path}: the {what} is not UTF-8 text") from exc
    except ValueError as exc:
        raise RuleFileInvalid(f"{path}: {exc}") from exc
    try:
        ruleset = compile_ruleset(spec)
    except (PhraseError, re.error) as exc:
        raise RuleFileInvalid(f"{path}: {exc}") from exc
    _check_regexes(ruleset, path)
    write_cached(cache_name, json.dumps(ruleset_to_plain(ruleset)).encode("utf-8"))
    store.save([p.source for p in ruleset.patterns()])
    ruleset.use_store(store)
    return ruleset


def _check_regexes(ruleset: Ruleset, path: Path) -> None:
    """A new rule file has every regex compiled once, so a mistake is reported now, not mid-review."""
    try:
        for pattern in ruleset.patterns():
            pattern.get()
    except re.error as exc:
        raise RuleFileInvalid(f"{path}: {exc}") from exc


def default_ruleset() -> Ruleset:
    """The rule set in use: the authority's file if configured, else Spotlight's own; cached."""
    try:
        return in_use(RULES_ENV, DEFAULT_RULES_PATH.name, load_ruleset)
    except RuleFileInvalid:
        raise
    except DataFileInvalid as exc:
        raise RuleFileInvalid(f"{exc} (the language rule file)") from exc
