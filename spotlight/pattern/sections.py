"""The pattern map's section of the family page: his behaviour over time, the harm to each child,
her protective efforts, complicating factors and his programme referrals."""

from __future__ import annotations

from collections.abc import Mapping

from spotlight.cases.sections import FamilySection, SectionRequest
from spotlight.pattern.selectors import facts_in_notes, pattern_map
from spotlight.vocabulary import Role


def _pattern(request: SectionRequest) -> Mapping[str, object]:
    pattern = pattern_map(request.family, people=request.people)
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
        "notes_facts_waiting": sum(not line.kind_on_map for line in facts_in_notes(request.family)),
    }


PATTERN_MAP = FamilySection(
    key="pattern",
    title="Pattern of his behaviour",
    template="pattern/_family_pattern.html",
    order=20,
    build=_pattern,
)
