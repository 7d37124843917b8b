"""Cohort reports of outcomes written out: as JSON (a dict), as CSV and as one standalone printable HTML page,
and as plain text for a terminal; and a family of the case-file format turned into the cohort report's
records. Pure, no Django: `spotlight outcomes report` writes these from an export.

A report is the whole service's cohort report and, when grouped (by team, or by the programme of his
referrals), one for each group. Every page says its numbers plainly: how many families had an intake, how
many reached an exit and how many have not (drop-outs are counted, never left out), then each change in
words, then a chart of the changes with their intervals (a Vega-Lite specification, drawn as SVG with no
script and nothing fetched, and the specification itself beside it), and the same figures in a table.

Nothing here reads a comment, a note or a name: only the answers' values, the abuse checklist, the
family's team and the programme of his referrals, so no sealed detail and no note text can reach a report.
Everything that comes from a file (team names, labels in an authority's measures) is escaped.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from spotlight.clock import long_date
from spotlight.figures import DASH, fixed, signed
from spotlight.outcomes.domain.casefile import OutcomeRecordRecord
from spotlight.outcomes.domain.cohort import Change, CohortReport, OutcomeRecord
from spotlight.outcomes.domain.measures import OutcomeMeasures
from spotlight.vegalite import SCHEMA, short_label, to_svg
from spotlight.vocabulary import Role

#: The ways a report may be grouped ("" for the whole service only)
GROUPINGS = ("", "team", "programme")
#: The group of a family with no programme referral for him, when grouped by programme
NO_PROGRAMME = "No programme referral"
#: The whole service's report, beside the groups'
WHOLE_SERVICE = "All families"

CSV_COLUMNS = (
    "group",
    "row",
    "measure",
    "label",
    "respondent",
    "pairs",
    "not_ended",
    "mean_intake",
    "mean_exit",
    "change",
    "ci_low",
    "ci_high",
    "p_value",
    "significant",
    "happening_at_intake",
    "stopped",
    "share_stopped",
    "summary",
)


# ------------------------------------------------------------------------------ from the case-file format


class _Person(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def role(self) -> Role: ...


class _Referral(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def person(self) -> str: ...
    @property
    def programme(self) -> str: ...
    @property
    def referred_on(self) -> dt.date: ...


class Family(Protocol):
    """What a report reads of a family of the case-file format (``FamilyRecord`` is one)."""

    @property
    def id(self) -> str: ...
    @property
    def team(self) -> str: ...
    @property
    def people(self) -> Sequence[_Person]: ...
    @property
    def programme_referrals(self) -> Sequence[_Referral]: ...
    @property
    def outcomes(self) -> Sequence[OutcomeRecordRecord]: ...


def records_from_family(record: Family, group: str = "") -> list[OutcomeRecord]:
    """The family's outcome records as the cohort report reads them, counted under ``group``: whose answers
    (the person's id; none for the worker's), the occasion, the day, the answers and the abuse checklist.
    A record's comment is never read."""
    return [
        OutcomeRecord(
            family=record.id,
            respondent=o.respondent,
            occasion=o.occasion,
            on=o.recorded_on,
            scores=o.scores,
            abuse=o.abuse,
            person=o.person or "",
            group=group,
        )
        for o in record.outcomes
    ]


def family_group(record: Family, by: str, programmes: Mapping[str, str] | None = None) -> str:
    """The group the family is counted under: its team (``by`` "team"), or the programme of his first
    referral on the map, by the day referred (``by`` "programme"; ``programmes`` maps a programme's id to
    its words; a family with none is under NO_PROGRAMME), as the report page groups them; "" otherwise."""
    if by == "team":
        return record.team
    if by != "programme":
        return ""
    his = {p.id for p in record.people if p.role == Role.PERSON_CAUSING_HARM}
    referrals = sorted((r for r in record.programme_referrals if r.person in his), key=lambda r: (r.referred_on, r.id))
    if not referrals:
        return NO_PROGRAMME
    return (programmes or {}).get(referrals[0].programme, referrals[0].programme)


