"""Facts found in notes: his behaviours, the harm to each child, her protective efforts, complicating
factors and his engagement, read from what a worker wrote, to offer for the pattern map.

Pure Python, no Django. The rules are data (``spotlight/data/note_facts.yaml``), written in the
language review's phrase language and run by its scanner; each names a kind from the pattern
catalogue and is checked against it on load. ``find_facts(text, family)`` returns what a note
holds, each fact with the words that show it, whom it is about (from the family's own names and
pronouns), when if the note says, and whether he denies it. Nothing here records anything: a
worker accepts, corrects or dismisses each fact.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from spotlight.clock import MONTHS
from spotlight.datafiles import DATA_DIR, DataFileInvalid, in_use
from spotlight.language.findings import Person
from spotlight.language.model import SentenceModel, shipped_model
from spotlight.language.names import StandIns, stand_ins
from spotlight.language.ruleset import LazyPattern, RuleFileInvalid, Ruleset, load_compiled
from spotlight.language.scanner import NORMALISE, Scanner, clause_start
from spotlight.pattern.domain.casefile import RELATIONSHIP_CURRENT, RELATIONSHIP_PRIOR
from spotlight.pattern.domain.catalogue import Catalogue, default_catalogue

DEFAULT_FACTS_PATH = DATA_DIR / "note_facts.yaml"
#: The second reader of facts (``scripts/train_note_facts_model.py``), in the language review's model format
FACTS_MODEL_FILE = DATA_DIR / "note_facts_model.json"
#: How many words may stand between ``not_happened`` ("if", "advised to") and the phrase
WIDE = 5
#: How many words may stand between ``not_happened_near`` ("no", "never") and the phrase
NEAR = 2
#: How far back (bytes) the tests before a phrase read: their longest wording and eight words more
REACH_BYTES = 200
FACTS_ENV = "SPOTLIGHT_NOTE_FACTS"

BEHAVIOUR = "behaviour"
CHILD_HARM = "child_harm"
PROTECTIVE_EFFORT = "protective_effort"
COMPLICATING_FACTOR = "complicating_factor"
ENGAGEMENT = "engagement"
#: The family of the rules that find his denial anywhere in a note (not a fact: it marks the note's facts)
DENIAL = "note.denied"
#: The kinds of fact, in the order a page shows them: his behaviour first.
KINDS = (BEHAVIOUR, CHILD_HARM, PROTECTIVE_EFFORT, COMPLICATING_FACTOR, ENGAGEMENT)

PERSON_CAUSING_HARM = "person_causing_harm"
ADULT_SURVIVOR = "adult_survivor"
CHILD = "child"


def catalogue_choices(catalogue: Catalogue) -> dict[str, dict[str, str]]:
    """kind -> {catalogue id: label}: what a fact of each kind may be."""
    return {
        BEHAVIOUR: {k.id: k.label for g in catalogue.behaviours for k in g.kinds},
        CHILD_HARM: {c.id: c.label for c in catalogue.child_impacts},
        PROTECTIVE_EFFORT: {k.id: k.label for g in catalogue.protective_efforts for k in g.kinds},
        COMPLICATING_FACTOR: {c.id: c.label for c in catalogue.complicating_factors},
        ENGAGEMENT: {c.id: c.label for c in catalogue.engagement},
    }


# ---------------------------------------------------------------------------------------- the file


def _validate(text: str, choices: Mapping[str, Mapping[str, str]]) -> dict[str, Any]:
    """The fact file (YAML) -> plain data in the language rule file's shape, one family of rules per
    catalogue kind ("behaviour.monitoring"); ValueError names every problem."""
    from spotlight.pattern.domain.notefacts_file import validate_fact_file  # pydantic: only when new

    spec = validate_fact_file(text, choices)
    families: dict[str, dict[str, str]] = {}
    rules = []
    for index, fact in enumerate(spec["facts"]):
        family = f"{fact['kind']}.{fact['id']}"
        families[family] = {"label": choices[fact["kind"]][fact["id"]], "severity": "suggestion", "why": ""}
        rules.append(
            {
                "id": f"{family}.{index}",
                "family": family,
                "severity": None,
                "phrases": fact["phrases"],
                "message": choices[fact["kind"]][fact["id"]],
                "suggestions": [],
                **{key: fact[key] for key in ("unless_before", "unless_after", "unless_earlier", "unless_later")},
            }
        )
    if spec["denials_in_note"]:
        families[DENIAL] = {"label": "He denies what the note reports", "severity": "suggestion", "why": ""}
        rules.append(
            {
                "id": DENIAL,
                "family": DENIAL,
                "severity": None,
                "phrases": spec["denials_in_note"],
                "message": "He denies what the note reports",
                "suggestions": [],
                **{key: [] for key in ("unless_before", "unless_after", "unless_earlier", "unless_later")},
            }
        )
    # the denial and "did not happen" tests run here, after the scan, not in it: a denial is kept
    return {
        "version": spec["version"],
        "macros": spec["macros"],
        "mentioned_as_phrase": [],
        "negated_by": [],
        "families": families,
        "rules": rules,
        "second_reader": [],
        "before": {
            "not_happened": {"phrases": spec["not_happened"], "reach": WIDE},
            "not_happened_near": {"phrases": spec["not_happened_near"], "reach": NEAR},
            "denied_by": {"phrases": spec["denied_by"], "reach": 8},
        },
        "extra": {
            "child_words": [word.lower() for word in spec["child_words"]],
            "instead_of": {
                f"{fact['kind']}.{fact['id']}": [f"{fact['kind']}.{other}" for other in fact["instead_of"]]
                for fact in spec["facts"]
                if fact["instead_of"]
            },
        },
    }


@dataclass(frozen=True)
class FactRules:
    ruleset: Ruleset
    scanner: Scanner
    #: wording before a phrase, in its clause, that means it did not happen (or not yet)
    not_happened: LazyPattern | None
    #: the same, reaching only ``NEAR`` words back ("no", "never")
    not_happened_near: LazyPattern | None
    #: wording before a phrase, in its clause, that reports his denial
    denied_by: LazyPattern | None
    #: kind -> {catalogue id: label}
    choices: Mapping[str, Mapping[str, str]]
    #: "kind.id" -> the "kind.id"s it stands for where both are found in the same words
    instead_of: Mapping[str, Sequence[str]]
    #: a sentence with one of these words (or a child's name) is about a child
    child_words: re.Pattern[str] | None


def load_fact_rules(path: Path, catalogue: Catalogue | None = None) -> FactRules:
    """Read, validate (against the catalogue) and compile a fact file; FactFileInvalid names the
    file and every problem."""
    catalogue = catalogue or default_catalogue()
    choices = catalogue_choices(catalogue)
    try:
        ruleset = load_compiled(
            path, lambda text: _validate(text, choices), depends_on=repr(choices).encode(), what="fact file"
        )
    except RuleFileInvalid as exc:
        raise FactFileInvalid(str(exc)) from exc
    return FactRules(
        ruleset=ruleset,
        scanner=Scanner(ruleset, skip_quoted=False),
        not_happened=ruleset.before.get("not_happened"),
        not_happened_near=ruleset.before.get("not_happened_near"),
        denied_by=ruleset.before.get("denied_by"),
        choices=choices,
        instead_of=ruleset.extra.get("instead_of", {}),
        child_words=_words_pattern(ruleset.extra.get("child_words", ())),
    )


def _words_pattern(words: Sequence[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    alternatives = "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w'’-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


class FactFileInvalid(DataFileInvalid):
    """The fact file cannot be used; ``str(exc)`` names the file and every problem."""


def default_fact_rules() -> FactRules:
    """The fact rules in use: the authority's file if configured (FACTS_ENV), else Spotlight's own;
    read again when the file changes."""
    return in_use(FACTS_ENV, DEFAULT_FACTS_PATH.name, load_fact_rules)


# ---------------------------------------------------------------------------------------- people


@dataclass(frozen=True, slots=True)
class Member:
    """Someone in the family, as the facts need them: ``ref`` is their id in the record or the export."""

    ref: str
    given_name: str
    family_name: str
    role: str
    pronouns: str = ""
    age: int | None = None

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


_TITLES = {"mr": "he", "ms": "she", "mrs": "she", "miss": "she", "mx": "they"}
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f'’-]*")
_POSSESSIVE = re.compile(r"['’]s?$")


class _Family:
    """A family's members, with its names indexed once (by ``_family``), for every note of it."""

    __slots__ = ("members", "given", "family", "stand_ins")

    def __init__(self, members: tuple[Member, ...]) -> None:
        self.members = members
        #: given name -> members; family name -> adults
        self.given: dict[str, list[Member]] = {}
        self.family: dict[str, list[Member]] = {}
        for member in members:
            if member.given_name:
                self.given.setdefault(member.given_name.split(" ")[0], []).append(member)
            if member.role != CHILD and member.family_name:
                self.family.setdefault(member.family_name, []).append(member)
        self.stand_ins = _stand_ins(members)

    def __iter__(self) -> Iterator[Member]:
        return iter(self.members)


