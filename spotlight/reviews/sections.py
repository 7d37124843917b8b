"""What the language review adds to the family page: a badge on each note with findings, and the way
to the family's language review (and, for quality leads, the archive review)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.urls import reverse

from spotlight.access import policy
from spotlight.cases.models import CaseNote, Family
from spotlight.cases.sections import FamilySection, NoteBadge, SectionRequest
from spotlight.reviews.selectors import note_finding_counts


def language_badges(family: Family, notes: Sequence[CaseNote]) -> Mapping[int, Sequence[NoteBadge]]:
    """A badge for each note whose wording the review would change, or kept with a reason."""
    page = reverse("family_language", kwargs={"family_id": family.pk})
    by_id = {n.pk: n for n in notes}
    badges: dict[int, Sequence[NoteBadge]] = {}
    for note_id, counts in note_finding_counts(family, notes).items():
        note = by_id[note_id]
        badges[note_id] = [
            NoteBadge(
                kind="language",
                label=f"Language: {counts.to_rewrite} to rewrite"
                if counts.to_rewrite
                else f"Language: {counts.kept} kept",
                href=f"{page}#note-{note_id}",
                tag_class="govuk-tag--orange" if counts.to_rewrite else "govuk-tag--grey",
                hidden_text=f"in the note of {note.occurred_on.day} {note.occurred_on:%B %Y}",
                detail=f"({counts.kept} kept with a reason)" if counts.to_rewrite and counts.kept else "",
            )
        ]
    return badges


def _language(request: SectionRequest) -> Mapping[str, object]:
    return {"can_start_archive_review": policy.may_start_archive_review(request.user)}


LANGUAGE = FamilySection(
    key="language",
    title="Language review",
    template="reviews/sections/language.html",
    order=60,
    build=_language,
)
