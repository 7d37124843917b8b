"""Pages for documents: attach one, download one, strike one out. Thin: the read and write gates decide
access, the services check and save, the selectors read; the family page lists them (sections.py)."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from spotlight.access.log import access_log_write
from spotlight.access.models import AccessAction, User
from spotlight.cases.editing import apply_errors, family_form_view
from spotlight.cases.gate import NotAllowed, WritableFamily, family_for_read, family_for_write
from spotlight.cases.models import Family
from spotlight.documents import selectors, services
from spotlight.documents.forms import DocumentForm, StrikeOutForm, too_large_files
from spotlight.documents.models import Document
from spotlight.ui.requests import staff_user

ANCHOR = "documents"
logger = logging.getLogger(__name__)


def _document_or_refuse(user: User, family: Family, document_id: int) -> Document:
    """The family's document; for an unknown id or another family's document, a logged "not found"."""
    document = selectors.family_document(family, document_id)
    if document is None:
        access_log_write(user=user, action=AccessAction.REFUSED, family_id=family.pk, what=f"document {document_id}")
        raise NotAllowed(services.NOT_FOUND)
    return document


def _back_to_documents(family: Family) -> str:
    return reverse("family_detail", kwargs={"family_id": family.pk}) + f"#{ANCHOR}"


@require_http_methods(["GET", "POST"])
def document_attach(request: HttpRequest, family_id: int) -> HttpResponse:
    target = family_for_write(staff_user(request), family_id, what="attach a document form")
    family = target.family
    if request.method == "POST":
        files = request.FILES  # reading the upload runs the handlers, which note a file too large
        form = DocumentForm(request.POST, files, family=family, too_large=too_large_files(request).get("file"))
        if form.is_valid():
            data = form.cleaned_data
            try:
                document = services.document_attach(
                    target=target,
                    kind=data["kind"],
                    title=data["title"],
                    upload=data["file"],
                    case_note_id=data["case_note"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, f"{document.kind_label} attached.", extra_tags=f"section:{ANCHOR}")
                return redirect(_back_to_documents(family))
    else:
        note = request.GET.get("note", "")
        form = DocumentForm(family=family, initial={"case_note": note} if note.isascii() and note.isdigit() else {})
    return render(request, "documents/attach_form.html", {"form": form, "family": family})


@require_GET
def document_download(request: HttpRequest, family_id: int, document_id: int) -> HttpResponseBase:
    """The file, through the read gate: as an attachment, kept by no browser or proxy, never sniffed."""
    user = staff_user(request)
    what = f"document {document_id}"
    family = family_for_read(user, family_id, what=what)
    document = _document_or_refuse(user, family, document_id)
    if document.is_struck_out:
        access_log_write(user=user, action=AccessAction.REFUSED, family_id=family.pk, what=f"{what} (struck out)")
        return render(request, "documents/struck_out.html", {"family": family, "document": document}, status=410)
    try:
        handle = selectors.document_file(document)
    except OSError:
        logger.error("Document %s: its file is missing from the documents storage.", document.pk)
        return render(request, "documents/file_missing.html", {"family": family, "document": document}, status=500)
    access_log_write(user=user, action=AccessAction.VIEW, family_id=family.pk, what=f"{what} downloaded")
    response = FileResponse(
        handle, as_attachment=True, filename=document.original_name, content_type=document.content_type
    )
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_http_methods(["GET", "POST"])
def document_strike_out(request: HttpRequest, family_id: int, document_id: int) -> HttpResponse:
    user = staff_user(request)

    def make_form(family: Family, data: Any) -> StrikeOutForm:
        _document_or_refuse(user, family, document_id)  # "not found" before any form for another family's
        return StrikeOutForm(data)

    def save(target: WritableFamily, data: dict[str, Any]) -> str:
        document = services.document_strike_out(target=target, document_id=document_id, reason=data["reason"])
        return f"{document.kind_label} struck out. It stays listed, with your reason."

    return family_form_view(
        request,
        family_id,
        what=f"strike out document {document_id} form",
        title="Strike out a document",
        submit="Strike it out",
        make_form=make_form,
        save=save,
        template="documents/strike_out_form.html",
        extra=lambda family: {"document": selectors.family_document(family, document_id)},
        anchor=ANCHOR,
    )
