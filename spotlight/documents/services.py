"""Writes of documents: attach one to a family (or to one of its case notes), strike one out.

Each write takes the `WritableFamily` that the write gate (`spotlight.cases.gate.family_for_write`)
hands out, checks everything (every problem reported at once, field by field), and is logged with
what kind of thing and its id: never a title, a file's name or its contents. Nothing here deletes a
document: one attached in error is struck out with a reason.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone

from spotlight.access.models import AccessAction
from spotlight.cases.gate import NotAllowed, WritableFamily
from spotlight.cases.models import CaseNote
from spotlight.documents.domain.files import FileRefused, check_file, clean_file_name, digest_and_size
from spotlight.documents.models import STORAGE, TITLE_MAX, Document, document_rules

NOT_FOUND = "No document with that reference is open to you."


def _stored_name() -> str:
    """A random name in the storage (in one of 256 folders), never the worker's own file name."""
    name = uuid.uuid4().hex
    return f"{name[:2]}/{name}"


def document_attach(
    *, target: WritableFamily, kind: str, title: str, upload: File[bytes] | None, case_note_id: int | None = None
) -> Document:
    """Attach a file to the family, or to one of its case notes, with its kind and a short title."""
    rules = document_rules()
    family = target.family
    errors: dict[str, str] = {}
    file_type, sha256, size = None, "", 0
    if upload is None:
        errors["file"] = "Choose a file to attach"
    else:
        sha256, size = digest_and_size(upload)
        try:
            file_type = check_file(upload.name or "", size, upload, allowed=rules.file_types, max_bytes=rules.max_bytes)
        except FileRefused as refused:
            errors["file"] = str(refused)
    if kind not in rules.kinds:
        errors["kind"] = "Choose what kind of document this is"
    title = title.strip()
    if not title:
        errors["title"] = "Enter a short title for the document"
    elif len(title) > TITLE_MAX:
        errors["title"] = f"The title must be {TITLE_MAX} characters or fewer"
    note = None
    if case_note_id is not None:
        note = CaseNote.objects.filter(pk=case_note_id, family=family).first()
        if note is None:
            errors["case_note"] = "Choose one of this family's case notes, or none"
    if errors or upload is None or file_type is None:  # a missing or refused file is among the errors
        raise ValidationError(errors)

    storage = storages[STORAGE]
    stored = storage.save(_stored_name(), upload)
    try:
        with transaction.atomic():
            document = Document.objects.create(
                family=family,
                case_note=note,
                kind=kind,
                title=title,
                original_name=clean_file_name(upload.name or ""),
                stored_name=stored,
                size=size,
                content_type=file_type.content_type,
                sha256=sha256,
                uploaded_by=target.user,
                uploaded_by_name=target.user.display_name,
            )
            target.log(AccessAction.CREATE, f"document {document.pk}")
    except BaseException:
        storage.delete(stored)  # the record was not kept, so neither is the file it would have named
        raise
    return document


def document_strike_out(*, target: WritableFamily, document_id: int, reason: str) -> Document:
    """Strike out a document attached in error, with the reason: it stays listed, struck out, and its
    file is kept (but no longer given out)."""
    reason = reason.strip()
    with transaction.atomic():
        document = Document.objects.select_for_update().filter(family=target.family, pk=document_id).first()
        if document is not None:
            if document.struck_out_at is not None:
                day = timezone.localtime(document.struck_out_at)
                by = document.struck_out_by_name
                raise ValidationError(
                    {"reason": f"This document was already struck out on {day.day} {day:%B %Y} by {by}"}
                )
            if not reason:
                raise ValidationError({"reason": "Enter why this document is being struck out"})
            document.struck_out_at = timezone.now()
            document.struck_out_by = target.user
            document.struck_out_by_name = target.user.display_name
            document.struck_out_reason = reason
            document.save(update_fields=["struck_out_at", "struck_out_by", "struck_out_by_name", "struck_out_reason"])
            target.log(AccessAction.UPDATE, f"document {document.pk} struck out")
            return document
    target.log(AccessAction.REFUSED, f"document {document_id}")  # outside the transaction, so it is kept
    raise NotAllowed(NOT_FOUND)
