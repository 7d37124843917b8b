"""The screen on the blind referrals (tests/frontdoor/referrals_blind.jsonl: 200 referrals written by
someone who never saw the rules, after reading published referral guidance and case reviews; see its
README). Measured 2026-11-26 before any tuning to it, at first reading: finding any domestic abuse
(possible or more) precision 0.908, recall 0.779; present or high risk 0.781 / 0.911; high risk
0.711 / 0.914; the exact pathway 0.66. Floors pinned a little below."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from spotlight.frontdoor.domain.screen import screen_text

HERE = Path(__file__).resolve().parent
ORDER = ("none", "possible", "present", "high_risk")
FLOORS = {  # pathways counted as found: (precision, recall) floors
    ("possible", "present", "high_risk"): (0.88, 0.75),
    ("present", "high_risk"): (0.75, 0.88),
    ("high_risk",): (0.68, 0.88),
}


def test_the_blind_referrals() -> None:
    rows = [json.loads(line) for line in (HERE / "referrals_blind.jsonl").read_text(encoding="utf-8").splitlines()]
    pairs = Counter((row["pathway"], screen_text(row["text"]).pathway) for row in rows)
    for found, (precision_floor, recall_floor) in FLOORS.items():
        tp = sum(n for (t, s), n in pairs.items() if t in found and s in found)
        fp = sum(n for (t, s), n in pairs.items() if t not in found and s in found)
        fn = sum(n for (t, s), n in pairs.items() if t in found and s not in found)
        assert tp / (tp + fp) >= precision_floor, (found, tp, fp)
        assert tp / (tp + fn) >= recall_floor, (found, tp, fn)
    assert sum(pairs[(p, p)] for p in ORDER) / len(rows) >= 0.62
