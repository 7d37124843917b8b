"""Plans' section of the family page: each plan, with its balance and its findings counted."""

from __future__ import annotations

from collections.abc import Mapping

from spotlight.cases.sections import FamilySection, SectionRequest
from spotlight.plans import selectors


def _plans(request: SectionRequest) -> Mapping[str, object]:
    return {"plans": selectors.family_plans(request.family, today=request.today)}


PLANS = FamilySection(key="plans", title="Plans", template="plans/sections/plans.html", order=24, build=_plans)
