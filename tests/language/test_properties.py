"""Properties of the review on any text at all (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from spotlight.language import review

#: Wording the rules react to, mixed into random text so that findings actually happen.
TRIGGERS = [
    "failed to protect",
    "a volatile relationship",
    "she allowed him back",
    "exposed to domestic abuse",
    "was assaulted",
    "lost his temper",
    "non-engagement",
    "[[keep: her words]]",
    "[[keep]]",
    '"',
    "“",
    "”",
    "’",
    "'",
    ". ",
    "\n",
    "Zoë",
]

pieces = st.one_of(st.text(max_size=30), st.sampled_from(TRIGGERS))
texts = st.lists(pieces, max_size=25).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_offsets_slice_back_to_exactly_the_reported_text(text: str) -> None:
    for finding in review(text):
        assert 0 <= finding.start < finding.end <= len(text)
        assert text[finding.start : finding.end] == finding.text


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_unicode_at_all_is_reviewed_without_error(text: str) -> None:
    for finding in review(text):
        assert text[finding.start : finding.end] == finding.text


@settings(max_examples=100, deadline=None)
@given(texts, texts)
def test_findings_in_separate_paragraphs_do_not_affect_each_other(first: str, second: str) -> None:
    """Reviewing two paragraphs together finds what reviewing each alone finds (sentences are independent)."""
    first, second = first.replace("\n", " ") + ".", second.replace("\n", " ") + "."
    joined = first + "\n\n" + second

    def seen(text: str) -> list[tuple[str, str, str | None]]:
        return [(f.rule, f.text, f.dismissed) for f in review(text)]

    assert seen(joined) == seen(first) + seen(second)
