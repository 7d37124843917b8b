"""Her risk over time: a small Vega-Lite chart of the yes answers at each risk identification, with the
threshold for visible high risk, and what changed between the last two. Pure, no Django."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"


@dataclass(frozen=True)
class Point:
    on: dt.date
    yes: int
    level: str


def trend_spec(points: Sequence[Point], threshold: int, questions: int) -> dict[str, Any]:
    """Yes answers at each identification, oldest first, with a rule at the visible high risk threshold."""
    values = [{"date": p.on.isoformat(), "yes": p.yes, "level": p.level} for p in sorted(points, key=lambda p: p.on)]
    return {
        "$schema": VEGA_LITE_SCHEMA,
        "width": "container",
        "height": 140,
        "layer": [
            {
                "data": {"values": values},
                "mark": {"type": "line", "point": True},
                "encoding": {
                    "x": {"field": "date", "type": "temporal", "title": "Risk identification"},
                    "y": {
                        "field": "yes",
                        "type": "quantitative",
                        "title": "Yes answers",
                        "scale": {"domain": [0, questions]},
                    },
                    "tooltip": [
                        {"field": "date", "type": "temporal", "title": "Date"},
                        {"field": "yes", "type": "quantitative", "title": "Yes answers"},
                        {"field": "level", "type": "nominal", "title": "Level"},
                    ],
                },
            },
            {
                "data": {"values": [{"threshold": threshold}]},
                "mark": {"type": "rule", "strokeDash": [4, 4]},
                "encoding": {"y": {"field": "threshold", "type": "quantitative"}},
            },
        ],
    }


@dataclass(frozen=True)
class Change:
    topic: str
    before: str
    now: str


def changes(
    topics: Sequence[tuple[str, str]], earlier: Mapping[str, Mapping[str, str]], latest: Mapping[str, Mapping[str, str]]
) -> list[Change]:
    """The questions (id, topic) whose answer differs between two identifications, in the checklist's order."""
    found = []
    for qid, topic in topics:
        before = earlier.get(qid, {}).get("answer", "")
        now = latest.get(qid, {}).get("answer", "")
        if before != now:
            found.append(Change(topic, before, now))
    return found