# ------------------------------------------------------------------------------ the report


@dataclass(frozen=True)
class OutcomesReport:
    """The whole service's cohort report and, grouped ``by`` team or programme, each group's."""

    service: CohortReport
    groups: tuple[CohortReport, ...]
    by: str
    #: respondent id -> its words, from the measures
    respondents: Mapping[str, str]

    @property
    def reports(self) -> tuple[CohortReport, ...]:
        return (self.service, *self.groups)

    @classmethod
    def of(
        cls, service: CohortReport, groups: Sequence[CohortReport], by: str, measures: OutcomeMeasures
    ) -> OutcomesReport:
        """The groups in order of their names, with NO_PROGRAMME last."""
        ordered = sorted(groups, key=lambda r: (r.group == NO_PROGRAMME, r.group.casefold(), r.group))
        return cls(service, tuple(ordered), by, {r.id: r.label for r in measures.respondents})


def group_name(report: CohortReport) -> str:
    return report.group or WHOLE_SERVICE


def _p(value: float | None) -> str:
    if value is None:
        return DASH
    return "< 0.001" if value < 0.001 else f"{value:.3f}"


def _verdict(change: Change) -> str:
    if change.significant is None:
        return "Not tested"
    if not change.significant:
        return "Could be chance"
    return "Rose, unlikely to be chance" if (change.change or 0) > 0 else "Fell, unlikely to be chance"


def _percent(share: float | None) -> str:
    return DASH if share is None else f"{round(share * 100)}%"


def counted(report: CohortReport) -> list[str]:
    """The report's numbers in plain words: who is in it, how many ended, how many did not."""
    name = group_name(report)
    not_ended = report.families - report.ended
    if not report.families:
        return [f"{name}: no family has an intake between {long_date(report.start)} and {long_date(report.end)}."]
    return [
        f"{name}: {report.families:,} famil{'y' if report.families == 1 else 'ies'} had an intake between "
        f"{long_date(report.start)} and {long_date(report.end)}. {report.ended:,} of them have an exit recorded; "
        f"{not_ended:,} have not ended, or left without an exit (drop-outs). Those are counted as not ended "
        "beside each measure, never left out.",
    ]


def findings(report: CohortReport, who: Mapping[str, str]) -> list[str]:
    """Each change in words, those unlikely to be chance first, then the share where each kind of abuse stopped."""
    order = sorted(report.changes, key=lambda c: (c.significant is not True, c.significant is None))
    lines = [f"{c.label}, as {_who(who, c.respondent)} answered: {c.summary}" for c in order]
    return lines + [s.summary for s in report.stopped]


def _who(who: Mapping[str, str], respondent: str) -> str:
    words = who.get(respondent, respondent.replace("_", " "))
    return words[:1].lower() + words[1:] if words.startswith(("The ", "A ")) else words


CAUTION = (
    "Change is the answer at exit minus the answer at intake, for the same family and respondent (a higher "
    "answer is always better); the test is the paired t-test. A change is not proof that the service caused "
    "it, and families who have not reached an exit may differ from those who have."
)


# ------------------------------------------------------------------------------ JSON, CSV and text


def _change_json(change: Change, who: Mapping[str, str]) -> dict[str, object]:
    return {
        "measure": change.measure,
        "label": change.label,
        "respondent": change.respondent,
        "respondent_label": who.get(change.respondent, change.respondent),
        "pairs": change.pairs,
        "not_ended": change.not_ended,
        "mean_intake": change.mean_intake,
        "mean_exit": change.mean_exit,
        "change": change.change,
        "ci_low": change.ci_low,
        "ci_high": change.ci_high,
        "p_value": change.p_value,
        "significant": change.significant,
        "summary": change.summary,
    }


