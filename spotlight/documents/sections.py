"""What documents add to the family page: their own section (each document, its kind, size, who
attached it and when, the note it belongs to), and a badge on each case note that has documents."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.urls import reverse

from spotlight.cases.models import CaseNote, Family
from spotlight.cases.sections import FamilySection, NoteBadge, SectionRequest
from spotlight.documents.selectors import family_documents, note_document_counts


def document_badges(family: Family, notes: Sequence[CaseNote]) -> Mapping[int, Sequence[NoteBadge]]:
    """A badge for each note with documents attached to it, leading to the family's documents."""
    page = reverse("family_detail", kwargs={"family_id": family.pk})
    dates = {n.pk: f"{n.occurred_on.day} {n.occurred_on:%B %Y}" for n in notes}
    return {
        note_id: [
            NoteBadge(
                kind="documents",
                label=f"{count} document{'' if count == 1 else 's'}",
                href=f"{page}#documents",
                tag_class="govuk-tag--blue",
                hidden_text=f"attached to the note of {dates[note_id]}",
            )
        ]
        for note_id, count in note_document_counts(family, notes).items()
    }


def _documents(request: SectionRequest) -> Mapping[str, object]:
    documents = family_documents(request.family)
    return {
        "documents": documents,
        "documents_struck_out": sum(1 for d in documents if d.is_struck_out),
    }


DOCUMENTS = FamilySection(
    key="documents",
    title="Documents",
    template="documents/sections/documents.html",
    order=55,
    build=_documents,
)
