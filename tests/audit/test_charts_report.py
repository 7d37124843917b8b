"""Charts (Vega-Lite specs, SVG through vl-convert) and reports (HTML, CSV, terminal rows) of two
audit rounds compared, on small hand-made rounds."""

from __future__ import annotations

import csv
import html
import io
import re

import pytest

from spotlight.audit.domain.charts import SCHEMA, comparison_spec, distribution_spec, short_label, to_svg
from spotlight.audit.domain.instrument import Instrument, default_instrument
from spotlight.audit.domain.report import CSV_COLUMNS, comparison_csv, comparison_html, comparison_table
from spotlight.audit.domain.results import RoundComparison, RoundRating, compare_round_ratings, round_summary

LATE_ITEM = "agencies_joined_up"  # rated only in the second round: too few ratings to compare


def _round(
    instrument: Instrument, ratings: list[int | None], prefix: str, skip: str | None = None
) -> list[RoundRating]:
    rows = []
    for n in range(12):
        for _domain, item in instrument.items():
            if item.id != skip:
                rows.append(RoundRating(f"{prefix}{n}", "North", item.id, ratings[n % len(ratings)]))
    return rows


@pytest.fixture(scope="module")
def instrument() -> Instrument:
    return default_instrument()


@pytest.fixture(scope="module")
def comparison(instrument: Instrument) -> RoundComparison:
    before = _round(instrument, [1, 2, 2, 3, None], "A", skip=LATE_ITEM)
    after = _round(instrument, [2, 3, 3, 4, 4], "B")
    return compare_round_ratings(instrument, before, after)


def test_short_label() -> None:
    assert short_label("Was he contacted, and seen, by the worker?") == "Was he contacted, and seen, by the worker?"
    cut = short_label("Is the person causing harm named, and identified in the record as a parent?", limit=40)
    assert cut == "Is the person causing harm named, and\u2026"
    assert len(cut) <= 40


def test_distribution_spec_matches_the_summary(comparison: RoundComparison, instrument: Instrument) -> None:
    summary = comparison.before
    spec = distribution_spec(summary)
    assert spec["$schema"] == SCHEMA == "https://vega.github.io/schema/vega-lite/v6.json"
    assert spec["title"] and spec["description"]
    bars = spec["layer"][0]
    assert bars["mark"]["type"] == "bar"
    enc = bars["encoding"]
    assert enc["x"]["field"] == "share" and enc["x"]["type"] == "quantitative" and enc["x"]["stack"] == "zero"
    assert enc["y"]["field"] == "label" and enc["y"]["type"] == "nominal"
    labels = [point.label for point in instrument.scale]
    assert enc["color"]["field"] == "rating_label" and enc["color"]["scale"]["domain"] == labels
    assert len(enc["color"]["scale"]["range"]) == len(labels)
    assert enc["y"]["sort"] == [short_label(item.question) for _d, item in instrument.items()]

    values = spec["data"]["values"]
    assert len(values) == len(instrument.items()) * len(labels)
    for item_summary in summary.items:
        rows = [v for v in values if v["item"] == item_summary.item]
        d = item_summary.distribution
        assert [r["rating"] for r in rows] == list(d.scale)
        assert [r["rating_label"] for r in rows] == labels
        assert [r["count"] for r in rows] == list(d.counts)
        assert [r["share"] for r in rows] == pytest.approx(list(d.proportions))
        assert {r["n"] for r in rows} == {d.n} and {r["question"] for r in rows} == {item_summary.question}
    named = [v for v in values if v["item"] == "named_as_parent"]
    # 12 families rated 1, 2, 2, 3, n/a in turn: 3 ones, 5 twos, 2 threes, 2 not applicable.
    assert [v["count"] for v in named] == [3, 5, 2, 0] and named[0]["not_applicable"] == 2
    assert spec["layer"][1]["mark"]["type"] == "text"


