"""Page links for any list shown a page at a time (GOV.UK pagination, `ui/_pagination.html`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlencode


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: the gap between numbers ("...")
    href: str = ""
    current: bool = False


def page_href(keep: Mapping[str, object], name: str, number: int) -> str:
    """The address of page `number`, keeping the list's other choices (a query, a sort)."""
    return "?" + urlencode({**{k: v for k, v in keep.items() if v not in ("", None)}, name: number})


def page_links(
    window: Iterable[int | str | None], current: int, keep: Mapping[str, object], name: str = "page"
) -> list[PageLink]:
    """A link for each page number in `window`; anything else (None, or Django's ellipsis) is a gap."""
    return [
        PageLink(n, page_href(keep, name, n), n == current) if isinstance(n, int) else PageLink(None) for n in window
    ]