@lru_cache(maxsize=64)
def _family(members: tuple[Member, ...]) -> _Family:
    return _Family(members)


@lru_cache(maxsize=1024)
def _mentioned(sentence: str, members: _Family) -> list[tuple[int, Member]]:
    """(position, member) for each person the sentence names, in order: a given name, a full name,
    or a title and family name ("Mr Nowak", which the title tells apart from "Ms Nowak")."""
    found: list[tuple[int, Member]] = []
    for name, named in members.given.items():
        for at in _whole_words(sentence, name):
            found += [(at, member) for member in named]
    for name, named in members.family.items():
        for at in _whole_words(sentence, name):
            title = _TITLE_BEFORE.search(sentence, max(0, at - 6), at)
            wanted = _TITLES.get(title.group(1).lower()) if title else None
            if title and wanted:
                found += [(title.start(), m) for m in named if (m.pronouns or _default_pronoun(m)) == wanted]
    found.sort(key=lambda pair: pair[0])
    return found


_TITLE_BEFORE = re.compile(r"\b(mr|ms|mrs|miss|mx)\.?\s+$", re.IGNORECASE)


def _whole_words(text: str, word: str) -> Iterator[int]:
    """Where ``word`` stands in ``text`` as a whole word (a possessive "'s" after it is fine)."""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if (at == 0 or not (text[at - 1].isalnum() or text[at - 1] in "'’-")) and (
            end == len(text) or not (text[end].isalnum() or text[end] == "-")
        ):
            yield at
        at = text.find(word, at + 1)


