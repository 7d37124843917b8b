"""Vega-Lite charts drawn as SVG, for reports that must print and read without a script: the schema and
version every chart names, labels cut to fit (`short_label`), and `to_svg`, which draws a specification
with vl-convert and never fetches anything. Pure, no Django; the audit's and the outcomes' charts share it."""

from __future__ import annotations

import html
from typing import Any

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
#: The Vega-Lite version vl-convert renders with (one it bundles).
VL_VERSION = "6.4"
#: How long a label on a chart's axis may be (see `short_label`)
LABEL_LIMIT = 56


def short_label(text: str, limit: int = LABEL_LIMIT) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis if cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-") + "\u2026"


def to_svg(spec: dict[str, Any]) -> str:
    """The chart as an SVG document (a string), rendered here with vl-convert; nothing is fetched.

    The root element gets ``role="img"`` and the spec's description as its ``aria-label``. The
    spec's data must be inline: a spec that names a URL raises ValueError instead of reaching out
    to the network, and so does a spec Vega-Lite cannot compile.
    """
    import vl_convert

    try:
        svg = vl_convert.vegalite_to_svg(spec, vl_version=VL_VERSION, allowed_base_urls=[])
    except Exception as exc:  # vl-convert reports every failure as ValueError; anything else is a failure too
        raise ValueError(f"the chart could not be drawn: {exc}") from exc
    description = spec.get("description")
    if isinstance(description, str) and svg.startswith("<svg "):
        label = html.escape(description, quote=True)
        svg = f'<svg role="img" aria-label="{label}" ' + svg[len("<svg ") :]
    return svg
