"""How reports write their numbers (the audit's and the outcomes' reports alike): a dash for nothing,
two places for a mean, a sign for a change, and never "-0.00"."""

from __future__ import annotations

#: What a report shows where there is no number
DASH = "\u2013"


def fixed(value: float | None, places: int = 2) -> str:
    return DASH if value is None else f"{value:.{places}f}"


def signed(value: float | None) -> str:
    """A change with its sign ("+0.42", "-1.10"); "0.00" when it rounds to nothing."""
    if value is None:
        return DASH
    rounded = round(value, 2) + 0.0
    return f"{rounded:+.2f}" if rounded else "0.00"
