"""The family's own names, read as the rules' words for him and her.

Rules say ``{she}`` and ``{him}`` ("mum", "Ms Reid", "her partner"...), but workers also write
first names: "Sarah let Darren back in". When the family's people are known, each adult's name
as written (capitalised, whole word) is swapped, in the review's private normalised copy of the
text, for a stand-in of the same length that the rules already read as her or him ("ms xxx",
"mr xxxx"). Offsets do not move, and findings still show the words as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

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
            if len(written) >= 4 and form[:1].isupper():
                pairs.setdefault(written, prefix + b" " + b"x" * (len(written) - 3))
    return tuple(sorted(pairs.items(), key=lambda pair: -len(pair[0])))


@lru_cache(maxsize=512)
def _finder(name: bytes) -> re.Pattern[bytes]:
    return re.compile(rb"(?<![A-Za-z0-9\x80-\xff])" + re.escape(name) + rb"(?![A-Za-z0-9\x80-\xff])")


def apply_stand_ins(data: bytes, norm: bytes, pairs: StandIns) -> bytes:
    """``norm`` with every whole-word, as-written occurrence of each name replaced by its stand-in."""
    patched: bytearray | None = None
    for name, stand_in in pairs:
        if name not in data:
            continue
        for match in _finder(name).finditer(data):
            if patched is None:
                patched = bytearray(norm)
            start = match.start()
            if patched[start : start + len(name)] == norm[start : start + len(name)]:  # not inside a longer name
                patched[start : start + len(name)] = stand_in
    return bytes(patched) if patched is not None else norm
