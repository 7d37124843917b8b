"""Reports of two audit rounds compared: a printable HTML page, CSV, and rows for a terminal table.

:func:`comparison_html` writes one standalone page (its own styles, charts as inline SVG, no
scripts, nothing fetched) that prints on A4 and reads in black and white: verdicts are words,
not colours. Everything that comes from a file or a user (round names, questions, domain titles)
is escaped. Pure, no Django.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Sequence
from typing import NamedTuple

from spotlight.audit.domain.charts import comparison_spec, distribution_spec, short_label, to_svg
from spotlight.audit.domain.instrument import Instrument
from spotlight.audit.domain.results import Agreement, Change, RoundComparison
from spotlight.figures import DASH, fixed, signed

CSV_COLUMNS = (
    "level",
    "domain",
    "id",
    "label",
    "n_before",
    "n_after",
    "mean_before",
    "mean_after",
    "difference",
    "ci_low",
    "ci_high",
    "confidence",
    "p_value",
    "p_adjusted",
    "adjustment",
    "verdict",
    "summary",
)


# ---------------------------------------------------------------------------
# formatting numbers
# ---------------------------------------------------------------------------


def _ci(change: Change) -> str:
    c = change.comparison
    if c.ci_low is None or c.ci_high is None:
        return DASH
    return f"{signed(c.ci_low)} to {signed(c.ci_high)}"


def _p(value: float | None) -> str:
    if value is None:
        return DASH
    if value < 0.001:
        return "<0.001"
    return f"{value:.3f}"


def _csv_number(value: float | None, places: int = 4) -> str:
    return "" if value is None else f"{value:.{places}f}"


def _csv_p(value: float | None) -> str:
    return "" if value is None else f"{value:.4g}"


# ---------------------------------------------------------------------------
# terminal table and CSV
# ---------------------------------------------------------------------------


class TableRow(NamedTuple):
    """One row of the terminal table: a domain (its families' mean ratings) or one of its items."""

    level: str
    label: str
    before: str
    after: str
    change: str
    ci: str
    p: str
    p_adjusted: str
    verdict: str


TABLE_HEADINGS = ("Item", "Before", "After", "Change", "Interval", "p", "Adjusted p", "Verdict")


def _row(change: Change, label: str) -> TableRow:
    c = change.comparison
    return TableRow(
        change.level,
        label,
        fixed(c.mean_before),
        fixed(c.mean_after),
        signed(c.difference),
        _ci(change),
        _p(c.p_value),
        _p(change.p_adjusted),
        change.verdict_text,
    )


def comparison_table(comparison: RoundComparison) -> list[TableRow]:
    """Rows for a terminal table: each domain, then its items (questions shortened), in instrument order."""
    rows: list[TableRow] = []
    for domain in comparison.domains:
        rows.append(_row(domain, domain.label))
        rows.extend(_row(item, "  " + short_label(item.label)) for item in comparison.items_in(domain.id))
    return rows


def comparison_csv(comparison: RoundComparison) -> str:
    """One CSV row per domain and per item (columns: CSV_COLUMNS), numbers unrounded to 4 places."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for change in (*comparison.domains, *comparison.items):
        c = change.comparison
        writer.writerow(
            (
                change.level,
                change.domain,
                change.id,
                change.label,
                c.n_before,
                c.n_after,
                _csv_number(c.mean_before),
                _csv_number(c.mean_after),
                _csv_number(c.difference),
                _csv_number(c.ci_low),
                _csv_number(c.ci_high),
                f"{c.confidence:g}",
                _csv_p(c.p_value),
                _csv_p(change.p_adjusted),
                comparison.adjustment,
                change.verdict,
                c.summary,
            )
        )
    return buffer.getvalue()


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------

STYLE = """
:root { color: #0b0c0c; background: #ffffff; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.4; margin: 2rem auto;
       max-width: 72rem; padding: 0 1rem; }
h1 { font-size: 1.8rem; margin: 0 0 0.5rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 0.5rem; border-top: 2px solid #0b0c0c; padding-top: 0.5rem; }
h3 { font-size: 1.1rem; margin: 1.5rem 0 0.5rem; }
.meta { color: #505a5f; margin: 0 0 1rem; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
caption { text-align: left; font-weight: bold; padding: 0.25rem 0; }
th, td { border-bottom: 1px solid #b1b4b6; padding: 0.35rem 0.4rem; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #0b0c0c; vertical-align: bottom; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
th.round { text-align: center; border-bottom: 1px solid #0b0c0c; }
th.label { width: 34%; }
tbody th { font-weight: normal; }
tr.domain td, tr.domain th { font-weight: bold; }
.verdict-improved, .verdict-declined { font-weight: bold; }
.verdict-declined::before { content: "\\25BC\\00A0"; }
.verdict-improved::before { content: "\\25B2\\00A0"; }
dl.rounds { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0 0 1rem; }
dl.rounds dt { font-weight: bold; }
dl.rounds dd { margin: 0; }
figure { margin: 1rem 0 2rem; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: #505a5f; font-size: 0.9rem; margin-top: 0.25rem; }
.summary p { margin: 0 0 0.5rem; }
.note { color: #505a5f; font-size: 0.9rem; }
@page { size: A4; margin: 15mm 14mm 18mm; }
@media print {
  body { font-size: 10pt; margin: 0; max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  table { font-size: 9pt; }
  thead { display: table-header-group; }
  tr, th, td { break-inside: avoid; page-break-inside: avoid; }
  figure { break-inside: avoid; page-break-inside: avoid; }
  .meta, figcaption, .note { color: #0b0c0c; }
}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _verdict_cell(change: Change) -> str:
    return f'<td class="verdict-{change.verdict.replace("_", "-")}">{_e(change.verdict_text)}</td>'


def _table_row(change: Change, label_html: str, row_class: str = "") -> str:
    c = change.comparison
    cells = [
        f'<th scope="row">{label_html}</th>',
        f'<td class="num">{_e(fixed(c.mean_before))}</td>',
        f'<td class="num">{c.n_before}</td>',
        f'<td class="num">{_e(fixed(c.mean_after))}</td>',
        f'<td class="num">{c.n_after}</td>',
        f'<td class="num">{_e(signed(c.difference))}</td>',
        f'<td class="num">{_e(_ci(change))}</td>',
        f'<td class="num">{_e(_p(c.p_value))}</td>',
        f'<td class="num">{_e(_p(change.p_adjusted))}</td>',
        _verdict_cell(change),
    ]
    attr = f' class="{row_class}"' if row_class else ""
    return f"<tr{attr}>" + "".join(cells) + "</tr>"


def _table_head(before_name: str, after_name: str, confidence: float, first: str) -> str:
    def th(text: str, cls: str = "", rowspan: int = 1, colspan: int = 1) -> str:
        attrs = ' scope="col"' + (f' class="{cls}"' if cls else "")
        attrs += f' rowspan="{rowspan}"' if rowspan > 1 else ""
        attrs += f' colspan="{colspan}"' if colspan > 1 else ""
        attrs = attrs.replace('scope="col"', 'scope="colgroup"') if colspan > 1 else attrs
        return f"<th{attrs}>{_e(text)}</th>"

    top = [
        th(first, "label", rowspan=2),
        th(before_name, "num round", colspan=2),
        th(after_name, "num round", colspan=2),
        th("Change", "num", rowspan=2),
        th(f"{confidence * 100:g}% interval", "num", rowspan=2),
        th("p", "num", rowspan=2),
        th("Adjusted p", "num", rowspan=2),
        th("Verdict", rowspan=2),
    ]
    second = [th("Mean", "num"), th("n", "num"), th("Mean", "num"), th("n", "num")]
    return f"<thead><tr>{''.join(top)}</tr><tr>{''.join(second)}</tr></thead>"


_SVG_ID = re.compile(r'\bid="([^"]+)"')


def _inline_svg(svg: str, prefix: str) -> str:
    """An SVG ready to sit beside others in one page: its ids (if any) made unique with ``prefix``."""
    ids = set(_SVG_ID.findall(svg))
    for ident in sorted(ids, key=len, reverse=True):
        new = f"{prefix}-{ident}"
        svg = svg.replace(f'id="{ident}"', f'id="{new}"')
        svg = svg.replace(f"url(#{ident})", f"url(#{new})")
        svg = svg.replace(f'href="#{ident}"', f'href="#{new}"')
    return svg


def _figure(spec: dict[str, object], prefix: str) -> str:
    description = spec.get("description", "")
    return (
        f"<figure>{_inline_svg(to_svg(spec), prefix)}"  # vl-convert escapes every text it draws
        f"<figcaption>{_e(description)}</figcaption></figure>"
    )


def _agreement_section(agreements: Sequence[tuple[str, Agreement]]) -> str:
    rows = []
    for round_name, agreement in agreements:
        k = agreement.overall
        who = "Spotlight's suggestion and the auditor" if agreement.kind == "suggestion" else "Two auditors"
        kappa = DASH if k.kappa is None else f"{k.kappa:.2f}"
        rows.append(
            "<tr>"
            f'<th scope="row">{_e(round_name)}</th><td>{_e(who)}</td>'
            f'<td class="num">{agreement.families}</td><td class="num">{k.n}</td>'
            f'<td class="num">{_e(kappa)}</td><td>{_e(k.interpretation or k.note or "")}</td>'
            "</tr>"
        )
    head = (
        '<thead><tr><th scope="col">Round</th><th scope="col">Who is compared</th>'
        '<th scope="col" class="num">Families</th><th scope="col" class="num">Pairs of ratings</th>'
        '<th scope="col" class="num">Weighted kappa</th><th scope="col">Agreement</th></tr></thead>'
    )
    return (
        '<section><h2 id="agreement">How far raters agree</h2>'
        "<p>Weighted kappa (quadratic weights) over every item: 1 means the two always gave the same rating, "
        "0 means they agreed no more than chance would give. Read with the bands of Landis and Koch "
        "(1977): above 0.6 is substantial agreement, above 0.8 almost perfect. Each auditor saw Spotlight's "
        "suggestion beside each question as she rated it, so her agreement with the suggestions is not "
        "independent: it says how often she confirmed a suggestion, not how good the suggestions are.</p>"
        f"<table>{head}<tbody>{''.join(rows)}</tbody></table></section>"
    )


def comparison_html(
    comparison: RoundComparison,
    instrument: Instrument,
    *,
    before_name: str,
    after_name: str,
    charts: bool = True,
    agreements: Sequence[tuple[str, Agreement]] = (),
    style_nonce: str = "",
) -> str:
    """A standalone, printable HTML report of two rounds compared (see the module docstring).

    ``agreements`` adds a table of weighted kappa, one row per (round name, agreement), for
    example Spotlight's suggestion against the auditors in each round. With ``charts`` False
    the report has no charts (and does not need vl-convert). ``style_nonce``: when Spotlight serves
    the report, its Content-Security-Policy allows the report's one style element by this nonce.

    Reason for its length: it writes the report's HTML in reading order, heading by heading, so the code
    reads like the page it makes.
    """
    confidence = f"{comparison.confidence * 100:g}%"
    alpha = f"{1 - comparison.confidence:.2g}"
    nonce = f' nonce="{_e(style_nonce)}"' if style_nonce else ""
    title = f"Case-file audit: {before_name} compared with {after_name}"
    parts: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en-GB"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style{nonce}>{STYLE}</style></head><body><main>",
        f"<h1>{_e(title)}</h1>",
        f'<p class="meta">{_e(comparison.instrument_name)}, version {comparison.instrument_version}. '
        f"Made by Spotlight from the two rounds' rating files.</p>",
        '<dl class="rounds">',
    ]
    for label, name, summary in (
        ("First round", before_name, comparison.before),
        ("Second round", after_name, comparison.after),
    ):
        extra = f", and {summary.extra_ratings} second ratings used only for agreement" if summary.extra_ratings else ""
        parts.append(
            f"<dt>{_e(label)}</dt><dd>{_e(name)}: {summary.families} families, {summary.ratings} ratings{extra}</dd>"
        )
    parts.append("</dl>")

    parts.append('<section class="summary"><h2 id="summary">What changed</h2>')
    parts.extend(f"<p>{_e(sentence)}</p>" for sentence in comparison.summary(before_name, after_name))
    parts.append("</section>")

    parts.append('<section><h2 id="domains">Domain by domain</h2>')
    parts.append(
        "<p>Each family's mean rating across the domain's items, compared between the rounds. "
        "n is the number of families.</p>"
    )
    parts.append("<table>")
    parts.append(_table_head(before_name, after_name, comparison.confidence, "Domain"))
    parts.append("<tbody>")
    parts.extend(_table_row(domain, _e(domain.label), "domain") for domain in comparison.domains)
    parts.append("</tbody></table></section>")

    parts.append('<section><h2 id="items">Item by item</h2>')
    parts.append("<p>Each item's ratings compared between the rounds. n is the number of files rated.</p>")
    for domain in comparison.domains:
        parts.append(f"<h3>{_e(domain.label)}</h3><table>")
        parts.append(_table_head(before_name, after_name, comparison.confidence, "Item"))
        parts.append("<tbody>")
        for item in comparison.items_in(domain.id):
            note = f'<br><span class="note">{_e(item.comparison.note)}</span>' if item.comparison.note else ""
            parts.append(_table_row(item, _e(item.label) + note))
        parts.append("</tbody></table>")
    parts.append("</section>")

    if agreements:
        parts.append(_agreement_section(agreements))

    if charts:
        parts.append('<section><h2 id="charts">Charts</h2>')
        specs = [
            comparison_spec(comparison, level="domain", title="Change in each domain's mean rating"),
            comparison_spec(comparison, level="item", title="Change in each item's mean rating"),
            distribution_spec(comparison.before, title=f"How files were rated in {before_name}"),
            distribution_spec(comparison.after, title=f"How files were rated in {after_name}"),
        ]
        parts.extend(_figure(spec, f"chart{n}") for n, spec in enumerate(specs, start=1))
        parts.append("</section>")

    scale = ", ".join(f"{point.value} {point.label.lower()}" for point in instrument.scale)
    parts.append(
        '<section><h2 id="how-to-read">How to read this report</h2>'
        f"<p>Each item is rated on the scale {_e(scale)}. A higher mean rating means the files showed "
        "more of the practice the item asks about. Files where an item did not apply are left out of "
        "that item.</p>"
        f"<p><strong>Change</strong> is the second round's mean rating minus the first round's. The "
        f"<strong>{_e(confidence)} interval</strong> is the range of changes consistent with the two "
        "samples (a Welch t interval): an interval wholly above 0 points to a real rise, one that "
        "includes 0 is consistent with no change at all. The intervals are not adjusted for testing "
        "many items at once; the verdict is.</p>"
        "<p><strong>p</strong> comes from the Mann-Whitney U test, which compares the two rounds' "
        "ratings by rank: it is the chance of a difference at least this large if practice had not "
        "changed at all. Because many items are tested at once, some would cross the usual threshold "
        "by chance alone, so each p is also <strong>adjusted</strong> by Holm's method. The verdict "
        f"rests on the adjusted p: &ldquo;Improved&rdquo; or &ldquo;Declined&rdquo; when it is below "
        f"{_e(alpha)}, otherwise &ldquo;No clear change&rdquo;. Domains are adjusted as a separate set.</p>"
        "<p>The two rounds are different samples of families, rated by auditors who may not be the same "
        "people. A change can come from a change in practice, from a difference in how the auditors "
        "rated, or from which families were sampled. Check how far the auditors agree (double-rate some "
        "files in each round), and read a change alongside what the files say.</p>"
        "</section>"
    )
    parts.append("</main></body></html>\n")
    return "\n".join(parts)
