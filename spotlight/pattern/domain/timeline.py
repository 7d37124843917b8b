"""His behaviour over time, as a Vega-Lite v6 chart: one row per kind of his behaviour (catalogue order),
time across, the current relationship and earlier ones told apart by colour and by shape, risk indicators
ringed. Pure, no Django: it reads plain `TimelineEntry` values and the catalogue, and returns a spec
(a dict ready for JSON) plus a sentence that says what the chart shows, for screen readers and no-JS users.

What goes into the chart's data is deliberately narrow: when (a date, or a period read into a start and
an end), the kind of behaviour, the source, the relationship and whether it is a risk indicator. None of
the free text of an entry (what happened, before/during/after, the place, the earlier partner's name, the
period as typed) is ever written into the spec.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from spotlight.pattern.domain.catalogue import Catalogue

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"

#: Colour-blind safe (Okabe-Ito blue and vermillion, each at least 3:1 against white), and each
#: relationship also has its own shape, so the chart never relies on colour alone.
CURRENT_COLOUR = "#0072B2"
PRIOR_COLOUR = "#D55E00"
CURRENT_SHAPE = "circle"
PRIOR_SHAPE = "square"
RISK_RING_COLOUR = "#0b0c0c"
RISK_LEGEND = "Risk indicator (ringed)"
ROW_HEIGHT = 30

#: Mark names, so the page (and its tests) can find one symbol per entry on the chart.
ENTRIES_MARK = "entries"
PERIODS_MARK = "periods"
RISK_MARK = "risks"

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH_NUMBERS = {name.lower(): i for i, name in enumerate(_MONTHS, start=1)} | {
    name[:3].lower(): i for i, name in enumerate(_MONTHS, start=1)
}
_MONTH_NUMBERS["sept"] = 9
_YEAR_RE = re.compile(r"(?:\b([A-Za-z]{3,9})\.?\s+)?\b((?:19|20)\d{2})\b")


@dataclass(frozen=True)
class Period:
    """A period read from what a worker typed ("2019 to 2021", "March 2019 to June 2020"): first and
    last day, both inclusive."""

    start: dt.date
    end: dt.date

    def label(self) -> str:
        """The period in Spotlight's own words, never the words typed: "2016 to 2018", "Mar 2019 to Jun 2020"."""
        whole_years = (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31)
        if whole_years:
            first, last = str(self.start.year), str(self.end.year)
        else:
            first, last = _month_year(self.start), _month_year(self.end)
        return first if first == last else f"{first} to {last}"


def _month_year(day: dt.date) -> str:
    return f"{_MONTHS[day.month - 1][:3]} {day.year}"


def _last_day(year: int, month: int | None) -> dt.date:
    if month is None:
        return dt.date(year, 12, 31)
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def read_period(text: str) -> Period | None:
    """The start and end of a period as typed, where they can be read: years (1900-2099), each
    optionally after a month name. None when there is no year in it ("when Mia was a baby")."""
    found: list[tuple[int, int | None]] = []
    for match in _YEAR_RE.finditer(text):
        word, year = match.group(1), int(match.group(2))
        found.append((year, _MONTH_NUMBERS.get(word.lower()) if word else None))
    if not found:
        return None
    starts = [dt.date(year, month or 1, 1) for year, month in found]
    ends = [_last_day(year, month) for year, month in found]
    return Period(min(starts), max(ends))


def format_day(day: dt.date) -> str:
    """A date as the family page's tables write it: "5 Mar 2024"."""
    return f"{day.day} {_MONTHS[day.month - 1][:3]} {day.year}"


@dataclass(frozen=True)
class TimelineEntry:
    """One of his behaviours, as much of it as the timeline may show."""

    kind: str  # catalogue id
    behaviour: str  # catalogue label
    occurred_on: dt.date | None
    period: str  # as typed; read here, never copied into the chart
    prior_relationship: bool
    relationship: str  # catalogue label
    source: str  # catalogue label
    risk_indicator: bool


@dataclass(frozen=True)
class Timeline:
    """A chart of one person's behaviour: the Vega-Lite spec and the sentence that says what it shows."""

    spec: dict[str, Any]
    description: str
    charted: int  # entries on the chart (dated, or a period that can be read)
    left_out: int  # entries with no date and no readable period


