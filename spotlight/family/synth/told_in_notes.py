"""What a synthetic family's notes tell, and the pattern map told in the notes as a real file tells it.

A worker records what she learns in a note first; a map, where there is one, is drawn from the
notes. So each fact on a synthetic family's map is also told, in words, in a note (the note on or
after the day it happened; the last note for a fact with only a period; the first note for an
earlier relationship), and some families' maps keep only part of what the notes tell. The truth
covers every fact, told or mapped (`Told`, `family_truth`), so a file whose facts are only in its
notes holds the same practice as one whose map is full. Pure Python.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from spotlight.casefile.format import FamilyRecord
from spotlight.cases.domain.casefile import AgencyRecord, NoteRecord
from spotlight.family.synth.told import TOLD
from spotlight.pattern.domain.casefile import (
    RELATIONSHIP_PRIOR,
    BehaviourEntryRecord,
    ComplicatingFactorRecord,
    ProtectiveEffortRecord,
)
from spotlight.vocabulary import AgencyKind

#: A note with the map's facts told in it runs to this many sentences at most, where there is room
MAX_SENTENCES = 10
_SENTENCE_END = re.compile(r"[.?!](?=\s|$)")
#: Share of families whose map holds only some of the facts their notes tell
PARTIAL_MAP_CHANCE = 0.3
#: On a partial map, the chance that each fact (bar the presenting incident) is on it
KEPT_ON_PARTIAL_MAP = 0.5


@dataclass(frozen=True)
class Told:
    """The facts a family's notes tell, as the generator wrote them (see `told.TOLD`)."""

    behaviour_kinds: frozenset[str] = frozenset()
    prior_kinds: frozenset[str] = frozenset()
    #: children (person ids) a note tells a specific harm to
    children_harmed: frozenset[str] = frozenset()
    efforts: frozenset[str] = frozenset()


def told_in(texts: Iterable[str], written: Mapping[str, tuple[str, str]], children: Mapping[str, str]) -> Told:
    """What ``texts`` (the notes as written) tell: each sentence or act written from a tagged template
    that is still in a note (a note cut short may have lost it). ``children``: given name -> id."""
    notes = list(texts)
    kinds: dict[str, set[str]] = {"behaviour": set(), "prior": set(), "child_harm": set(), "protective_effort": set()}
    for text, (template, child) in written.items():
        tags = TOLD.get(template, ())
        if not tags or not any(text in note for note in notes):
            continue
        for kind, catalogue_id in tags:
            if kind == "child_harm":
                if child in children:
                    kinds[kind].add(children[child])
            else:
                kinds[kind].add(catalogue_id)
    return Told(
        behaviour_kinds=frozenset(kinds["behaviour"]),
        prior_kinds=frozenset(kinds["prior"]),
        children_harmed=frozenset(kinds["child_harm"]),
        efforts=frozenset(kinds["protective_effort"]),
    )


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if not text or text[-1] in ".!?" else text + "."


#: Where a fact from each source is told: in a note from an agency of this kind (None: the worker's own)
_WRITTEN_BY: dict[str, AgencyKind | None] = {
    "police": AgencyKind.POLICE,
    "school": AgencyKind.SCHOOL,
    "health": AgencyKind.HEALTH,
}


def _note_for(notes: Sequence[NoteRecord], day: dt.date | None, writer: Callable[[NoteRecord], bool]) -> int:
    """The index of the note on or after ``day`` that ``writer`` picks, else the first on or after it
    (the last note when none is, or no day is known)."""
    after = [i for i, note in enumerate(notes) if day is None or note.date >= day] or [len(notes) - 1]
    return next((i for i in after if writer(notes[i])), after[0] if day is not None else after[-1])


