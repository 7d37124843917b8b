"""A document attached to a family, or to one of its case notes, and the rules for what may be attached.

The file itself is kept in the "documents" storage (settings.STORAGES) under a random name; the record
here says what it is. Nothing is deleted by a worker: a document attached in error is struck out with
a reason and stays listed as struck out. Writes go through `spotlight.documents.services`; reads
through `spotlight.documents.selectors`.

What may be attached comes from the settings, with the defaults below:

- `SPOTLIGHT_DOCUMENT_KINDS`: the kinds a worker chooses from (id -> label);
- `SPOTLIGHT_DOCUMENT_FILE_TYPES`: which kinds of file Spotlight keeps (ids of
  `spotlight.documents.domain.files.KNOWN_FILE_TYPES`), each checked by its name and its first bytes;
- `SPOTLIGHT_DOCUMENT_MAX_BYTES`: the largest file kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils import timezone

from spotlight.cases.models import CaseNote, Family
from spotlight.documents.domain.files import KNOWN_FILE_TYPES, FileType, file_types, size_in_words

#: The storage (settings.STORAGES) the files are kept in.
STORAGE = "documents"

DEFAULT_KINDS: Mapping[str, str] = {
    "police_report": "Police report",
    "letter": "Letter",
    "assessment": "Assessment",
    "court_document": "Court document",
    "other": "Other",
}
DEFAULT_FILE_TYPES = ("pdf", "docx", "png", "jpeg", "txt")
DEFAULT_MAX_BYTES = 10 * 1024 * 1024

TITLE_MAX = 120


@dataclass(frozen=True)
class DocumentRules:
    kinds: Mapping[str, str]  # id -> label, in the order offered
    file_types: tuple[FileType, ...]
    max_bytes: int

    def kind_label(self, kind: str) -> str:
        """The kind's label; a kind since taken off the list keeps a readable name."""
        return self.kinds.get(kind) or kind.replace("_", " ").capitalize()


def document_rules() -> DocumentRules:
    """What may be attached, read from the settings each time (so a test or an authority may change it)."""
    try:
        kinds = {str(k): str(v) for k, v in dict(getattr(settings, "SPOTLIGHT_DOCUMENT_KINDS", DEFAULT_KINDS)).items()}
        types = file_types(list(getattr(settings, "SPOTLIGHT_DOCUMENT_FILE_TYPES", DEFAULT_FILE_TYPES)))
        max_bytes = int(getattr(settings, "SPOTLIGHT_DOCUMENT_MAX_BYTES", DEFAULT_MAX_BYTES))
    except (TypeError, ValueError) as exc:
        raise ImproperlyConfigured(f"The settings for documents are not right: {exc}") from exc
    if not kinds or any(not k or len(k) > 60 or not v for k, v in kinds.items()):
        raise ImproperlyConfigured("SPOTLIGHT_DOCUMENT_KINDS: give at least one kind, each an id of 1 to 60 characters")
    if max_bytes < 1:
        raise ImproperlyConfigured("SPOTLIGHT_DOCUMENT_MAX_BYTES must be a number of bytes above 0")
    return DocumentRules(kinds=kinds, file_types=types, max_bytes=max_bytes)


class Document(models.Model):
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="documents")
    #: the case note it belongs to, if any (always one of the family's own)
    case_note = models.ForeignKey(CaseNote, null=True, blank=True, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=60)
    title = models.CharField(max_length=TITLE_MAX)
    #: the file's name on the worker's computer: shown and given back on download, never a path here
    original_name = models.CharField(max_length=255)
    #: its name in the "documents" storage: random, never the worker's file name
    stored_name = models.CharField(max_length=255, unique=True)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=120)  # what Spotlight found it to be, not what the browser said
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_by_name = models.CharField(max_length=200)
    uploaded_at = models.DateTimeField(default=timezone.now)
    struck_out_at = models.DateTimeField(null=True, blank=True)
    struck_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    struck_out_by_name = models.CharField(max_length=200, blank=True)
    struck_out_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["family", "uploaded_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(struck_out_at__isnull=True) | ~models.Q(struck_out_reason=""),
                name="document_struck_out_with_a_reason",
            ),
        ]

    def __str__(self) -> str:  # never its title or its file's name
        return f"document {self.pk}"

    @property
    def is_struck_out(self) -> bool:
        return self.struck_out_at is not None

    @property
    def kind_label(self) -> str:
        return document_rules().kind_label(self.kind)

    @property
    def size_in_words(self) -> str:
        return size_in_words(self.size)

    @property
    def file_type_name(self) -> str:
        """ "PDF", "Word document"...: what Spotlight found the file to be."""
        found = next((t for t in KNOWN_FILE_TYPES.values() if t.content_type == self.content_type), None)
        return found.name[:1].upper() + found.name[1:] if found else "File"
