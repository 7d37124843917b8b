"""The words around a finding, so a page can show the flagged wording in its sentence.

Pure Python, no Django: the page escapes each part and wraps the flagged part in <mark>.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SPACES = re.compile(r"\s+")

#: How many characters of context to show on each side of the flagged wording.
CONTEXT = 80


@dataclass(frozen=True, slots=True)
class Excerpt:
    before: str
    flagged: str
    after: str
    cut_before: bool
    cut_after: bool


def _tidy(text: str) -> str:
    return _SPACES.sub(" ", text)


def excerpt(text: str, start: int, end: int, *, context: int = CONTEXT) -> Excerpt:
    """The flagged span ``text[start:end]`` with up to ``context`` characters either side,
    cut at a space so no word is shown in part."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    left = max(0, start - context)
    if left > 0:
        space = text.find(" ", left, start)
        left = space + 1 if space != -1 else left
    right = min(len(text), end + context)
    if right < len(text):
        space = text.rfind(" ", end, right)
        right = space if space != -1 else right
    before = _tidy(text[left:start])
    after = _tidy(text[end:right])
    return Excerpt(
        before=before.lstrip() if left > 0 else before,
        flagged=text[start:end],
        after=after.rstrip() if right < len(text) else after,
        cut_before=left > 0,
        cut_after=right < len(text),
    )
