"""Reads of information sharing, and the chronology by agency: what each agency knows and did for a family,
on one page (its notes, what was shared with it and received from it, its Marac research and actions
are added by the family layer)."""

from __future__ import annotations

from dataclasses import dataclass

from spotlight.cases.models import Family
from spotlight.sharing.domain.vocabulary import SharingVocabulary, default_sharing
from spotlight.sharing.models import InformationSharing


@dataclass(frozen=True)
class SharingLine:
    row: InformationSharing
    kinds: tuple[str, ...]
    reason: str
    basis: str


def family_sharing(family: Family, vocabulary: SharingVocabulary | None = None) -> list[SharingLine]:
    vocabulary = vocabulary or default_sharing()
    rows = InformationSharing.objects.filter(family=family, struck_out_at=None).order_by("-on", "-id")
    return [
        SharingLine(
            row,
            tuple(vocabulary.label("kinds", k) for k in row.kinds),
            vocabulary.label("reasons", row.reason),
            vocabulary.label("lawful_bases", row.lawful_basis),
        )
        for row in rows
    ]