def _default_pronoun(member: Member) -> str:
    return {PERSON_CAUSING_HARM: "he", ADULT_SURVIVOR: "she"}.get(member.role, "")


# ---------------------------------------------------------------------------------------- dates

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})\.?(?:\s+(\d{{4}}))?\b", re.IGNORECASE)
_MONTH_DAY = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.IGNORECASE)
_NUMERIC = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})\b")
_MAY_BE_DATED = re.compile(
    r"\d|yesterday|last night|this morning|this afternoon|this evening|tonight|today", re.IGNORECASE
)
_RELATIVE = re.compile(
    r"\b(yesterday|last night|this morning|this afternoon|this evening|tonight|today|earlier today)\b", re.I
)


def stated_date(sentence: str, written_on: dt.date | None) -> dt.date | None:
    """The date the sentence gives, if it gives one: "on 4 March", "04/03/2026", "last night". A date
    without a year takes the note's (the year before, if that would put it after the note)."""
    if _MAY_BE_DATED.search(sentence) is None:
        return None  # most sentences give no date: one cheap look spares the four below
    for pattern, order in ((_DAY_MONTH, "dmy"), (_MONTH_DAY, "mdy"), (_NUMERIC, "num")):
        match = pattern.search(sentence)
        if match is None:
            continue
        try:
            if order == "num":
                day, month, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
                year = year + 2000 if year < 100 else year
            else:
                day_text, month_text = (
                    (match.group(1), match.group(2)) if order == "dmy" else (match.group(2), match.group(1))
                )
                day, month = int(day_text), MONTHS[month_text.lower().rstrip(".")]
                year = int(match.group(3)) if match.group(3) else (written_on.year if written_on else 0)
                if not year:
                    return None
            found = dt.date(year, month, day)
            if written_on and not match.group(3) and order != "num" and found > written_on:
                found = found.replace(year=found.year - 1)  # 29 February the year before is no day
        except (ValueError, KeyError):
            continue
        return found
    relative = _RELATIVE.search(sentence)
    if relative and written_on:
        word = relative.group(1).lower()
        return written_on - dt.timedelta(days=1) if word in ("yesterday", "last night") else written_on
    return None


