"""Synthetic referrals: deterministic, and the screen misses none whose words say plainly that he hits
her or that she is afraid of him (the generator decides both words and truth, so this checks the screen
reads what it must; the blind corpus is the independent measure)."""

from __future__ import annotations

from spotlight.family.synth.referrals import referrals
from spotlight.frontdoor.domain.screen import screen_text


def test_the_same_seed_gives_the_same_referrals() -> None:
    assert list(referrals(50, 3)) == list(referrals(50, 3))
    assert list(referrals(50, 3))[:10] == list(referrals(10, 3))


def test_no_referral_saying_plainly_he_hits_her_or_she_fears_him_is_missed() -> None:
    missed = [
        r.text for r in referrals(600, 11) if r.plain and screen_text(r.text).pathway not in ("present", "high_risk")
    ]
    assert missed == []
