"""Charts of audit results as Vega-Lite v6 specifications (plain dicts), and SVG for reports.

Every spec carries its data inline (``data.values``), a title and a description (which Vega
renders as the chart's accessible name), so the same dict can be embedded in a page with
vega-embed or turned into SVG with :func:`to_svg` (``spotlight.vegalite``), which never fetches anything.

- :func:`distribution_spec`: one stacked horizontal bar per item, the share of files at each
  point of the scale, labelled with the instrument's words for the points.
- :func:`comparison_spec`: per item (or per domain), the change in mean rating with its
  confidence interval as an error bar and a rule at zero.

Colours come from ColorBrewer's PuOr scheme (safe for the common kinds of colour blindness);
the bars also carry their percentages as text and the verdicts are shapes, so the charts still
read when printed in black and white.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from spotlight.audit.domain.results import Change, RoundComparison, RoundSummary
from spotlight.vegalite import LABEL_LIMIT, SCHEMA, short_label, to_svg

__all__ = ["LABEL_LIMIT", "SCHEMA", "comparison_spec", "distribution_spec", "short_label", "to_svg", "trend_spec"]

#: ColorBrewer PuOr, from the lowest point of a scale (orange) to the highest (purple).
PUOR: dict[int, tuple[str, ...]] = {
    2: ("#e66101", "#5e3c99"),
    3: ("#f1a340", "#f7f7f7", "#998ec3"),
    4: ("#e66101", "#fdb863", "#b2abd2", "#5e3c99"),
    5: ("#e66101", "#fdb863", "#f7f7f7", "#b2abd2", "#5e3c99"),
    6: ("#b35806", "#f1a340", "#fee0b6", "#d8daeb", "#998ec3", "#542788"),
    7: ("#b35806", "#f1a340", "#fee0b6", "#f7f7f7", "#d8daeb", "#998ec3", "#542788"),
}
#: Text on a bar: dark on the light middle colours, white on the dark ends.
DARK_TEXT = "#0b0c0c"
LIGHT_TEXT = "#ffffff"
FONT = "Arial, Helvetica, sans-serif"
#: Room on the left for labels drawn in a wider font than the one vl-convert measured them in (a
#: browser without Arial falls back to a wider sans-serif).
PADDING = {"left": 80, "top": 5, "right": 10, "bottom": 5}


def _unique_labels(texts: list[tuple[str, str]]) -> dict[str, str]:
    """id -> short label, made unique (Vega-Lite merges bars with the same label) by adding the id."""
    labels = {ident: short_label(text) for ident, text in texts}
    counts: dict[str, int] = {}
    for label in labels.values():
        counts[label] = counts.get(label, 0) + 1
    return {ident: (label if counts[label] == 1 else f"{label} ({ident})") for ident, label in labels.items()}


def _colours(n: int) -> list[str]:
    if n in PUOR:
        return list(PUOR[n])
    return ["#0b0c0c" if i % 2 else "#b1b4b6" for i in range(n)]  # beyond 7 points: alternate grey and black


def _config() -> dict[str, Any]:
    return {
        "font": FONT,
        "view": {"stroke": None},
        "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": DARK_TEXT, "titleColor": DARK_TEXT},
        "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom", "direction": "horizontal"},
        "title": {"fontSize": 15, "anchor": "start", "color": DARK_TEXT},
    }


def distribution_spec(summary: RoundSummary, *, title: str | None = None) -> dict[str, Any]:
    """A stacked horizontal bar per item: the share of files rated at each point of the scale.

    Files where the item was not applicable are left out of its bar (the tooltip gives their
    number). One row of ``data.values`` per item and scale point, in instrument order.

    Reason for its length: it is one Vega-Lite specification, read top to bottom in the order the chart is
    drawn; cut into pieces, its layers would lose the encodings they share.
    """
    labels = _unique_labels([(s.item, s.question) for s in summary.items])
    scale_labels = [point.label for point in summary.scale]
    colours = _colours(len(summary.scale))
    dark = {point.label for point, colour in zip(summary.scale, colours, strict=True) if _wants_light_text(colour)}
    values: list[dict[str, Any]] = []
    for item in summary.items:
        d = item.distribution
        for position, (point, count, share) in enumerate(zip(summary.scale, d.counts, d.proportions, strict=True)):
            values.append(
                {
                    "item": item.item,
                    "label": labels[item.item],
                    "question": item.question,
                    "domain": item.domain,
                    "rating": point.value,
                    "rating_label": point.label,
                    "order": position,
                    "count": count,
                    "share": share,
                    "n": d.n,
                    "not_applicable": d.n_not_applicable,
                }
            )
    item_order = [labels[s.item] for s in summary.items]
    y: dict[str, Any] = {
        "field": "label",
        "type": "nominal",
        "sort": item_order,
        "title": None,
        "axis": {"labelLimit": 400},
    }
    x: dict[str, Any] = {
        "field": "share",
        "type": "quantitative",
        "stack": "zero",
        "title": "Share of files rated",
        "axis": {"format": "%", "values": [0, 0.25, 0.5, 0.75, 1]},
        "scale": {"domain": [0, 1]},
    }
    order = {"field": "order", "type": "ordinal"}
    tooltip = [
        {"field": "question", "title": "Item"},
        {"field": "rating_label", "title": "Rating"},
        {"field": "count", "title": "Files"},
        {"field": "share", "title": "Share", "format": ".0%"},
        {"field": "n", "title": "Files rated"},
        {"field": "not_applicable", "title": "Not applicable"},
    ]
    return {
        "$schema": SCHEMA,
        "title": title or f"How files were rated, item by item ({summary.families} families)",
        "description": (
            f"Stacked bars, one per item of the audit instrument, showing the share of files rated "
            f"{', '.join(scale_labels)}. {summary.families} families in the round."
        ),
        "data": {"values": values},
        "width": 420,
        "height": {"step": 24},
        "padding": PADDING,
        "config": _config(),
        "layer": [
            {
                "mark": {"type": "bar", "stroke": "#ffffff", "strokeWidth": 1},
                "encoding": {
                    "y": y,
                    "x": x,
                    "order": order,
                    "color": {
                        "field": "rating_label",
                        "type": "ordinal",
                        "title": "Rating",
                        "scale": {"domain": scale_labels, "range": colours},
                        "sort": scale_labels,
                    },
                    "tooltip": tooltip,
                },
            },
            {
                "mark": {"type": "text", "dx": -4, "align": "right", "baseline": "middle", "fontSize": 11},
                "transform": [{"filter": "datum.share >= 0.08"}],
                "encoding": {
                    "y": y,
                    "x": x,
                    "order": order,
                    "text": {"field": "share", "type": "quantitative", "format": ".0%"},
                    "color": {
                        "condition": {"test": _one_of("datum.rating_label", sorted(dark)), "value": LIGHT_TEXT},
                        "value": DARK_TEXT,
                    },
                },
            },
        ],
    }


def _luminance(colour: str) -> float:
    """WCAG relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _wants_light_text(colour: str) -> bool:
    """True when white text contrasts more with ``colour`` than near-black text does."""
    lum = _luminance(colour)
    return (1.05 / (lum + 0.05)) > ((lum + 0.05) / (_luminance(DARK_TEXT) + 0.05))


