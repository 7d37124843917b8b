"""Reads of a family's documents, for its page, its forms and the download.

Callers pass a family they got from the read gate (`spotlight.cases.gate.family_for_read`, which logs
the view); nothing here decides who may read what.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.files import File
from django.core.files.storage import storages
from django.db.models import Count

from spotlight.cases.models import CaseNote, Family
from spotlight.documents.models import STORAGE, Document

#: How many of the family's latest notes a document may be attached to from the form.
NOTE_CHOICES = 300


def family_documents(family: Family) -> list[Document]:
    """Every document of the family, struck out ones too, newest first."""
    return list(Document.objects.filter(family=family).select_related("case_note"))


def family_document(family: Family, document_id: int) -> Document | None:
    """The family's document with this id; None for an unknown id or a document of another family."""
    return Document.objects.filter(family=family, pk=document_id).select_related("case_note").first()


def document_file(document: Document) -> File[bytes]:
    """The stored file, open for reading. OSError (FileNotFoundError) if it is missing from the storage."""
    return storages[STORAGE].open(document.stored_name, "rb")


def note_label(note: CaseNote) -> str:
    """A note named by its date and kind of contact, never its words: "14 March 2026 · Home visit"."""
    day = note.occurred_on
    return f"{day.day} {day:%B %Y} · {note.contact_type_label}"


def note_choices(family: Family) -> list[tuple[int, str]]:
    """The family's case notes a document may belong to, newest first."""
    notes = CaseNote.objects.filter(family=family).order_by("-occurred_on", "-id")[:NOTE_CHOICES]
    return [(note.pk, note_label(note)) for note in notes]


def note_document_counts(family: Family, notes: Sequence[CaseNote]) -> dict[int, int]:
    """How many documents (not struck out) belong to each of these notes: note id -> count."""
    rows = (
        Document.objects.filter(family=family, case_note__in=[n.pk for n in notes], struck_out_at__isnull=True)
        .values("case_note")
        .annotate(count=Count("id"))
    )
    return {row["case_note"]: row["count"] for row in rows}
