"""``review(text, people)``: the language review as a plain function."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from spotlight.language.findings import Finding, Person
from spotlight.language.model import shipped_model
from spotlight.language.names import stand_ins
from spotlight.language.ruleset import CompiledRule, Ruleset, default_ruleset
from spotlight.language.scanner import RawFinding, Scanner

PERSON_CAUSING_HARM = "person_causing_harm"
ADULT_SURVIVOR = "adult_survivor"
CHILD = "child"
#: The placeholder for the flagged words themselves, as written, in a suggestion.
WORDING = "wording"
#: How the second reader's explanation begins (the words follow, quoted).
WEIGHED_MOST = "The words that weighed most"


def join_names(names: list[str]) -> str:
    """ "Amy", "Amy and Ben", "Amy, Ben and Cal"."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _possessive(name: str) -> str:
    return name + "'s"


_PRONOUN_FORMS = {"she": ("she", "her", "her"), "he": ("he", "him", "his"), "they": ("they", "them", "their")}


def _pronouns(people: list[Person], role: str, default: tuple[str, str, str]) -> tuple[str, str, str]:
    """Subject, object and possessive for the role's people: as recorded, else the default."""
    recorded = {p.pronouns for p in people if p.role == role and p.pronouns in _PRONOUN_FORMS}
    if len(recorded) == 1:
        return _PRONOUN_FORMS[recorded.pop()]
    return _PRONOUN_FORMS["they"] if recorded else default


#: The first letter of a suggestion, and of an example sentence quoted in it
_SENTENCE_START = re.compile(r'^[a-z]|(?<=: ")[a-z]')

# A pronoun in a rule's own words, not inside a {placeholder}
_PLAIN_PRONOUN = re.compile(r"(?<![{\w])(?:[Hh]im|[Hh]is|[Hh]e|[Ss]he|[Hh]er)(?![}\w])")


class Voice:
    """Fills a rule's message and suggestions with the family's own people, or pronouns."""

    def __init__(self, people: Iterable[Person] | None = None) -> None:
        people = list(people or ())
        him = next((p.name for p in people if p.role == PERSON_CAUSING_HARM and p.name.strip()), "")
        her = next((p.name for p in people if p.role == ADULT_SURVIVOR and p.name.strip()), "")
        children = [p.name for p in people if p.role == CHILD and p.name.strip()]
        he_words = _pronouns(people, PERSON_CAUSING_HARM, ("he", "him", "his"))
        she_words = _pronouns(people, ADULT_SURVIVOR, ("she", "her", "her"))
        self._he, self._she = he_words, she_words
        self.values = {
            "he": him or he_words[0],
            "him": him or he_words[1],
            "his": _possessive(him) if him else he_words[2],
            "she": her or she_words[0],
            "her": her or she_words[1],
            "her_pos": _possessive(her) if her else she_words[2],
            "children": join_names(children) if children else "the children",
            "children_pos": _possessive(join_names(children)) if children else "the children's",
        }
        self._rendered: dict[str, tuple[str, tuple[str, ...]]] = {}

    def fill(self, template: str, wording: str = "") -> str:
        values = {**self.values, WORDING: wording or "[the wording]"}
        text = self._in_their_pronouns(template).format_map(values)
        return _SENTENCE_START.sub(lambda m: m.group(0).upper(), text)

    def _in_their_pronouns(self, template: str) -> str:
        """A rule's own words ("describe his behaviour") in the family's recorded pronouns, where they
        are not "he" and "she"."""
        if self._he == ("he", "him", "his") and self._she == ("she", "her", "her"):
            return template

        def swap(m: re.Match[str]) -> str:
            word, low = m.group(0), m.group(0).lower()
            if low in ("he", "him", "his"):
                found = self._he[("he", "him", "his").index(low)]
            elif low == "she":
                found = self._she[0]
            else:  # "her": her possessive before a noun, else the object
                following = template[m.end() : m.end() + 2]
                found = self._she[2] if following[:1] == " " and following[1:].isalpha() else self._she[1]
            return found[:1].upper() + found[1:] if word[0].isupper() else found

        return _PLAIN_PRONOUN.sub(swap, template)

    def render(
        self, rule: CompiledRule, wording: str = "", because: tuple[str, ...] = ()
    ) -> tuple[str, tuple[str, ...]]:
        """The rule's message and suggestions for this family; ``{wording}`` is the flagged words as
        written; ``because``, the words that weighed most with the second reader, end its message."""
        if because:
            message, suggestions = self.render(rule, wording)
            return f"{message} {WEIGHED_MOST}: {', '.join(f'“{word}”' for word in because)}.", suggestions
        cached = self._rendered.get(rule.id)
        if cached is None:
            if any("{" + WORDING + "}" in s for s in rule.suggestions):
                return self.fill(rule.message), tuple(self.fill(s, " ".join(wording.split())) for s in rule.suggestions)
            cached = self._rendered[rule.id] = (self.fill(rule.message), tuple(self.fill(s) for s in rule.suggestions))
        return cached


def scanner_for(ruleset: Ruleset, second_reader: bool = True) -> Scanner:
    """The rule set's scanner; with ``second_reader``, also the shipped statistical second reader,
    where the rule set says how its findings read."""
    return _scanner(ruleset, second_reader)


@lru_cache(maxsize=4)
def _scanner(ruleset: Ruleset, second_reader: bool) -> Scanner:
    return Scanner(ruleset, shipped_model() if second_reader and ruleset.second_reader else None)


def _char_offsets(data: bytes, offsets: list[int]) -> dict[int, int]:
    """Byte offsets -> character offsets, decoding each stretch once."""
    result: dict[int, int] = {}
    previous_byte = previous_char = 0
    for offset in sorted(set(offsets)):
        previous_char += len(data[previous_byte:offset].decode("utf-8", "surrogatepass"))
        previous_byte = offset
        result[offset] = previous_char
    return result


def to_findings(raw: list[RawFinding], data: bytes, text: str, voice: Voice) -> list[Finding]:
    if len(data) == len(text):
        mapping: dict[int, int] | None = None
    else:
        mapping = _char_offsets(data, [o for f in raw for o in (f.start, f.end)])
    findings = []
    for item in raw:
        start = item.start if mapping is None else mapping[item.start]
        end = item.end if mapping is None else mapping[item.end]
        message, suggestions = voice.render(item.rule, text[start:end], item.because)
        findings.append(
            Finding(
                start=start,
                end=end,
                rule=item.rule.id,
                family=item.rule.family,
                severity=item.rule.severity,
                message=message,
                suggestions=suggestions,
                text=text[start:end],
                dismissed=item.dismissed,
                family_label=item.rule.family_label,
            )
        )
    return findings


def review(
    text: str, people: Sequence[Person] | None = None, *, ruleset: Ruleset | None = None, second_reader: bool = True
) -> list[Finding]:
    """Every piece of wording in ``text`` that blames the adult survivor or hides who did what.

    ``people`` (the family's people, with their roles) lets suggestions use their names;
    ``second_reader=False`` runs the rules alone (no statistical suggestions, three times faster).
    Pure: reads the rule file once (cached), touches no database and logs nothing.
    """
    if not text:
        return []
    scanner = scanner_for(ruleset or default_ruleset(), second_reader=second_reader)
    data = text.encode("utf-8", "surrogatepass")
    raw = scanner.scan(data, stand_ins(people))
    return to_findings(raw, data, text, Voice(people)) if raw else []