_PRIOR = re.compile(
    r"\b(?:previous|former|earlier|past|first|last|other)\s+(?:partner|partners|relationship|relationships|wife|wives|"
    r"girlfriend|girlfriends|boyfriend|husband|marriage)\b|\bex-?(?:wife|girlfriend)\b|\bchildren from (?:a|his) "
    r"(?:previous|former|earlier)\b",
    re.IGNORECASE,
)


# ---------------------------------------------------------------------------------------- facts


@dataclass(frozen=True, slots=True)
class FoundFact:
    """One fact a note holds, offered for the pattern map. ``start``/``end`` are character offsets
    into the note (``text == note[start:end]``)."""

    kind: str
    catalogue_id: str
    label: str
    start: int
    end: int
    text: str
    #: whose behaviour, effort, factor or engagement it is (refs), where the note says or the family
    #: has one such person
    people: tuple[str, ...]
    #: the children it is about (child harm) or protects (her efforts), where the note names them
    children: tuple[str, ...]
    occurred_on: dt.date | None
    relationship: str
    #: he denies it: offered as an allegation he denies
    denied: bool
    #: the sentence it is in (character offsets)
    sentence_start: int
    sentence_end: int
    #: for a fact the statistical second reader found (not a rule), the words that weighed most
    because: tuple[str, ...] = ()

    def key(self) -> str:
        """How a decision on this fact is remembered with its note: a digest of the kind and the words,
        never the words themselves."""
        words = " ".join(self.text.lower().split())
        return hashlib.sha256(f"{self.kind}\x00{self.catalogue_id}\x00{words}".encode()).hexdigest()


#: Kinds of fact that are one person's doing, checked against whom the sentence is about
_WHOSE = {PROTECTIVE_EFFORT: ADULT_SURVIVOR, ENGAGEMENT: PERSON_CAUSING_HARM, CHILD_HARM: CHILD}

_SENTENCE_END = re.compile(rb"[.!?]+(?:['\")]|\xe2\x80[\x99\x9d])*(?=\s|$)|\n[ \t]*\n")


_SENTENCE_END_TEXT = re.compile(_SENTENCE_END.pattern.decode("latin-1").replace("\\xe2\\x80[\\x99\\x9d]", "[’”]"))