def test_comparison_spec_matches_the_comparison(comparison: RoundComparison) -> None:
    spec = comparison_spec(comparison)
    assert spec["$schema"] == SCHEMA and spec["title"] and spec["description"]
    zero, interval, point = spec["layer"]
    assert zero["mark"]["type"] == "rule" and zero["data"]["values"] == [{"zero": 0}]
    assert interval["mark"]["type"] == "rule"
    assert interval["encoding"]["x"]["field"] == "ci_low" and interval["encoding"]["x2"]["field"] == "ci_high"
    assert point["mark"]["type"] == "point" and point["encoding"]["x"]["field"] == "difference"
    values = {v["id"]: v for v in spec["data"]["values"]}
    assert LATE_ITEM not in values  # could not be compared
    assert set(values) == {c.id for c in comparison.items} - {LATE_ITEM}
    for change in comparison.items:
        if change.id in values:
            v = values[change.id]
            assert v["difference"] == pytest.approx(change.comparison.difference)
            assert (v["ci_low"], v["ci_high"]) == pytest.approx((change.comparison.ci_low, change.comparison.ci_high))
            assert v["p_adjusted"] == pytest.approx(change.p_adjusted)
            assert v["verdict"] == change.verdict_text
    domains = comparison_spec(comparison, level="domain")
    assert [v["id"] for v in domains["data"]["values"]] == [d.id for d in comparison.domains]


def test_to_svg_draws_the_labels(comparison: RoundComparison, instrument: Instrument) -> None:
    svg = to_svg(distribution_spec(comparison.before))
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert 'role="img"' in svg and "aria-label=" in svg
    texts = {html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)}
    for _domain, item in instrument.items():
        assert short_label(item.question) in texts
    for point in instrument.scale:
        assert point.label in texts
    compared = to_svg(comparison_spec(comparison))
    assert short_label(instrument.item("contacted_and_seen").question) in {
        html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", compared)
    }


def test_to_svg_never_fetches_data() -> None:
    spec = {"$schema": SCHEMA, "data": {"url": "https://example.org/data.csv"}, "mark": "bar"}
    with pytest.raises(ValueError, match="could not be drawn"):
        to_svg(spec)


def test_html_report(comparison: RoundComparison, instrument: Instrument) -> None:
    malicious = '<script>alert("x")</script> & Co'
    page = comparison_html(comparison, instrument, before_name=malicious, after_name="Autumn 2026")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page
    assert html.escape(malicious, quote=True) in page
    assert "Autumn 2026" in page
    for _domain, item in instrument.items():
        assert html.escape(item.question, quote=True) in page
    for domain in instrument.domains:
        assert html.escape(domain.title, quote=True) in page
    assert "@page { size: A4" in page and "@media print" in page and "break-inside: avoid" in page
    assert page.count("<svg") == 4
    assert "How to read this report" in page and "Holm" in page and "Mann-Whitney" in page
    assert "What changed" in page and "Too few ratings" in page
    without = comparison_html(comparison, instrument, before_name="A", after_name="B", charts=False)
    assert "<svg" not in without


def test_csv_and_terminal_table(comparison: RoundComparison, instrument: Instrument) -> None:
    rows = list(csv.DictReader(io.StringIO(comparison_csv(comparison))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["id"] for r in rows] == [d.id for d in instrument.domains] + [i.id for _d, i in instrument.items()]
    late = next(r for r in rows if r["id"] == LATE_ITEM)
    assert late["verdict"] == "too_few_ratings" and late["p_value"] == "" and late["n_before"] == "0"
    named = next(r for r in rows if r["id"] == "named_as_parent")
    change = comparison.item("named_as_parent")
    assert float(named["difference"]) == pytest.approx(change.comparison.difference, abs=1e-4)
    assert float(named["p_adjusted"]) == pytest.approx(change.p_adjusted, rel=1e-3)

    table = comparison_table(comparison)
    assert len(table) == len(instrument.domains) + len(instrument.items())
    assert table[0].level == "domain" and table[0].label == instrument.domains[0].title
    assert table[1].level == "item" and table[1].label.strip() == short_label(instrument.domains[0].items[0].question)
    late_row = next(r for r in table if r.label.strip() == short_label(instrument.item(LATE_ITEM).question))
    assert late_row.verdict == "Too few ratings" and late_row.p == "\u2013"


def test_summary_of_one_round_feeds_the_chart(instrument: Instrument) -> None:
    summary = round_summary(instrument, [RoundRating("F1", "North", "named_as_parent", 4)])
    values = distribution_spec(summary)["data"]["values"]
    assert [v["share"] for v in values if v["item"] == "named_as_parent"] == [0.0, 0.0, 0.0, 1.0]
    assert to_svg(distribution_spec(summary)).startswith("<svg")
