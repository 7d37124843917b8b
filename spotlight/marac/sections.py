"""Marac's section of the family page: each Marac the family was heard at, with the actions agreed for
each agency and where they have got to; an action can be added to the family's active plan."""

from __future__ import annotations

from collections.abc import Mapping

from spotlight.cases.sections import FamilySection, SectionRequest
from spotlight.marac import selectors


def _marac(request: SectionRequest) -> Mapping[str, object]:
    return {"marac_cases": selectors.family_marac(request.family)}


MARAC = FamilySection(key="marac", title="Marac", template="marac/sections/marac.html", order=23, build=_marac)
