"""Labelled corpora of notes for the facts found in notes, and how found facts are scored against them.

A corpus (``tests/extraction/corpus_*.yaml``) holds families, each with its people and notes, and
for each note the facts a careful reader labelled (kind, catalogue id, the words, whose, which
child, denied) and the wording that only looks like a fact (``not_facts``). A found fact counts as
right when the note has a labelled fact of the same kind and catalogue id in the same sentence;
each labelled fact is matched once.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from spotlight.pattern.domain.notefacts import FactRules, FoundFact, Member, find_facts


@dataclass(frozen=True)
class LabelledFact:
    kind: str
    catalogue_id: str
    start: int
    end: int
    person: str = ""
    child: str = ""
    denied: bool = False


@dataclass(frozen=True)
class LabelledNote:
    ref: str
    written_on: dt.date | None
    text: str
    facts: tuple[LabelledFact, ...]
    not_facts: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class LabelledFamily:
    ref: str
    members: tuple[Member, ...]
    notes: tuple[LabelledNote, ...]


def _span(text: str, words: str, where: str) -> tuple[int, int]:
    at = text.find(words)
    if at < 0:
        raise ValueError(f"{where}: {words!r} is not in the note")
    return at, at + len(words)


def load_corpus(path: Path) -> list[LabelledFamily]:
    import yaml

    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    families = []
    for family in raw["families"]:
        members = []
        refs: dict[str, str] = {}
        for index, person in enumerate(family["people"]):
            given, _, surname = str(person["name"]).partition(" ")
            ref = f"{family['id']}-p{index}"
            refs[str(person["name"])] = ref
            age = person.get("age")
            members.append(Member(ref, given, surname, str(person["role"]), str(person.get("pronouns") or ""), age))
        notes = []
        for note in family["notes"]:
            text = str(note["text"])
            where = f"{path.name}: note {note['id']}"
            facts = tuple(
                LabelledFact(
                    kind=str(fact["kind"]),
                    catalogue_id=str(fact["id"]),
                    start=(span := _span(text, str(fact["text"]), where))[0],
                    end=span[1],
                    person=refs.get(str(fact.get("person") or ""), ""),
                    child=refs.get(str(fact.get("child") or ""), ""),
                    denied=bool(fact.get("denied")),
                )
                for fact in note.get("facts") or []
            )
            not_facts = tuple(_span(text, str(words), where) for words in note.get("not_facts") or [])
            date = note.get("date")
            written_on = date if isinstance(date, dt.date) else (dt.date.fromisoformat(str(date)) if date else None)
            notes.append(LabelledNote(str(note["id"]), written_on, text, facts, not_facts))
        families.append(LabelledFamily(str(family["id"]), tuple(members), tuple(notes)))
    return families


@dataclass
class Score:
    """Counts per kind: labelled, found, right (matched both ways); and the rest of what is measured."""

    labelled: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    right: Counter[str] = field(default_factory=Counter)
    #: found facts whose words are in a not_fact
    offered_not_facts: int = 0
    not_facts: int = 0
    #: of the right ones with a labelled person: the person right
    person_known: int = 0
    person_right: int = 0
    denied_labelled: int = 0
    denied_right: int = 0
    misses: list[tuple[str, LabelledFact, str]] = field(default_factory=list)
    false_alarms: list[tuple[str, FoundFact, str]] = field(default_factory=list)

    def precision(self, kind: str | None = None) -> float:
        found = self.found[kind] if kind else sum(self.found.values())
        right = self.right[kind] if kind else sum(self.right.values())
        return right / found if found else 1.0

    def recall(self, kind: str | None = None) -> float:
        labelled = self.labelled[kind] if kind else sum(self.labelled.values())
        right = self.right[kind] if kind else sum(self.right.values())
        return right / labelled if labelled else 1.0


def score_corpus(families: list[LabelledFamily], rules: FactRules | None = None, second_reader: bool = False) -> Score:
    score = Score()
    for family in families:
        for note in family.notes:
            found = find_facts(note.text, family.members, note.written_on, rules, second_reader=second_reader)
            _score_note(note, found, score)
    return score


def _score_note(note: LabelledNote, found: list[FoundFact], score: Score) -> None:
    unmatched = list(note.facts)
    for fact in note.facts:
        score.labelled[fact.kind] += 1
        score.denied_labelled += fact.denied
    score.not_facts += len(note.not_facts)
    for item in found:
        score.found[item.kind] += 1
        match = next(
            (
                gold
                for gold in unmatched
                if gold.kind == item.kind
                and gold.catalogue_id == item.catalogue_id
                and item.sentence_start <= gold.start < item.sentence_end
            ),
            None,
        )
        if match is None:
            if any(start < item.end and item.start < end for start, end in note.not_facts):
                score.offered_not_facts += 1
            score.false_alarms.append((note.ref, item, note.text[item.sentence_start : item.sentence_end]))
            continue
        unmatched.remove(match)
        score.right[item.kind] += 1
        if match.person:
            score.person_known += 1
            score.person_right += match.person in item.people
        if match.denied:
            score.denied_right += item.denied
    for gold in unmatched:
        score.misses.append((note.ref, gold, note.text[gold.start : gold.end]))