def report_json(report: OutcomesReport, *, charts: bool = True) -> dict[str, Any]:
    """The report as a JSON-ready dict: the range, the grouping, and each report (the whole service's
    first) with its numbers, every change, the share where each kind of abuse stopped and, with
    ``charts``, the Vega-Lite specification of its chart."""
    service = report.service
    return {
        "from": service.start.isoformat(),
        "to": service.end.isoformat(),
        "by": report.by,
        "confidence": service.confidence,
        "reports": [
            {
                "group": r.group,
                "name": group_name(r),
                "families": r.families,
                "ended": r.ended,
                "not_ended": r.families - r.ended,
                "summary": counted(r),
                "changes": [_change_json(c, report.respondents) for c in r.changes],
                "abuse_stopped": [
                    {
                        "kind": s.kind,
                        "label": s.label,
                        "happening_at_intake": s.happening_at_intake,
                        "stopped": s.stopped,
                        "share": s.share,
                        "summary": s.summary,
                    }
                    for s in r.stopped
                ],
                **({"chart": changes_spec(r, report.respondents)} if charts else {}),
            }
            for r in report.reports
        ],
    }


def _csv_number(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def report_csv(report: OutcomesReport) -> str:
    """One row per measure and respondent, then one per kind of abuse, for each report in turn (the whole
    service's first; its group is empty). Columns: CSV_COLUMNS."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in report.reports:
        for c in r.changes:
            writer.writerow(
                (
                    r.group,
                    "change",
                    c.measure,
                    c.label,
                    c.respondent,
                    c.pairs,
                    c.not_ended,
                    _csv_number(c.mean_intake),
                    _csv_number(c.mean_exit),
                    _csv_number(c.change),
                    _csv_number(c.ci_low),
                    _csv_number(c.ci_high),
                    "" if c.p_value is None else f"{c.p_value:.4g}",
                    "" if c.significant is None else str(c.significant).lower(),
                    "",
                    "",
                    "",
                    c.summary,
                )
            )
        for s in r.stopped:
            share = "" if s.share is None else f"{s.share:.4f}"
            blank = ("",) * 9
            writer.writerow(
                (r.group, "abuse_stopped", s.kind, s.label, "survivor", *blank)
                + (s.happening_at_intake, s.stopped, share, s.summary)
            )
    return buffer.getvalue()


def report_text(report: OutcomesReport) -> str:
    """The report in plain words for a terminal: for each report, its numbers, then each finding."""
    lines = [f"Outcomes: matched change from intake to exit, {round(report.service.confidence * 100)}% intervals."]
    for r in report.reports:
        lines += ["", *counted(r)]
        lines += [f"  {line}" for line in findings(r, report.respondents)]
    lines += ["", CAUTION]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------ the chart


def changes_spec(report: CohortReport, who: Mapping[str, str]) -> dict[str, Any]:
    """The change in each measure for each respondent, as a point with its interval as a line beside a line
    at no change; filled points are changes unlikely to be chance. Changes that could not be estimated
    (too few families) are left out of ``data.values``."""
    confidence = f"{round(report.confidence * 100)}%"
    values = [
        {
            "row": f"{who.get(c.respondent, c.respondent)}: {short_label(c.label, 40)}",
            "change": round(c.change, 4),
            "ci_low": round(c.ci_low, 4),
            "ci_high": round(c.ci_high, 4),
            "pairs": c.pairs,
            "verdict": _verdict(c),
        }
        for c in report.changes
        if c.change is not None and c.ci_low is not None and c.ci_high is not None
    ]
    ends = [abs(c.ci_low or 0.0) for c in report.changes] + [abs(c.ci_high or 0.0) for c in report.changes]
    reach = float(int(max([1.0, *ends]) * 2) + 1) / 2  # out to the next half point
    x = {"type": "quantitative", "scale": {"domain": [-reach, reach]}}
    y = {"field": "row", "type": "nominal", "sort": None, "title": None, "axis": {"labelLimit": 480}}
    verdicts = ["Rose, unlikely to be chance", "Fell, unlikely to be chance", "Could be chance"]
    shapes = {"domain": verdicts, "range": ["triangle-right", "triangle-left", "circle"]}
    fills = {"domain": verdicts, "range": ["#0b0c0c", "#0b0c0c", "#ffffff"]}
    legend = {"orient": "bottom", "direction": "vertical"}
    return {
        "$schema": SCHEMA,
        "title": f"Change from intake to exit: {group_name(report)}",
        "description": (
            f"For each measure and respondent, the mean change from intake to exit as a point, with its "
            f"{confidence} confidence interval as a line, beside a dashed line at no change. Filled triangles are "
            "changes unlikely to be chance, pointing the way the answers moved; open circles could be chance."
        ),
        "data": {"values": values},
        "width": 360,
        "height": {"step": 22},
        "config": {"font": "Arial, Helvetica, sans-serif", "view": {"stroke": None}},
        "padding": {"left": 80, "top": 5, "right": 10, "bottom": 5},  # room for labels drawn in a wider font
        "layer": [
            {
                "data": {"values": [{"zero": 0}]},
                "mark": {"type": "rule", "color": "#505a5f", "strokeDash": [4, 3]},
                "encoding": {"x": {"field": "zero", **x}},
            },
            {
                "mark": {"type": "rule", "color": "#0b0c0c", "strokeWidth": 2},
                "encoding": {
                    "y": y,
                    "x": {"field": "ci_low", **x, "title": f"Change, with its {confidence} interval"},
                    "x2": {"field": "ci_high"},
                },
            },
            {
                "mark": {"type": "point", "size": 90, "stroke": "#0b0c0c", "opacity": 1},
                "encoding": {
                    "y": y,
                    "x": {"field": "change", **x},
                    "shape": {"field": "verdict", "type": "nominal", "title": None, "scale": shapes, "legend": legend},
                    "fill": {"field": "verdict", "type": "nominal", "title": None, "scale": fills, "legend": legend},
                },
            },
        ],
    }


# ------------------------------------------------------------------------------ HTML

STYLE = """
:root { color: #0b0c0c; background: #ffffff; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.4; margin: 2rem auto;
       max-width: 72rem; padding: 0 1rem; }
h1 { font-size: 1.8rem; margin: 0 0 0.5rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 0.5rem; border-top: 2px solid #0b0c0c; padding-top: 0.5rem; }
h3 { font-size: 1.1rem; margin: 1.5rem 0 0.5rem; }
.meta, figcaption, .note { color: #505a5f; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
caption { text-align: left; font-weight: bold; padding: 0.25rem 0; }
th, td { border-bottom: 1px solid #b1b4b6; padding: 0.35rem 0.4rem; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #0b0c0c; vertical-align: bottom; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody th { font-weight: normal; }
figure { margin: 1rem 0 2rem; }
figure svg { max-width: 100%; height: auto; }
@page { size: A4; margin: 15mm 14mm 18mm; }
@media print {
  body { font-size: 10pt; margin: 0; max-width: none; padding: 0; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  table { font-size: 9pt; }
  thead { display: table-header-group; }
  tr, figure { break-inside: avoid; page-break-inside: avoid; }
  .meta, figcaption, .note { color: #0b0c0c; }
}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _changes_table(report: CohortReport, who: Mapping[str, str]) -> str:
    confidence = f"{round(report.confidence * 100)}%"
    heads = ["Measure", "Respondent", "Pairs", "Not ended", "At intake", "At exit", "Change"]
    heads += [f"{confidence} interval", "p", "Verdict"]
    numeric = {"Pairs", "Not ended", "At intake", "At exit", "Change", f"{confidence} interval", "p"}
    head = "".join(f'<th scope="col"{" class=num" if h in numeric else ""}>{_e(h)}</th>' for h in heads)
    rows = []
    for c in report.changes:
        interval = DASH if c.ci_low is None or c.ci_high is None else f"{signed(c.ci_low)} to {signed(c.ci_high)}"
        cells = [fixed(c.mean_intake), fixed(c.mean_exit), signed(c.change), interval, _p(c.p_value)]
        rows.append(
            f'<tr><th scope="row">{_e(c.label)}</th><td>{_e(who.get(c.respondent, c.respondent))}</td>'
            f'<td class="num">{c.pairs:,}</td><td class="num">{c.not_ended:,}</td>'
            + "".join(f'<td class="num">{_e(cell)}</td>' for cell in cells)
            + f"<td>{_e(_verdict(c))}</td></tr>"
        )
    caption = f"Change from intake to exit, measure by measure: {group_name(report)}"
    return (
        f"<table><caption>{_e(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _abuse_table(report: CohortReport) -> str:
    head = (
        '<th scope="col">Kind of abuse</th><th scope="col" class="num">Happening at intake</th>'
        '<th scope="col" class="num">Stopped by exit</th><th scope="col" class="num">Share stopped</th>'
    )
    rows = "".join(
        f'<tr><th scope="row">{_e(s.label)}</th><td class="num">{s.happening_at_intake:,}</td>'
        f'<td class="num">{s.stopped:,}</td><td class="num">{_e(_percent(s.share))}</td></tr>'
        for s in report.stopped
    )
    caption = f"Where each kind of abuse stopped, as the adult survivor answered: {group_name(report)}"
    return f"<table><caption>{_e(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _figure(report: CohortReport, who: Mapping[str, str], index: int, charts: bool) -> str:
    spec = changes_spec(report, who)
    if not spec["data"]["values"]:
        return '<p class="note">No change could be estimated yet, so there is no chart.</p>'
    drawn = to_svg(spec) if charts else ""  # vl-convert escapes every text it draws
    data = json.dumps(spec, ensure_ascii=False).replace("<", "\\u003c")  # nothing can end the script element
    return (
        f"<figure>{drawn}<figcaption>{_e(spec['description'])}</figcaption></figure>"
        f'<script type="application/json" id="chart-{index}" class="vega-lite">{data}</script>'
    )


def _section(report: CohortReport, who: Mapping[str, str], index: int, charts: bool) -> str:
    name = group_name(report)
    parts = [f'<section><h2 id="report-{index}">{_e(name)}</h2>']
    parts += [f"<p>{_e(line)}</p>" for line in counted(report)]
    if report.families:
        if report.group:  # the whole service's findings open the page
            parts.append("<h3>What changed</h3><ul>")
            parts += [f"<li>{_e(line)}</li>" for line in findings(report, who)]
            parts.append("</ul>")
        parts.append("<h3>Chart</h3>")
        parts.append(_figure(report, who, index, charts))
        parts.append("<h3>The figures</h3>")
        parts += [_changes_table(report, who), _abuse_table(report)]
    parts.append("</section>")
    return "\n".join(parts)


def report_html(report: OutcomesReport, *, charts: bool = True, made_on: dt.date | None = None) -> str:
    """One standalone, printable page (its own styles, charts as inline SVG and their Vega-Lite
    specifications as data, no script that runs, nothing fetched): the plain words first, then for each
    report its findings, chart and tables. With ``charts`` False, no SVG is drawn (vl-convert not needed)."""
    service = report.service
    by = {"team": "each team", "programme": "the programme of his first referral"}.get(report.by)
    title = "Outcomes: change from intake to exit"
    intro = (
        f"Families with an intake between {long_date(service.start)} and {long_date(service.end)}: "
        "the whole service" + (f", then {by}." if by else ".")
    )
    made = f" on {long_date(made_on)}" if made_on else ""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en-GB"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{STYLE}</style></head><body><main>",
        f"<h1>{_e(title)}</h1>",
        f'<p class="meta">{_e(intro)} Made by Spotlight from a case-file export{_e(made)}.</p>',
        '<section><h2 id="summary">In plain words</h2>',
    ]
    for r in report.reports:
        parts += [f"<p>{_e(line)}</p>" for line in counted(r)]
    if service.families:
        parts.append("<p>What changed for all families:</p><ul>")
        parts += [f"<li>{_e(line)}</li>" for line in findings(service, report.respondents)]
        parts.append("</ul>")
    parts.append(f"<p>{_e(CAUTION)}</p></section>")
    parts += [_section(r, report.respondents, i, charts) for i, r in enumerate(report.reports)]
    parts.append("</main></body></html>\n")
    return "\n".join(parts)
