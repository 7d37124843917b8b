"""Template helpers for the language review's badges."""

from __future__ import annotations

from collections.abc import Mapping

from django import template

from spotlight.reviews.selectors import NoteCounts

register = template.Library()


@register.filter
def counts_for(counts: Mapping[int, NoteCounts] | None, note_id: int) -> NoteCounts | None:
    """`language_counts|counts_for:note.pk`: the note's finding counts, or None when it has none."""
    if not counts:
        return None
    return counts.get(note_id)
