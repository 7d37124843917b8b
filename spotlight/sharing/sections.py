"""Information sharing's section of the family page: what has been shared and received, with whom, why."""

from __future__ import annotations

from collections.abc import Mapping

from spotlight.cases.sections import FamilySection, SectionRequest
from spotlight.sharing import selectors


def _sharing(request: SectionRequest) -> Mapping[str, object]:
    return {"sharing": selectors.family_sharing(request.family)}


SHARING = FamilySection(
    key="sharing",
    title="Information shared and received",
    template="sharing/sections/sharing.html",
    order=42,
    build=_sharing,
)