def _one_of(field: str, options: list[str]) -> str:
    if not options:
        return "false"
    return f"indexof({json.dumps(options)}, {field}) >= 0"


def comparison_spec(
    comparison: RoundComparison, *, level: Literal["item", "domain"] = "item", title: str | None = None
) -> dict[str, Any]:
    """The change in mean rating per item (or per domain) with its confidence interval.

    A point for the difference (after - before), an error bar for the interval and a rule at
    zero: an interval wholly right of the line is a rise. Filled points mark changes that are
    unlikely to be chance after allowing for testing many items at once. Items that could not
    be compared are left out of ``data.values``.

    Reason for its length: it is one Vega-Lite specification, read top to bottom in the order the chart is
    drawn; cut into pieces, its layers would lose the encodings they share.
    """
    changes: tuple[Change, ...] = comparison.items if level == "item" else comparison.domains
    labels = _unique_labels([(c.id, c.label) for c in changes])
    confidence = f"{comparison.confidence * 100:g}%"
    values: list[dict[str, Any]] = []
    for change in changes:
        c = change.comparison
        if c.difference is None or change.p_adjusted is None:
            continue
        values.append(
            {
                "id": change.id,
                "label": labels[change.id],
                "question": change.label,
                "domain": change.domain,
                "mean_before": c.mean_before,
                "mean_after": c.mean_after,
                "difference": c.difference,
                "ci_low": c.ci_low,
                "ci_high": c.ci_high,
                "p_value": c.p_value,
                "p_adjusted": change.p_adjusted,
                "verdict": change.verdict_text,
            }
        )
    order = [labels[c.id] for c in changes]
    lows = [v["ci_low"] for v in values if v["ci_low"] is not None] + [v["difference"] for v in values]
    highs = [v["ci_high"] for v in values if v["ci_high"] is not None] + [v["difference"] for v in values]
    reach = max([0.5, *(abs(x) for x in lows), *(abs(x) for x in highs)])
    reach = float(int(reach * 4) + 1) / 4  # out to the next quarter point
    y = {"field": "label", "type": "nominal", "sort": order, "title": None, "axis": {"labelLimit": 400}}
    x_title = f"Change in mean rating, with its {confidence} confidence interval"
    step = 0.25 if reach <= 1 else 0.5
    ticks = [round(i * step, 2) for i in range(-int(reach / step), int(reach / step) + 1)]
    verdicts = ["Improved", "Declined", "No clear change"]
    verdict_shapes = {"domain": verdicts, "range": ["triangle-right", "triangle-left", "circle"]}
    verdict_fills = {"domain": verdicts, "range": ["#5e3c99", "#e66101", "#ffffff"]}
    tooltip = [
        {"field": "question", "title": "Item" if level == "item" else "Domain"},
        {"field": "mean_before", "title": "Mean before", "format": ".2f"},
        {"field": "mean_after", "title": "Mean after", "format": ".2f"},
        {"field": "difference", "title": "Change", "format": "+.2f"},
        {"field": "ci_low", "title": "Interval from", "format": "+.2f"},
        {"field": "ci_high", "title": "Interval to", "format": "+.2f"},
        {"field": "p_value", "title": "p", "format": ".3f"},
        {"field": "p_adjusted", "title": "Adjusted p", "format": ".3f"},
        {"field": "verdict", "title": "Verdict"},
    ]
    what = "item" if level == "item" else "domain"
    return {
        "$schema": SCHEMA,
        "title": title or f"Change in mean rating, {what} by {what}",
        "description": (
            f"For each {what}, the change in mean rating from the first round to the second, as a point, "
            f"with its {confidence} confidence interval as a horizontal line, beside a vertical line at no "
            "change. Filled points are changes unlikely to be chance after allowing for testing many at once."
        ),
        "data": {"values": values},
        "width": 420,
        "height": {"step": 24},
        "padding": PADDING,
        "config": _config(),
        "layer": [
            {
                "data": {"values": [{"zero": 0}]},
                "mark": {"type": "rule", "color": "#505a5f", "strokeDash": [4, 3]},
                "encoding": {"x": {"field": "zero", "type": "quantitative"}},
            },
            {
                "mark": {"type": "rule", "color": DARK_TEXT, "strokeWidth": 2},
                "encoding": {
                    "y": y,
                    "x": {
                        "field": "ci_low",
                        "type": "quantitative",
                        "title": x_title,
                        "scale": {"domain": [-reach, reach]},
                        "axis": {
                            "values": ticks,
                            "labelExpr": "(datum.value > 0 ? '+' : '') + format(datum.value, '.2~f')",
                        },
                    },
                    "x2": {"field": "ci_high"},
                    "tooltip": tooltip,
                },
            },
            {
                "mark": {"type": "point", "size": 100, "strokeWidth": 1.5, "stroke": DARK_TEXT, "opacity": 1},
                "encoding": {
                    "y": y,
                    "x": {"field": "difference", "type": "quantitative", "scale": {"domain": [-reach, reach]}},
                    "shape": {"field": "verdict", "type": "nominal", "title": "Verdict", "scale": verdict_shapes},
                    "fill": {"field": "verdict", "type": "nominal", "title": "Verdict", "scale": verdict_fills},
                    "tooltip": tooltip,
                },
            },
        ],
        "resolve": {"scale": {"x": "shared"}},
    }