def sentences_of(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, as ``find_facts`` splits a note."""
    spans, start = [], 0
    for match in _SENTENCE_END_TEXT.finditer(text):
        if text[start : match.end()].strip():
            spans.append((start + len(text[start:]) - len(text[start:].lstrip()), match.end()))
        start = match.end()
    if text[start:].strip():
        spans.append((start + len(text[start:]) - len(text[start:].lstrip()), len(text)))
    return spans


class _Characters:
    """Byte offsets into UTF-8 ``data`` -> character offsets, cheaply for offsets asked in order."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.ascii = data.isascii()
        self.byte = self.char = 0

    def __call__(self, offset: int) -> int:
        if self.ascii:
            return offset
        if offset < self.byte:
            self.byte = self.char = 0
        self.char += len(self.data[self.byte : offset].decode("utf-8", "replace"))
        self.byte = offset
        return self.char


def find_facts(
    text: str,
    members: Sequence[Member] = (),
    written_on: dt.date | None = None,
    rules: FactRules | None = None,
    second_reader: bool = False,
) -> list[FoundFact]:
    """What ``text`` (a note) holds for the pattern map, in order. With ``second_reader``, also what
    the statistical second reader finds in sentences where the rules found nothing of that kind and
    id (as the note editor runs it; the command line runs the rules alone unless asked)."""
    note = _Note(text, _family(tuple(members)), written_on, rules or default_fact_rules())
    found: list[FoundFact] = []
    seen: set[tuple[str, str, int]] = set()
    denied_in_note = False
    for raw in note.rules.scanner.scan(note.data, note.family.stand_ins):
        sentence = note.sentence_around(raw.start, raw.end)
        if raw.rule.family == DENIAL:
            denied_in_note = denied_in_note or note.is_his_denial(raw.start, sentence)
            continue
        kind, _, catalogue_id = raw.rule.family.partition(".")
        if (kind, catalogue_id, sentence[0]) in seen:
            continue  # one fact of each kind per sentence
        fact = note.offer(kind, catalogue_id, raw.start, raw.end, sentence)
        if fact is not None:
            seen.add((kind, catalogue_id, sentence[0]))
            found.append(fact)
    model = shipped_model(FACTS_MODEL_FILE) if second_reader else None
    if model is not None:
        found = sorted(found + note.read_again(found, model), key=lambda f: (f.start, f.end))
    if denied_in_note:
        found = [replace(f, denied=True) if f.kind == BEHAVIOUR else f for f in found]
    return _most_specific(found, note.rules.instead_of)


class _Note:
    """One note being read: its text, its UTF-8 bytes and their normalised copy, and its family."""

    def __init__(self, text: str, family: _Family, written_on: dt.date | None, rules: FactRules) -> None:
        self.text, self.family, self.written_on, self.rules = text, family, written_on, rules
        self.data = text.encode("utf-8", "surrogatepass")
        self.norm = self.data.translate(NORMALISE)
        self.characters = _Characters(self.data)
        self.bytes_at = _Bytes(text)
        self.not_happened = [t.get() for t in (rules.not_happened, rules.not_happened_near) if t is not None]
        self.denied_by = rules.denied_by.get() if rules.denied_by else None
        #: where each sentence ends (bytes), and what is known of each sentence a fact was found in
        self.stops = [match.end() for match in _SENTENCE_END.finditer(self.data)]
        self.sentences: dict[tuple[int, int], _Sentence] = {}

    def sentence_around(self, start: int, end: int) -> tuple[int, int]:
        """The sentence holding data[start:end], in bytes."""
        index = bisect_right(self.stops, start)
        before = self.stops[index - 1] if index else 0
        index = bisect_right(self.stops, end, index)
        after = self.stops[index] if index < len(self.stops) else len(self.data)
        while before < start and self.data[before : before + 1].isspace():
            before += 1
        return before, after

    def sentence(self, span: tuple[int, int]) -> _Sentence:
        """What is known of the sentence at ``span`` (bytes), worked out once however many facts it holds."""
        known = self.sentences.get(span)
        if known is None:
            start, end = self.characters(span[0]), self.characters(span[1])
            known = self.sentences[span] = _Sentence(start, end, self.text[start:end], self)
        return known

    def is_his_denial(self, at: int, span: tuple[int, int]) -> bool:
        sentence = self.sentence(span)
        return _could_be(PERSON_CAUSING_HARM, sentence, self.characters(at) - sentence.start, self.family)

    def offer(
        self,
        kind: str,
        catalogue_id: str,
        at: int,
        until: int,
        span: tuple[int, int],
        because: tuple[str, ...] = (),
    ) -> FoundFact | None:
        """The fact whose words are data[at:until] (bytes) in the sentence at ``span`` (bytes), or None
        where the note says it did not happen, or it is not about a child (a child's harm), or not
        the doing of whose it must be (her efforts, his engagement)."""
        # the tests reach a few words back: the last REACH_BYTES of the clause are enough to read
        clause = max(clause_start(self.data, span[0], at), at - REACH_BYTES)
        # his denial keeps his behaviour on offer, as an allegation he denies; anything else denied
        # ("she denied any self-harm") did not happen, as far as the note says
        denied = bool(self.denied_by and self.denied_by.search(self.norm, clause, at))
        if denied and kind != BEHAVIOUR:
            return None
        if not denied and any(test.search(self.norm, clause, at) for test in self.not_happened):
            return None
        sentence = self.sentence(span)
        start, end = self.characters(at), self.characters(until)
        words_at = start - sentence.start
        if kind == CHILD_HARM and not sentence.about_a_child():
            return None
        if kind in _WHOSE and not _could_be(_WHOSE[kind], sentence, words_at, self.family):
            return None
        return FoundFact(
            kind=kind,
            catalogue_id=catalogue_id,
            label=self.rules.choices[kind][catalogue_id],
            start=start,
            end=end,
            text=self.text[start:end],
            people=_whose(kind, sentence, words_at, self.family),
            children=_which_children(kind, sentence, self.family),
            occurred_on=sentence.date(),
            relationship=sentence.relationship(),
            denied=denied,
            sentence_start=sentence.start,
            sentence_end=sentence.end,
            because=because,
        )

    def read_again(self, found: list[FoundFact], model: SentenceModel) -> list[FoundFact]:
        """The second reader's facts: per sentence, each catalogue id it raises that the rules did not
        find there, under the same tests as a rule's."""
        by_rules = {(f.sentence_start, f.kind, f.catalogue_id) for f in found}
        added: list[FoundFact] = []
        for sentence_start, sentence_end in sentences_of(self.text):
            sentence = (self.bytes_at(sentence_start), self.bytes_at(sentence_end))
            for name, because, start, end in model.raised(self.text[sentence_start:sentence_end]):
                kind, _, catalogue_id = name.partition(".")
                if (sentence_start, kind, catalogue_id) in by_rules or catalogue_id not in self.rules.choices.get(
                    kind, {}
                ):
                    continue
                at, until = self.bytes_at(sentence_start + start), self.bytes_at(sentence_start + end)
                fact = self.offer(kind, catalogue_id, at, until, sentence, because)
                if fact is not None:
                    added.append(fact)
        return added


class _Sentence:
    """A sentence of a note that holds a fact: its words (``start``/``end``, characters into the note),
    whom it names, and, worked out the first time a fact asks, its date, relationship and whether
    it is about a child."""

    __slots__ = ("start", "end", "words", "note", "mentioned", "_date", "_relationship", "_about_a_child")

    def __init__(self, start: int, end: int, words: str, note: _Note) -> None:
        self.start, self.end, self.words, self.note = start, end, words, note
        self.mentioned = _mentioned(words, note.family)
        self._date: dt.date | None | bool = False
        self._relationship = ""
        self._about_a_child: bool | None = None

    def date(self) -> dt.date | None:
        if self._date is False:
            self._date = stated_date(self.words, self.note.written_on)
        return self._date  # type: ignore[return-value]

    def relationship(self) -> str:
        if not self._relationship:
            self._relationship = RELATIONSHIP_PRIOR if _PRIOR.search(self.words) else RELATIONSHIP_CURRENT
        return self._relationship

    def about_a_child(self) -> bool:
        if self._about_a_child is None:
            note = self.note
            self._about_a_child = _about_a_child(note.text, self.start, self.end, note.family, note.rules.child_words)
        return self._about_a_child


class _Bytes:
    """Character offsets into ``text`` -> byte offsets into its UTF-8 form."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.ascii = text.isascii()

    def __call__(self, offset: int) -> int:
        return offset if self.ascii else len(self.text[:offset].encode("utf-8", "surrogatepass"))


def _about_a_child(text: str, start: int, end: int, members: _Family, words: re.Pattern[str] | None) -> bool:
    """Is the sentence text[start:end], or one of the two before it, about a child: a child of the
    family named, or a word for a child?"""
    before = text.rfind(".", 0, max(0, start - 2))
    before = text.rfind(".", 0, max(0, before - 1)) if before > 0 else before
    around = text[max(before + 1, start - 600) : end]
    if words is not None and words.search(around):
        return True
    return any(m.role == CHILD for _, m in _mentioned(around, members))


_NAME_FIRST = re.compile(r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’-]*)?")
#: Words that say whose an effort or an engagement is: a subject pronoun, or the survivor as "mum"
_SUBJECT_WORD = re.compile(r"\b(he|she|mum|mummy|mother)\b", re.IGNORECASE)
_MUM = ("mum", "mummy", "mother")


def _could_be(role: str, said: _Sentence, at: int, members: _Family) -> bool:
    """Could the effort or engagement whose words begin at sentence[at:] be that of the family's
    person in ``role``? Not where the last person the sentence names, or the last "he", "she" or
    "mum", before its words (or as their first word) is someone else ("Since Craig moved out",
    "Mum was seen alone"). For her efforts children are left out, unless one begins the sentence: an
    effort names them ("took Lily to school")."""
    sentence = said.words
    first_word = _NAME_FIRST.match(sentence, at)  # a name that begins the words
    limit = first_word.end() if first_word else at
    everyone = [(position, m) for position, m in said.mentioned if position < limit]
    first = min((p for p, _ in everyone), default=limit)
    # her efforts name the children they protect; a child who begins the sentence is its subject
    named = [(p, m) for p, m in everyone if m.role != CHILD or role != ADULT_SURVIVOR or p == first == 0]
    words = [(m.start(), m.group(1).lower()) for m in _SUBJECT_WORD.finditer(sentence, 0, limit)]
    last_named = named[-1] if named else None
    last_word = words[-1] if words else None
    if last_word and (last_named is None or last_word[0] > last_named[0]):
        if last_word[1] in _MUM:
            return role == ADULT_SURVIVOR
        if role == CHILD:
            return True  # "he" or "she" may be a child as well as an adult
        holders = [m for m in members if m.role == role]
        return not holders or any((m.pronouns or _default_pronoun(m)) == last_word[1] for m in holders)
    if last_named:
        return last_named[1].role == role
    # a sentence that begins with the effort, with no one named ("Phoned the school."), is the
    # writer's own record of what she did herself, not the survivor's effort
    return not (role == ADULT_SURVIVOR and not sentence[:at].strip())


def _most_specific(found: list[FoundFact], instead_of: Mapping[str, Sequence[str]]) -> list[FoundFact]:
    """Without the facts another found in the same sentence stands for (strangulation for an assault)."""
    if not instead_of:
        return found
    covered = {
        (other, fact.sentence_start)
        for fact in found
        for other in instead_of.get(f"{fact.kind}.{fact.catalogue_id}", ())
    }
    return [fact for fact in found if (f"{fact.kind}.{fact.catalogue_id}", fact.sentence_start) not in covered]


def _stand_ins(members: tuple[Member, ...]) -> StandIns:
    """The family's names as the rules read them: him "mr xxx", her "ms xxx" (``names.stand_ins``),
    also with a title and family name as they are recorded ("Ms Whitfield" who causes harm reads
    as him), and each child "chxxx", so a child's name is never read as hers or his."""
    adults = stand_ins(Person(m.name, m.role, m.pronouns) for m in members)
    prefix = {PERSON_CAUSING_HARM: b"mr", ADULT_SURVIVOR: b"ms"}
    titled = {
        f"{title} {m.family_name}".encode(): prefix[m.role]
        + b" "
        + b"x" * (len(f"{title} {m.family_name}".encode()) - 3)
        for m in members
        if m.role in prefix and m.family_name
        for title, pronoun in _TITLES.items()
        if pronoun == (m.pronouns or _default_pronoun(m))
        for title in (title.capitalize(),)
    }
    children = {
        name.encode(): b"chx" + b"x" * (len(name.encode()) - 3)
        for m in members
        if m.role == CHILD
        for name in {m.name, m.given_name}
        if len(name.encode()) >= 3 and name[:1].isupper()
    }
    return tuple(sorted((*adults, *titled.items(), *children.items()), key=lambda pair: -len(pair[0])))


def _whose(kind: str, said: _Sentence, at: int, members: _Family) -> tuple[str, ...]:
    if kind == CHILD_HARM:
        return ()
    role = {BEHAVIOUR: PERSON_CAUSING_HARM, ENGAGEMENT: PERSON_CAUSING_HARM, PROTECTIVE_EFFORT: ADULT_SURVIVOR}.get(
        kind
    )
    mentioned = said.mentioned
    if role is not None:
        named = [m for _, m in mentioned if m.role == role]
        if named:
            return (named[0].ref,)
        holders = [m for m in members if m.role == role]
        return (holders[0].ref,) if len(holders) == 1 else ()
    # a complicating factor: the adult named nearest before the words, else whom the pronoun means
    adults = [(position, m) for position, m in mentioned if m.role != CHILD and position <= at]
    if adults:
        return (adults[-1][1].ref,)
    pronoun = _last_pronoun(said.words[:at])
    if pronoun:
        holders = [m for m in members if m.role != CHILD and (m.pronouns or _default_pronoun(m)) == pronoun]
        if len(holders) == 1:
            return (holders[0].ref,)
        for role in (PERSON_CAUSING_HARM, ADULT_SURVIVOR):
            preferred = [m for m in holders if m.role == role]
            if len(preferred) == 1:
                return (preferred[0].ref,)
    return ()


_PRONOUNS = re.compile(r"\b(he|him|his|she|her|hers|they|them|their)\b", re.IGNORECASE)
_PRONOUN_OF = {"him": "he", "his": "he", "her": "she", "hers": "she", "them": "they", "their": "they"}


def _last_pronoun(text: str) -> str:
    words = _PRONOUNS.findall(text)
    if not words:
        return ""
    word = words[-1].lower()
    return str(_PRONOUN_OF.get(word, word))


def _which_children(kind: str, said: _Sentence, members: _Family) -> tuple[str, ...]:
    if kind not in (CHILD_HARM, PROTECTIVE_EFFORT, BEHAVIOUR):
        return ()
    named = list(dict.fromkeys(m.ref for _, m in said.mentioned if m.role == CHILD))
    if named or kind != CHILD_HARM:
        return tuple(named)
    children = [m for m in members if m.role == CHILD]
    return (children[0].ref,) if len(children) == 1 else ()


def only_concerns(found: Sequence[FoundFact]) -> bool:
    """Does a note record his behaviour or harm to a child, and nothing of her efforts or his engagement?
    (The note editor then asks, once and quietly, what is working.)"""
    kinds = {fact.kind for fact in found}
    return bool(kinds & {BEHAVIOUR, CHILD_HARM}) and not kinds & {PROTECTIVE_EFFORT, ENGAGEMENT}


def members_from(people: Iterable[Mapping[str, Any]]) -> list[Member]:
    """Members from the case-file format's people (id, given_name, family_name, role, pronouns, date_of_birth)."""
    found = []
    for index, person in enumerate(people):
        if not isinstance(person, Mapping):
            continue
        found.append(
            Member(
                ref=str(person.get("id", index)),
                given_name=str(person.get("given_name") or "").strip(),
                family_name=str(person.get("family_name") or "").strip(),
                role=str(person.get("role") or ""),
                pronouns=str(person.get("pronouns") or ""),
            )
        )
    return found
