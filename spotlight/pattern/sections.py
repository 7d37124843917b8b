"""The pattern map's section of the family page: his behaviour over time, the harm to each child,
her protective efforts, complicating factors and his programme referrals."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from spotlight.cases.sections import FamilySection, SectionRequest
from spotlight.pattern.domain.catalogue import default_catalogue
from spotlight.pattern.domain.notefacts import BEHAVIOUR
from spotlight.pattern.selectors import NoteFactLine, facts_in_notes, pattern_map
from spotlight.vocabulary import Role


def _pattern(request: SectionRequest) -> Mapping[str, object]:
    pattern = pattern_map(request.family, people=request.people)
    in_notes = facts_in_notes(request.family)
    risky = default_catalogue().risk_indicators()
    empty = (
        not any(his.entries or his.referrals for his in pattern.people_causing_harm)
        and not any(group.efforts for group in pattern.protective_efforts)
        and not pattern.complicating_factors
    )
    return {
        "pattern": pattern,
        "pattern_empty": empty,
        "has_adult_survivor": any(p.role == Role.ADULT_SURVIVOR for p in request.people),
        # what the notes record that is neither on the map nor dismissed, for the worker to check
        "notes_facts_waiting": sum(not line.kind_on_map for line in in_notes),
        # the risk warning reads the notes too: a threat with a knife written in a note is never missing
        "risk_in_notes": _risk_in_notes(in_notes, risky),
    }


def _risk_in_notes(lines: list[NoteFactLine], risky: set[str]) -> list[tuple[str, int, date]]:
    """(label, how many notes, the latest note's date) for each kind of his behaviour that is a risk
    indicator and is found in notes not yet decided on, in the order first found."""
    found: dict[str, tuple[str, set[int], date]] = {}
    for line in lines:
        fact = line.fact
        if fact.kind != BEHAVIOUR or fact.catalogue_id not in risky:
            continue
        label, notes, latest = found.get(fact.catalogue_id, (fact.label, set(), line.note.occurred_on))
        found[fact.catalogue_id] = (label, notes | {line.note.pk}, max(latest, line.note.occurred_on))
    return [(label, len(notes), latest) for label, notes, latest in found.values()]


PATTERN_MAP = FamilySection(
    key="pattern",
    title="Pattern of his behaviour",
    template="pattern/_family_pattern.html",
    order=20,
    build=_pattern,
)