def short_label(label: str) -> str:
    """A catalogue label without its bracketed examples, for the chart's rows: "Monitoring her"."""
    return label.split(" (", 1)[0].strip() or label


def _row_labels(entries: Sequence[TimelineEntry], catalogue: Catalogue) -> tuple[list[str], dict[str, str]]:
    """The rows in catalogue order (then any kind no longer in the catalogue, as first seen), and the
    row label of each kind: the short label, or the full one where two short labels would collide."""
    present = {e.kind: e.behaviour for e in entries}
    order = [k.id for g in catalogue.behaviours for k in g.kinds if k.id in present]
    order += [kind for kind in dict.fromkeys(e.kind for e in entries) if kind not in order]
    shorts = [short_label(present[kind]) for kind in order]
    labels = {
        kind: short if shorts.count(short) == 1 else present[kind] for kind, short in zip(order, shorts, strict=True)
    }
    rows = [labels[kind] for kind in order]
    if len(set(rows)) != len(rows):  # two kinds with the very same label: keep them apart by id
        labels = {kind: f"{labels[kind]} ({kind})" if rows.count(labels[kind]) > 1 else labels[kind] for kind in order}
        rows = [labels[kind] for kind in order]
    return rows, labels


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _describe(person_name: str, charted: list[tuple[TimelineEntry, dt.date, dt.date]], left_out: int) -> str:
    first = min(start for _, start, _ in charted)
    last = max(end for _, _, end in charted)
    span = _month_year(first)
    if _month_year(last) != span:
        span = f"{span} to {_month_year(last)}"
    kinds = len({e.kind for e, _, _ in charted})
    prior = sum(1 for e, _, _ in charted if e.prior_relationship)
    risks = sum(1 for e, _, _ in charted if e.risk_indicator)
    parts = [
        f"Timeline of {person_name}'s behaviour: {_plural(len(charted), 'entry', 'entries')} "
        f"of {_plural(kinds, 'kind', 'kinds')} of behaviour, {span}.",
        (
            f"{prior} in an earlier relationship ({PRIOR_SHAPE}s), {len(charted) - prior} in the current one "
            f"({CURRENT_SHAPE}s)."
        )
        if prior
        else "All in the current relationship.",
        f"{_plural(risks, 'risk indicator', 'risk indicators')}, ringed." if risks else "No risk indicator.",
    ]
    if left_out:
        parts.append(
            f"{_plural(left_out, 'entry has', 'entries have')} no date or readable period and "
            f"{'is' if left_out == 1 else 'are'} not on the chart."
        )
    parts.append("Every entry is in the table below.")
    return " ".join(parts)


def _when(entry: TimelineEntry) -> tuple[dt.date, dt.date, str] | None:
    if entry.occurred_on is not None:
        return entry.occurred_on, entry.occurred_on, format_day(entry.occurred_on)
    period = read_period(entry.period)
    if period is None:
        return None
    return period.start, period.end, period.label()


