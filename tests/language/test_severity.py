"""Severity means something (issue 12): "error" only where the wording blames her or hides him with
no reading that does not; wording that may also record a fair fact or a fair question is a
"warning"; the second reader's findings are "suggestions". Examples as in docs/language-review.md."""

from __future__ import annotations

import pytest

from spotlight.language import Severity, review


@pytest.mark.parametrize(
    ("text", "severity"),
    [
        # no innocent reading: her responsibility for his harm, or his violence put on her
        ("Mum failed to protect the children from the violence.", Severity.ERROR),
        ("She let him back into the house again last week.", Severity.ERROR),
        ("It is up to mum to keep him away from the children.", Severity.ERROR),
        ("Ms Reid provoked him by going through his phone.", Severity.ERROR),
        ("She continues to expose the children to his violence.", Severity.ERROR),
        # an innocent reading exists: what she decided, a safety step she chose, a fair question
        ("Mum declined to support a prosecution.", Severity.WARNING),
        ("Ms Reid was advised to change the locks.", Severity.WARNING),
        ("Mum will call 999 if he comes to the house.", Severity.WARNING),
        ("The assessment will consider whether mum can protect the children.", Severity.WARNING),
        ("The couple argue most weekends.", Severity.WARNING),
        ("She was assaulted in the kitchen.", Severity.WARNING),
        # the second reader: less sure than any rule
        ("Mum could not be relied on to keep the children safe.", Severity.SUGGESTION),
    ],
)
def test_each_level_is_kept_for_what_it_means(text: str, severity: Severity) -> None:
    found = review(text)
    assert found, text
    assert max((f.severity for f in found), key=lambda s: s.rank) is severity, [(f.rule, f.severity) for f in found]