def trend_spec(points: list[dict[str, Any]], *, title: str = "Mean rating by domain, round by round") -> dict[str, Any]:
    """A line per domain across rounds in the order given: ``points`` are dicts with ``round``
    (its name), ``order`` (its position), ``domain`` (title) and ``mean`` (the domain's mean
    rating over that round's rated files) and ``n`` (files). Each domain has its own point shape,
    so the lines can be told apart without colour."""
    rounds = [p["round"] for p in sorted(points, key=lambda p: p["order"])]
    order = list(dict.fromkeys(rounds))
    domains = list(dict.fromkeys(p["domain"] for p in points))  # the instrument's order
    legend = {"orient": "right", "direction": "vertical", "labelLimit": 280}
    return {
        "$schema": SCHEMA,
        "title": title,
        "description": "Each domain's mean rating in each round, in the order the rounds were set up.",
        "width": 420,
        "height": 260,
        "padding": PADDING,
        "config": _config(),
        "data": {"values": points},
        "mark": {"type": "line", "point": {"filled": True, "size": 70}},
        "encoding": {
            "x": {
                "field": "round",
                "type": "ordinal",
                "sort": order,
                "title": None,
                "axis": {"labelAngle": 0, "labelLimit": 220, "labelOverlap": "greedy"},
            },
            "y": {"field": "mean", "type": "quantitative", "title": "Mean rating", "scale": {"domain": [1, 4]}},
            "color": {
                "field": "domain",
                "type": "nominal",
                "title": "Domain",
                "scale": {"scheme": "dark2", "domain": domains},
                "legend": legend,
            },
            "shape": {
                "field": "domain",
                "type": "nominal",
                "title": "Domain",
                "scale": {"domain": domains},
                "legend": legend,
            },
            "tooltip": [
                {"field": "round", "title": "Round"},
                {"field": "domain", "title": "Domain"},
                {"field": "mean", "title": "Mean rating", "format": ".2f"},
                {"field": "n", "title": "Files"},
            ],
        },
    }
