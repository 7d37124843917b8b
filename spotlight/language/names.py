"""The family's own names, read as the rules' words for him and her.

Rules say ``{she}`` and ``{him}`` ("mum", "Ms Reid", "her partner"...), but workers also write
first names: "Sarah let Darren back in". When the family's people are known, each adult's name
as written (capitalised, whole word) is swapped, in the review's private normalised copy of the
text, for a stand-in of the same length that the rules already read as her or him ("ms xxx",
"mr xxxx"; a three-letter name, "mrx"). Offsets do not move, and findings still show the words as
written.

Where the review does not know the family (a pasted paragraph, a corpus sentence), any other
capitalised word that is none of the rule file's own words ("Danielle", "Tyler") is read as a
name: ``mark_names`` writes it as ``n`` and ``x``s (``nxxxxxxx``), which the rule file's word
classes take for a person with the stem ``nx*``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spotlight.language.findings import Person

StandIns = tuple[tuple[bytes, bytes], ...]

_PREFIX = {"person_causing_harm": b"mr", "adult_survivor": b"ms"}


def stand_ins(people: Iterable[Person] | None) -> StandIns:
    """(name as written, same-length stand-in) for each adult's full and given name, longest first."""
    pairs: dict[bytes, bytes] = {}
    for person in people or ():
        prefix = _PREFIX.get(person.role)
        name = " ".join(person.name.split())
        if prefix is None or not name:
            continue
        for form in {name, name.split(" ")[0]}:
            written = form.encode("utf-8")
            if len(written) >= 3 and form[:1].isupper():
                pairs.setdefault(written, _stand_in(prefix, len(written)))
    return tuple(sorted(pairs.items(), key=lambda pair: -len(pair[0])))


def _stand_in(prefix: bytes, length: int) -> bytes:
    """A stand-in as long as the name: "mr xxxx" for "Darren"; "mrx" for "Tom", which the phrase
    compiler reads wherever a rule says "mr *" (``phrases.STAND_IN_TITLES``)."""
    return prefix + b"x" if length == 3 else prefix + b" " + b"x" * (length - 3)


_WORDISH = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") | frozenset(range(0x80, 0x100))


def apply_stand_ins(data: bytes, norm: bytes, pairs: StandIns) -> bytes:
    """``norm`` with every whole-word, as-written occurrence of each name replaced by its stand-in
    (where names overlap, the longest: pairs come longest first)."""
    patched: bytearray | None = None
    for name, stand_in in pairs:
        at = data.find(name)
        while at >= 0:
            end = at + len(name)
            whole_word = (at == 0 or data[at - 1] not in _WORDISH) and (end == len(data) or data[end] not in _WORDISH)
            if whole_word:
                if patched is None:
                    patched = bytearray(norm)
                if patched[at:end] == norm[at:end]:  # not inside a longer name already replaced
                    patched[at:end] = stand_in
            at = data.find(name, at + 1)
    return bytes(patched) if patched is not None else norm


#: How a marked name begins in the normalised text; a pattern without it never reads a marked name.
NAME_MARK = b"nx"

_CAPITALISED = re.compile(rb"(?<![A-Za-z0-9\x80-\xff'-])[A-Z][a-z]{2,}(?![A-Za-z0-9\x80-\xff])")


def mark_names(data: bytes, norm: bytes, known_words: frozenset[str], known_stems: tuple[str, ...]) -> bytes:
    """``norm`` with each capitalised word of ``data`` that the rules do not know (nor a stand-in
    already covers) written as a name, ``nxxx``, the same length."""
    patched: bytearray | None = None
    for match in _CAPITALISED.finditer(data):
        start, end = match.span()
        word = norm[start:end]
        if word != data[start:end].lower():
            continue  # a family's name already stands in here
        text = word.decode("ascii")
        if _after_title(norm, start) or text in known_words or text.startswith(known_stems):
            continue
        if patched is None:
            patched = bytearray(norm)
        patched[start:end] = b"n" + b"x" * (end - start - 1)
    return bytes(patched) if patched is not None else norm


_TITLES = (b"mr ", b"ms ", b"mrs ", b"miss ", b"dr ", b"mr. ", b"ms. ", b"mrs. ")


def _after_title(norm: bytes, start: int) -> bool:
    """Is the word a surname after Mr, Ms, Mrs, Miss or Dr (which the rules already read)?"""
    return norm[max(0, start - 6) : start].endswith(_TITLES)
