"""Documents attached to a family or a case note, through real requests: attached through the write
gate, downloaded byte for byte through the read gate, refused with a clear message that keeps what was
typed, struck out with a reason (never deleted), and logged without a title, a file name or contents."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from spotlight.access.models import AccessLogEntry
from spotlight.cases.models import CaseNote
from spotlight.documents.models import Document
from spotlight.documents.services import document_attach
from tests.conftest import PASSWORD, SpotlightClient, World, writable

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n" + bytes(range(256)) * 8 + b"\n%%EOF\n"
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
TITLE = "Police report of the incident on 14 March"


def _client(username: str) -> Client:
    client = SpotlightClient()
    assert client.login(username=username, password=PASSWORD)
    return client


def _note(world: World) -> CaseNote:
    return CaseNote.objects.get(family=world.families["north_allocated"])


def _post(world: World, name: str = "report.pdf", content: bytes = PDF, **extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "file": SimpleUploadedFile(name, content, content_type="application/pdf"),
        "kind": "police_report",
        "title": TITLE,
        "case_note": str(_note(world).pk),
    }
    data.update(extra)
    return data


def _attach_url(world: World, key: str = "north_allocated") -> str:
    return reverse("document_attach", args=[world.families[key].pk])


def _download_url(document: Document, family_id: int | None = None) -> str:
    return reverse("document_download", args=[family_id or document.family_id, document.pk])


def _attached(world: World, key: str, writer: str, content: bytes = PDF, name: str = "letter.pdf") -> Document:
    return document_attach(
        target=writable(world.users[writer], world.families[key]),
        kind="letter",
        title="Letter from the school",
        upload=ContentFile(content, name=name),
    )


def _last_rows(since: int) -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(id__gt=since).order_by("id"))


def _last_id() -> int:
    return AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


@pytest.mark.django_db
def test_a_worker_attaches_a_file_to_a_note_and_it_comes_back_byte_for_byte(
    world: World, documents_folder: Path
) -> None:
    client = _client("sw_north")
    family = world.families["north_allocated"]
    assert client.get(_attach_url(world)).status_code == 200
    before = _last_id()
    response = client.post(_attach_url(world), _post(world))
    assert response.status_code == 302
    assert response["Location"] == reverse("family_detail", args=[family.pk]) + "#documents"

    document = Document.objects.get(family=family)
    assert (document.title, document.kind, document.case_note_id) == (TITLE, "police_report", _note(world).pk)
    assert (document.original_name, document.size, document.content_type) == ("report.pdf", len(PDF), "application/pdf")
    assert document.sha256 == hashlib.sha256(PDF).hexdigest()
    assert document.uploaded_by == world.users["sw_north"] and document.uploaded_by_name == "Sw"
    stored = documents_folder / document.stored_name
    assert stored.read_bytes() == PDF, "kept outside the database, as it came"
    assert "report" not in document.stored_name and len(stored.name) == 32, "under a random name, never hers"
    assert stored.stat().st_mode & 0o777 == 0o600

    page = client.get(reverse("family_detail", args=[family.pk])).content.decode()
    assert 'id="documents"' in page and TITLE in page and "Police report" in page
    assert "PDF, 2.1 KB" in page and "The note of" in page and "Sw" in page
    assert "Police report attached." in page, "the confirmation stands at the top of the documents"
    assert _download_url(document) in page
    assert reverse("document_strike_out", args=[family.pk, document.pk]) in page
    assert "1 document" in page, "the note in the chronology says it has a document"
    assert page.index('id="chronology"') < page.index('id="documents"') < page.index('id="language"')

    download = client.get(_download_url(document))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]
    assert download["Content-Disposition"] == 'attachment; filename="report.pdf"'
    assert download["Content-Type"] == "application/pdf"
    assert "no-store" in download["Cache-Control"]
    assert download["X-Content-Type-Options"] == "nosniff"

    rows = [(r.action, r.what, r.family_id) for r in _last_rows(before) if r.username == "sw_north"]
    assert ("create", f"document {document.pk}", family.pk) in rows
    assert ("view", f"document {document.pk}", family.pk) in rows, "through the read gate"
    assert ("view", f"document {document.pk} downloaded", family.pk) in rows
    texts = " ".join(AccessLogEntry.objects.values_list("what", flat=True))
    assert "report" not in texts.replace("document", "") and "14 March" not in texts and "PDF" not in texts


@pytest.mark.django_db
def test_a_document_may_belong_to_the_family_as_a_whole(world: World) -> None:
    client = _client("sw_north")
    response = client.post(_attach_url(world), _post(world, case_note=""))
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.case_note is None
    assert "The family" in client.get(reverse("family_detail", args=[document.family_id])).content.decode()


def _refused(client: Client, world: World, **post: object) -> str:
    before = Document.objects.count()
    response = client.post(_attach_url(world), post)
    assert response.status_code == 200, "the form again, with its errors"
    assert Document.objects.count() == before, "nothing kept"
    page = response.content.decode()
    assert "There is a problem" in page
    assert f'value="{TITLE}"' in page, "the title typed is kept"
    assert 'value="police_report" checked' in page, "the kind chosen is kept"
    assert f'value="{_note(world).pk}" selected' in page, "the note chosen is kept"
    return page


@pytest.mark.django_db
def test_a_kind_of_file_spotlight_does_not_keep_is_refused_by_its_name(world: World) -> None:
    page = _refused(_client("sw_north"), world, **_post(world, name="report.exe", content=EXECUTABLE))
    assert "report.exe is not a kind of file Spotlight keeps: choose a PDF, Word document, image or text file" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "named_as"),
    [
        ("report.pdf", EXECUTABLE, "a PDF"),
        ("notes.txt", EXECUTABLE, "a text file"),
        ("photo.jpg", PDF, "a JPEG image"),
        ("letter.docx", b"PK\x03\x04" + b"\x00" * 100, "a Word document"),
    ],
)
def test_a_file_whose_contents_are_not_what_its_name_says_is_refused(
    world: World, name: str, content: bytes, named_as: str
) -> None:
    page = _refused(_client("sw_north"), world, **_post(world, name=name, content=content))
    assert f"{name} is named as {named_as}, but what is inside is not {named_as}" in page


@pytest.mark.django_db
def test_a_file_too_big_is_refused_with_the_limit_and_not_read_past_it(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SPOTLIGHT_DOCUMENT_MAX_BYTES = 2048
    big = PDF + b"x" * 100_000
    page = _refused(_client("sw_north"), world, **_post(world, content=big))
    assert "report.pdf is larger than 2 KB: choose a file of 2 KB or smaller" in page
    assert "of up to 2 KB" in page, "the hint gives the limit"


@pytest.mark.django_db
def test_the_service_checks_the_size_too(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    from django.core.exceptions import ValidationError

    settings.SPOTLIGHT_DOCUMENT_MAX_BYTES = 2048
    with pytest.raises(ValidationError) as caught:
        _attached(world, "north_allocated", "sw_north", content=PDF + b"x" * 5000, name="big.pdf")
    assert caught.value.message_dict["file"] == ["big.pdf is 6.9 KB: choose a file of 2 KB or smaller"]


@pytest.mark.django_db
def test_an_empty_file_is_refused(world: World) -> None:
    page = _refused(_client("sw_north"), world, **_post(world, content=b""))
    assert "report.pdf is empty: choose the file again, or another file" in page


@pytest.mark.django_db
def test_no_file_is_refused_and_the_other_fields_are_kept(world: World) -> None:
    data = _post(world)
    del data["file"]
    page = _refused(_client("sw_north"), world, **data)
    assert "Choose a file to attach" in page


@pytest.mark.django_db
def test_a_missing_title_asks_for_one_and_to_choose_the_file_again(world: World) -> None:
    response = _client("sw_north").post(_attach_url(world), _post(world, title="  "))
    page = response.content.decode()
    assert response.status_code == 200 and Document.objects.count() == 0
    assert "Enter a short title for the document" in page
    assert "choose it again" in page, "a browser does not keep a chosen file"


@pytest.mark.django_db
def test_a_note_of_another_family_is_refused(world: World) -> None:
    other = CaseNote.objects.create(
        family=world.families["south"], occurred_on=_note(world).occurred_on, contact_type="phone_call", text="x"
    )
    response = _client("sw_north").post(_attach_url(world), _post(world, case_note=str(other.pk)))
    assert response.status_code == 200 and Document.objects.count() == 0
    assert "Choose one of this family’s case notes, or none" in response.content.decode()


@pytest.mark.django_db
def test_the_kinds_of_document_come_from_the_settings(world: World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SPOTLIGHT_DOCUMENT_KINDS = {"marac_minutes": "Marac minutes", "other": "Something else"}
    client = _client("sw_north")
    page = client.get(_attach_url(world)).content.decode()
    assert 'value="marac_minutes"' in page and "Something else" in page and 'value="police_report"' not in page
    assert client.post(_attach_url(world), _post(world, kind="marac_minutes")).status_code == 302
    refused = client.post(_attach_url(world), _post(world, kind="police_report")).content.decode()
    assert "Choose one of the kinds of document listed" in refused


@pytest.mark.django_db
def test_another_familys_document_and_an_unknown_one_are_not_found_and_logged(world: World) -> None:
    south_document = _attached(world, "south", "sw_south")
    north_document = _attached(world, "north_allocated", "sw_north")
    client = _client("sw_north")
    family = world.families["north_allocated"]
    for document_id in (south_document.pk, 999_999):
        before = _last_id()
        response = client.get(reverse("document_download", args=[family.pk, document_id]))
        assert response.status_code == 404
        assert b"Letter from the school" not in response.content and b"%PDF" not in response.content
        refused = [(r.action, r.what, r.family_id) for r in _last_rows(before)]
        assert ("refused", f"document {document_id}", family.pk) in refused
        assert not any(what.endswith("downloaded") for _, what, _ in refused)
    # Her document's own family, but a family she cannot read: not found either, and logged.
    before = _last_id()
    response = client.get(_download_url(south_document))
    assert response.status_code == 404
    assert [(r.action, r.what) for r in _last_rows(before)] == [("refused", f"document {south_document.pk}")]
    # And strike-out of another family's document through her family's address.
    url = reverse("document_strike_out", args=[family.pk, south_document.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "Wrong family"}).status_code == 404
    assert Document.objects.get(pk=south_document.pk).struck_out_at is None
    assert client.get(_download_url(north_document)).status_code == 200


@pytest.mark.django_db
def test_someone_without_read_access_cannot_download(world: World) -> None:
    document = _attached(world, "north_allocated", "sw_north")
    for username in ("sw_south", "admin"):
        client = _client(username)
        before = _last_id()
        response = client.get(_download_url(document))
        assert response.status_code == 404, username
        assert b"%PDF" not in response.content
        rows = _last_rows(before)
        assert [(r.action, r.what, r.username) for r in rows] == [("refused", f"document {document.pk}", username)]


@pytest.mark.django_db
def test_an_auditor_downloads_but_cannot_attach_or_strike_out(world: World) -> None:
    document = _attached(world, "south", "sw_south")
    client = _client("auditor")
    download = client.get(_download_url(document))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]
    page = client.get(reverse("family_detail", args=[document.family_id])).content.decode()
    assert "Letter from the school" in page
    assert "Attach a document" not in page and "Strike out" not in page
    assert client.get(_attach_url(world, "south")).status_code == 403
    before = _last_id()
    assert client.post(_attach_url(world, "south"), {**_post(world), "case_note": ""}).status_code == 403
    assert Document.objects.count() == 1
    assert [r.action for r in _last_rows(before)] == ["refused"]
    strike = reverse("document_strike_out", args=[document.family_id, document.pk])
    assert client.post(strike, {"reason": "I would rather it were not here"}).status_code == 403
    assert Document.objects.get().struck_out_at is None


@pytest.mark.django_db
def test_a_document_attached_in_error_is_struck_out_with_a_reason_never_deleted(
    world: World, documents_folder: Path
) -> None:
    document = _attached(world, "north_allocated", "sw_north")
    client = _client("sw_north")
    url = reverse("document_strike_out", args=[document.family_id, document.pk])
    form = client.get(url).content.decode()
    assert "Letter from the school" in form and "attached in error" in form

    missing = client.post(url, {"reason": "   "})
    assert missing.status_code == 200
    assert "Enter why this document is being struck out" in missing.content.decode()
    assert Document.objects.get().struck_out_at is None

    before = _last_id()
    done = client.post(url, {"reason": "Attached to the wrong family"})
    assert done.status_code == 302 and done["Location"].endswith("#documents")
    document.refresh_from_db()
    assert document.is_struck_out and document.struck_out_by == world.users["sw_north"]
    assert document.struck_out_reason == "Attached to the wrong family"
    assert [(r.action, r.what) for r in _last_rows(before)] == [("update", f"document {document.pk} struck out")]
    assert (documents_folder / document.stored_name).read_bytes() == PDF, "its file is kept"

    page = client.get(reverse("family_detail", args=[document.family_id])).content.decode()
    assert "<del>Letter from the school</del>" in page and "Struck out by Sw" in page
    assert "Attached to the wrong family" in page
    assert _download_url(document) not in page, "no longer given out from the record"
    assert "Letter struck out" in page

    before = _last_id()
    gone = client.get(_download_url(document))
    assert gone.status_code == 410 and b"%PDF" not in gone.content
    assert [(r.action, r.what) for r in _last_rows(before)][-1] == ("refused", f"document {document.pk} (struck out)")

    again = client.post(url, {"reason": "Again"})
    assert "This document was already struck out on" in again.content.decode()
    assert Document.objects.get().struck_out_reason == "Attached to the wrong family"


@pytest.mark.django_db
def test_the_attach_link_leads_from_a_note(world: World) -> None:
    note = _note(world)
    page = _client("sw_north").get(_attach_url(world), {"note": str(note.pk)}).content.decode()
    assert f'value="{note.pk}" selected' in page
    assert 'enctype="multipart/form-data"' in page and "csrfmiddlewaretoken" in page


@pytest.mark.django_db
def test_a_word_document_an_image_and_a_text_file_are_kept(world: World) -> None:
    word = io.BytesIO()
    with zipfile.ZipFile(word, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    files = {
        "assessment.docx": word.getvalue(),
        "photo.JPG": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x01" * 50,
        "scan.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 50,
        "notes.txt": "Sarah said the children were safe at her sister’s.\r\n".encode(),
    }
    client = _client("sw_north")
    for name, content in files.items():
        assert client.post(_attach_url(world), _post(world, name=name, content=content)).status_code == 302, name
    kept = dict(Document.objects.values_list("original_name", "content_type"))
    assert kept == {
        "assessment.docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "photo.JPG": "image/jpeg",
        "scan.png": "image/png",
        "notes.txt": "text/plain",
    }


@pytest.mark.django_db
def test_a_file_larger_than_is_kept_in_memory_goes_through_a_temporary_file(world: World) -> None:
    big = PDF + bytes(range(256)) * (3 * 1024 * 4)  # 3 MB: Django writes it to a temporary file first
    client = _client("sw_north")
    assert client.post(_attach_url(world), _post(world, content=big)).status_code == 302
    document = Document.objects.get()
    assert document.size == len(big) and document.sha256 == hashlib.sha256(big).hexdigest()
    assert b"".join(client.get(_download_url(document)).streaming_content) == big  # type: ignore[attr-defined]
