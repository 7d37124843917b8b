"""How a synthetic family is written out when it stands for another case system's export."""

from __future__ import annotations

from spotlight.casefile.format import FamilyRecord


def without_map(record: FamilyRecord) -> FamilyRecord:
    """The family as another case system would export it: notes and contact records, no pattern map
    (his programme referrals stay: they are a referral, not a map entry)."""
    return record.model_copy(update={"behaviour_entries": (), "protective_efforts": (), "complicating_factors": ()})
