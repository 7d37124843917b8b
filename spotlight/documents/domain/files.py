"""Which files Spotlight keeps, and how it tells: a kind of file is known both by the ending of its name
and by its first bytes, so a program renamed "report.pdf" is refused, and so is a file too big or empty.

Pure (no Django), so the same checks can run on files on the command line. Each refusal is a sentence
for the worker who chose the file; it names her file, and is never written to a log.
"""

from __future__ import annotations

import codecs
import hashlib
import unicodedata
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import IO, Protocol, cast

#: How much of the start of a file is read to tell what it is.
HEAD_BYTES = 4096
#: Starts of programs and scripts: never a text file, whatever its name says.
_PROGRAMS = (b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"#!")
#: Control characters a text file does not hold (tab, line ends, form feed and the old end-of-file mark do).
_NOT_IN_TEXT = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1A}


class Content(Protocol):
    """A file open for reading bytes, that can go back to its start (an open file, an upload)."""

    def read(self, size: int = -1, /) -> bytes: ...
    def seek(self, offset: int, whence: int = 0, /) -> int: ...
    def tell(self) -> int: ...


class FileRefused(ValueError):
    """Why a file is not kept, in words to show the worker who chose it."""


@dataclass(frozen=True)
class FileType:
    id: str
    name: str  # what it is, for "is named as a PDF, but..."
    noun: str  # how it is offered, for "choose a PDF, Word document, image or text file"
    extensions: tuple[str, ...]  # lower case, with the dot
    content_type: str  # what the download says it is: Spotlight's finding, never the browser's claim
    looks_right: Callable[[bytes, Content], bool]  # given the first bytes and the whole file (seekable)


def _starts_with(*signatures: bytes) -> Callable[[bytes, Content], bool]:
    def check(head: bytes, whole: Content) -> bool:
        return head.startswith(signatures)

    return check


def _is_word_document(head: bytes, whole: Content) -> bool:
    """A .docx is a zip holding Word's main part; one with macros (vbaProject.bin) is not a .docx."""
    if not head.startswith(b"PK\x03\x04"):
        return False
    try:
        whole.seek(0)
        with zipfile.ZipFile(cast(IO[bytes], whole)) as archive:  # reads the list of parts only, never unpacks them
            names = set(archive.namelist())
    # zipfile raises NotImplementedError for a compression method it cannot read: refuse the file
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, KeyError, NotImplementedError):
        return False
    finally:
        whole.seek(0)
    return (
        "[Content_Types].xml" in names
        and "word/document.xml" in names
        and not any(n.lower().endswith("vbaproject.bin") for n in names)
    )


def _is_text(head: bytes, whole: Content) -> bool:
    """Plain text: UTF-8 (or UTF-16 with its mark, or an older 8-bit encoding), no NUL or other
    control characters, and not the start of a program or script."""
    if head.startswith(_PROGRAMS):
        return False
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16-le" if head.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
        try:
            text = codecs.getincrementaldecoder(encoding)().decode(head[2:], final=False)
        except UnicodeDecodeError:
            return False
        return not any(ord(c) in _NOT_IN_TEXT for c in text)
    return not any(byte in _NOT_IN_TEXT for byte in head)


KNOWN_FILE_TYPES: dict[str, FileType] = {
    t.id: t
    for t in (
        FileType("pdf", "PDF", "PDF", (".pdf",), "application/pdf", _starts_with(b"%PDF-")),
        FileType(
            "docx",
            "Word document",
            "Word document",
            (".docx",),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            _is_word_document,
        ),
        FileType("png", "PNG image", "image", (".png",), "image/png", _starts_with(b"\x89PNG\r\n\x1a\n")),
        FileType("jpeg", "JPEG image", "image", (".jpg", ".jpeg"), "image/jpeg", _starts_with(b"\xff\xd8\xff")),
        FileType("txt", "text file", "text file", (".txt",), "text/plain", _is_text),
    )
}


def file_types(ids: Sequence[str]) -> tuple[FileType, ...]:
    """The kinds of file named (by id, as in the settings); an unknown id is named in the error."""
    unknown = [i for i in ids if i not in KNOWN_FILE_TYPES]
    if unknown:
        raise ValueError(f"Unknown kind of file: {', '.join(unknown)}. Spotlight knows: {', '.join(KNOWN_FILE_TYPES)}.")
    return tuple(KNOWN_FILE_TYPES[i] for i in ids)


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def offered(allowed: Sequence[FileType]) -> str:
    """ "a PDF, Word document, image or text file": what a worker may choose, in her words."""
    nouns = list(dict.fromkeys(t.noun for t in allowed))
    if not nouns:
        return "no file: Spotlight is set to keep none"
    listed = nouns[0] if len(nouns) == 1 else f"{', '.join(nouns[:-1])} or {nouns[-1]}"
    return f"{_article(nouns[0])} {listed}"


def size_in_words(size: int) -> str:
    """10485760 -> "10 MB"; 1536 -> "1.5 KB"; 12 -> "12 bytes"."""
    if size < 1024:
        return f"{size} byte{'' if size == 1 else 's'}"
    for unit, scale in (("KB", 1024), ("MB", 1024**2), ("GB", 1024**3)):
        if size < scale * 1024 or unit == "GB":
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    raise AssertionError("unreachable")  # pragma: no cover


def clean_file_name(name: str, *, limit: int = 200) -> str:
    """The file's own name, as it may be shown and given back on download: no folders, no control or
    invisible formatting characters (which could make "exe.pdf" read as "fdp.exe"), not too long."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip().strip(".")
    if not base:
        return "document"
    if len(base) <= limit:
        return base
    stem, dot, ending = base.rpartition(".")
    if dot and len(ending) <= 10:
        return stem[: limit - len(ending) - 2] + "…." + ending
    return base[: limit - 1] + "…"


def _ending(name: str) -> str:
    stem, dot, ending = name.rpartition(".")
    return f".{ending.lower()}" if dot and stem else ""


def check_file(name: str, size: int, content: Content, *, allowed: Sequence[FileType], max_bytes: int) -> FileType:
    """The kind of the file, if Spotlight keeps it; otherwise `FileRefused` saying what was wrong.

    By its name first, then its size, then what is inside: its first bytes must be those of the kind
    its name says. `content` must be seekable; it is left at its start.
    """
    shown = clean_file_name(name, limit=80)
    ending = _ending(shown)
    kind = next((t for t in allowed if ending in t.extensions), None)
    if kind is None:
        raise FileRefused(f"{shown} is not a kind of file Spotlight keeps: choose {offered(allowed)}")
    if size > max_bytes:
        raise FileRefused(f"{shown} is {size_in_words(size)}: choose a file of {size_in_words(max_bytes)} or smaller")
    if size == 0:
        raise FileRefused(f"{shown} is empty: choose the file again, or another file")
    content.seek(0)
    head = content.read(HEAD_BYTES)
    content.seek(0)
    if not kind.looks_right(head, content):
        article = _article(kind.name)
        raise FileRefused(
            f"{shown} is named as {article} {kind.name}, but what is inside is not {article} {kind.name}: "
            f"choose another file, or save it again as {article} {kind.name}"
        )
    return kind


def digest_and_size(content: Content, *, chunk: int = 64 * 1024) -> tuple[str, int]:
    """The SHA-256 (hex) and the size of the whole file, read in chunks; left at its start."""
    content.seek(0)
    digest = hashlib.sha256()
    size = 0
    while block := content.read(chunk):
        digest.update(block)
        size += len(block)
    content.seek(0)
    return digest.hexdigest(), size
