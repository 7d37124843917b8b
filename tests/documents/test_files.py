"""Which files Spotlight keeps, checked without Django: by the ending of the name and by the first bytes."""

from __future__ import annotations

import io
import zipfile

import pytest

from spotlight.documents.domain.files import (
    KNOWN_FILE_TYPES,
    FileRefused,
    check_file,
    clean_file_name,
    digest_and_size,
    file_types,
    offered,
    size_in_words,
)

ALL = file_types(["pdf", "docx", "png", "jpeg", "txt"])


def _check(name: str, content: bytes, allowed: tuple = ALL, max_bytes: int = 10 * 1024 * 1024) -> str:  # type: ignore[type-arg]
    return check_file(name, len(content), io.BytesIO(content), allowed=allowed, max_bytes=max_bytes).id


def _word(*parts: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for part in parts:
            archive.writestr(part, "<x/>")
    return buffer.getvalue()


def test_each_kind_is_known_by_its_name_and_its_first_bytes() -> None:
    assert _check("Report.PDF", b"%PDF-1.4\n") == "pdf"
    assert _check("scan.png", b"\x89PNG\r\n\x1a\n\x00") == "png"
    assert _check("photo.jpeg", b"\xff\xd8\xff\xe1") == "jpeg"
    assert _check("letter.docx", _word("[Content_Types].xml", "word/document.xml")) == "docx"
    assert _check("notes.txt", "Café, £20, naïve\n".encode()) == "txt"
    assert _check("notes.txt", "Café £20\r\n".encode("cp1252")) == "txt", "an older 8-bit text file"
    assert _check("notes.txt", "\ufeffNotes\r\n".encode("utf-16")) == "txt", "Notepad's 'Unicode'"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("letter.docx", _word("[Content_Types].xml", "word/document.xml", "word/vbaProject.bin")),  # macros
        ("letter.docx", _word("[Content_Types].xml", "xl/workbook.xml")),  # a spreadsheet renamed
        ("letter.docx", b"PK\x03\x04 not really a zip"),
        ("notes.txt", b"plain words\x00\x01\x02 then binary"),
        ("notes.txt", b"#!/bin/sh\nrm -rf ~\n"),
        ("notes.txt", b"\x7fELF\x02\x01\x01"),
        ("report.pdf", b"MZ\x90\x00"),
        ("report.pdf", b"<html><script>alert(1)</script>"),
    ],
)
def test_contents_that_are_not_what_the_name_says_are_refused(name: str, content: bytes) -> None:
    with pytest.raises(FileRefused, match="but what is inside is not"):
        _check(name, content)


def test_the_refusals_name_the_file_and_what_to_do() -> None:
    with pytest.raises(FileRefused) as caught:
        _check("report.exe", b"MZ")
    assert str(caught.value) == (
        "report.exe is not a kind of file Spotlight keeps: choose a PDF, Word document, image or text file"
    )
    with pytest.raises(FileRefused, match="^report is not a kind of file"):
        _check("report", b"%PDF-")
    with pytest.raises(FileRefused, match=r"^big.pdf is 2 KB: choose a file of 1000 bytes or smaller$"):
        _check("big.pdf", b"%PDF-" + b"x" * 2043, max_bytes=1000)
    with pytest.raises(FileRefused, match="^empty.pdf is empty: choose the file again, or another file$"):
        _check("empty.pdf", b"")
    with pytest.raises(FileRefused, match="is not a kind of file Spotlight keeps: choose a PDF$"):
        _check("scan.png", b"\x89PNG\r\n\x1a\n", allowed=file_types(["pdf"]))


def test_what_is_offered_reads_as_plain_english() -> None:
    assert offered(ALL) == "a PDF, Word document, image or text file"
    assert offered(file_types(["png", "jpeg"])) == "an image"
    assert offered(file_types(["pdf", "txt"])) == "a PDF or text file"


def test_an_unknown_kind_of_file_in_the_settings_is_named() -> None:
    with pytest.raises(ValueError, match="Unknown kind of file: exe"):
        file_types(["pdf", "exe"])
    assert set(KNOWN_FILE_TYPES) == {"pdf", "docx", "png", "jpeg", "txt"}


def test_a_file_name_is_cleaned_of_folders_and_invisible_characters() -> None:
    assert clean_file_name("C:\\Users\\sam\\report.pdf") == "report.pdf"
    assert clean_file_name("../../etc/passwd") == "passwd"
    assert clean_file_name("invoice\u202efdp.exe") == "invoicefdp.exe", "no right-to-left trick"
    assert clean_file_name("\x00\x1f") == "document"
    long = clean_file_name("a" * 300 + ".pdf")
    assert len(long) == 200 and long.endswith("….pdf")


def test_sizes_in_words_and_the_digest() -> None:
    assert [size_in_words(n) for n in (1, 12, 1536, 10 * 1024 * 1024, 12_999_999)] == [
        "1 byte",
        "12 bytes",
        "1.5 KB",
        "10 MB",
        "12.4 MB",
    ]
    content = io.BytesIO(b"abc")
    assert digest_and_size(content) == ("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", 3)
    assert content.tell() == 0