def tell_in_notes(
    notes: Sequence[NoteRecord],
    agencies: Sequence[AgencyRecord],
    entries: Sequence[BehaviourEntryRecord],
    efforts: Sequence[ProtectiveEffortRecord],
    factors: Sequence[ComplicatingFactorRecord],
    without_him: Collection[str] = (),
    children: Sequence[str] = (),
) -> tuple[NoteRecord, ...]:
    """The notes, each with the map's facts of its day added to its text (ids and dates unchanged): a
    fact from the police in a police note where there is one, from the school in the school's, and
    so on; the rest in the worker's own. Notes in ``without_him`` (those the truth says leave him
    out) are left as they are. An effort the map does not link to a child is told without naming
    the children (``children``: their given names), as the map records it."""
    if not notes:
        return tuple(notes)
    kind_of = {a.id: a.kind for a in agencies}

    def by(source: str) -> Callable[[NoteRecord], bool]:
        wanted = _WRITTEN_BY.get(source)
        return lambda note: (kind_of.get(note.agency) if note.agency else None) == wanted

    told: list[list[str]] = [[] for _ in notes]
    room = [
        -1_000 if note.id in without_him else MAX_SENTENCES - len(_SENTENCE_END.findall(note.text)) for note in notes
    ]

    def tell(at: int, sentences: list[str]) -> None:
        """In the note at ``at``, or the next one with room (a note runs to MAX_SENTENCES at most,
        unless no note after it has room: then the one with most room)."""
        fits = [i for i in range(at, len(notes)) if room[i] >= len(sentences)]
        chosen = fits[0] if fits else max(range(len(notes)), key=lambda i: room[i])
        if room[chosen] < -100:
            return  # every note leaves him out: the fact stays on the map only
        told[chosen] += sentences
        room[chosen] -= len(sentences)

    for entry in entries:
        words = _sentence(entry.description or entry.during)
        if entry.relationship == RELATIONSHIP_PRIOR:
            tell(0, [f"In his previous relationship: {words}"] if words else [])
            continue
        at = _note_for(notes, entry.occurred_on, by(entry.source))
        tell(at, [words, *(_sentence(f"{h.his_action} {h.impact}") for h in entry.child_harms)])
    names = (
        re.compile(
            rf"\b(?:{'|'.join(map(re.escape, children))})(?:(?:, | and )(?:{'|'.join(map(re.escape, children))}))*\b"
        )
        if children
        else None
    )
    for effort in efforts:
        words = (
            effort.description if effort.children or names is None else names.sub("the children", effort.description)
        )
        tell(_note_for(notes, effort.occurred_on, by(effort.source)), [_sentence(words)])
    for factor in factors:
        tell(len(notes) - 1, [_sentence(factor.interaction)])
    return tuple(
        note.model_copy(update={"text": " ".join([note.text, *(t for t in extra if t)])}) if extra else note
        for note, extra in zip(notes, told, strict=True)
    )


def partial_map(
    rng: random.Random, entries: Sequence[BehaviourEntryRecord], efforts: Sequence[ProtectiveEffortRecord]
) -> tuple[tuple[BehaviourEntryRecord, ...], tuple[ProtectiveEffortRecord, ...]]:
    """The map as this file keeps it: for some families only part of what the notes tell (the
    presenting incident always stays)."""
    if rng.random() >= PARTIAL_MAP_CHANCE:
        return tuple(entries), tuple(efforts)
    kept_entries = tuple(e for e in entries if e.presenting_incident or rng.random() < KEPT_ON_PARTIAL_MAP)
    kept_efforts = tuple(e for e in efforts if rng.random() < KEPT_ON_PARTIAL_MAP)
    return kept_entries, kept_efforts


def as_filed(
    rng: random.Random,
    record: FamilyRecord,
    factors: Sequence[ComplicatingFactorRecord],
    without_him: Collection[str],
    children: Sequence[str],
) -> FamilyRecord:
    """The family's file as a worker keeps it: every fact of its full map told in its notes too, and
    the map itself, for some families, only part of it (`partial_map`)."""
    entries, efforts = record.behaviour_entries, record.protective_efforts
    kept_entries, kept_efforts = partial_map(rng, entries, efforts)
    notes = tell_in_notes(record.notes, record.agencies, entries, efforts, factors, without_him, children)
    return record.model_copy(
        update={"notes": notes, "behaviour_entries": kept_entries, "protective_efforts": kept_efforts}
    )