def his_timeline(person_name: str, entries: Sequence[TimelineEntry], catalogue: Catalogue) -> Timeline | None:
    """The chart of one person's behaviour, or None when no entry has a date or a readable period.

    Reason for its length: it is one Vega-Lite specification (rows, marks, rings for risk indicators,
    tooltips), read top to bottom as the chart is drawn.
    """
    charted: list[tuple[TimelineEntry, dt.date, dt.date]] = []
    whens: list[str] = []
    for entry in entries:
        when = _when(entry)
        if when is not None:
            charted.append((entry, when[0], when[1]))
            whens.append(when[2])
    if not charted:
        return None
    left_out = len(entries) - len(charted)
    rows, row_of = _row_labels([e for e, _, _ in charted], catalogue)
    relationships = {r.id: r.label for r in catalogue.relationships}
    current_label = relationships.get("current", "The current relationship")
    prior_label = relationships.get("prior", "An earlier relationship")

    values = [
        {
            "start": start.isoformat(),
            "end": end.isoformat() if end != start else None,
            "when": when,
            "row": row_of[entry.kind],
            "behaviour": entry.behaviour,
            "relationship": entry.relationship,
            "source": entry.source,
            "risk": "Yes" if entry.risk_indicator else "No",
        }
        for (entry, start, end), when in zip(charted, whens, strict=True)
    ]
    description = _describe(person_name, charted, left_out)

    x = {
        "field": "start",
        "type": "temporal",
        "title": "Date",
        "scale": {"type": "utc", "padding": 14},
        "axis": {"format": "%b %Y", "labelOverlap": True, "grid": True},
    }
    y = {
        "field": "row",
        "type": "nominal",
        "title": None,
        "sort": rows,
        "axis": {"labelLimit": 320, "labelFontSize": 13, "grid": True},
    }
    relationship_scale = {"domain": [current_label, prior_label]}
    colour = {
        "field": "relationship",
        "type": "nominal",
        "title": "Relationship",
        "scale": relationship_scale | {"range": [CURRENT_COLOUR, PRIOR_COLOUR]},
        "legend": {
            "orient": "bottom",
            "direction": "horizontal",
            "labelFontSize": 13,
            "titleFontSize": 13,
            "symbolOpacity": 1,
            "symbolSize": 130,
        },
    }
    shape = {
        "field": "relationship",
        "type": "nominal",
        "title": "Relationship",
        "scale": relationship_scale | {"range": [CURRENT_SHAPE, PRIOR_SHAPE]},
    }
    tooltip = [
        {"field": "when", "title": "When"},
        {"field": "behaviour", "title": "His behaviour"},
        {"field": "source", "title": "Source"},
        {"field": "relationship", "title": "Relationship"},
        {"field": "risk", "title": "Risk indicator"},
    ]
    layers: list[dict[str, Any]] = []
    if any(end != start for _, start, end in charted):
        layers.append(
            {
                "name": PERIODS_MARK,
                "transform": [{"filter": "datum.end != null"}],
                "mark": {"type": "bar", "height": 8, "cornerRadius": 4, "opacity": 0.55},
                "encoding": {
                    "x": x,
                    "x2": {"field": "end"},
                    "y": y,
                    "color": colour,
                    "tooltip": tooltip,
                },
            }
        )
    if any(e.risk_indicator for e, _, _ in charted):
        layers.append(
            {
                "name": RISK_MARK,
                "transform": [{"filter": "datum.risk == 'Yes'"}],
                "mark": {"type": "point", "shape": "circle", "filled": False, "size": 420, "strokeWidth": 2.5},
                "encoding": {
                    "x": x,
                    "y": y,
                    "stroke": {
                        "datum": RISK_LEGEND,
                        "type": "nominal",
                        "title": None,
                        "scale": {"range": [RISK_RING_COLOUR]},
                        "legend": {"orient": "bottom", "labelFontSize": 13, "symbolStrokeWidth": 2.5},
                    },
                    "tooltip": tooltip,
                },
            }
        )
    layers.append(
        {
            "name": ENTRIES_MARK,
            "mark": {"type": "point", "filled": True, "size": 130, "opacity": 1, "stroke": "#ffffff", "strokeWidth": 1},
            "encoding": {"x": x, "y": y, "color": colour, "shape": shape, "tooltip": tooltip},
        }
    )

    spec: dict[str, Any] = {
        "$schema": VEGA_LITE_SCHEMA,
        "description": description,
        "title": {"text": f"{person_name}: his behaviour over time", "anchor": "start", "fontSize": 16},
        "width": "container",
        "height": ROW_HEIGHT * len(rows),  # not {"step": ...}: with a container width Vega-Lite warns about that
        "config": {
            "font": "Arial, sans-serif",
            "axis": {"labelColor": "#0b0c0c", "titleColor": "#0b0c0c", "labelFontSize": 13, "titleFontSize": 13},
            "legend": {"labelColor": "#0b0c0c", "titleColor": "#0b0c0c"},
            "title": {"color": "#0b0c0c"},
            "view": {"stroke": None},
        },
        "data": {"values": values},
        "layer": layers,
    }
    return Timeline(spec=spec, description=description, charted=len(charted), left_out=left_out)
