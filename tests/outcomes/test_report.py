"""`spotlight outcomes report` on a synthetic export recovers the generator's known effects: a known
improvement is reported as unlikely to be chance with its interval covering the truth, and a measure with no
true change as could be chance; drop-outs are counted; grouped by team and by programme; HTML, JSON and CSV
written (and never a comment or a name); bad input named with exit status 2. Pure Python: no database."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from spotlight.casefile.format import iter_valid_families
from spotlight.cli import app
from spotlight.cli.common import may_hold
from spotlight.family.synth import write_synthetic_file
from spotlight.family.synth.outcomes import _COMMENTS
from spotlight.outcomes.domain.cohort import OutcomeRecord, cohort_report
from spotlight.outcomes.domain.measures import default_measures
from spotlight.outcomes.domain.report import (
    CSV_COLUMNS,
    NO_PROGRAMME,
    OutcomesReport,
    family_group,
    records_from_family,
    report_csv,
    report_html,
    report_json,
)

runner = CliRunner()
TODAY = dt.date(2026, 6, 15)
FAMILIES = 1500


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[str, Any]]]:
    """A synthetic export and the generator's truth, by family."""
    folder = tmp_path_factory.mktemp("outcomes")
    truth = io.StringIO()
    write_synthetic_file(folder / "export.jsonl", count=FAMILIES, seed=15, today=TODAY, truth_out=truth)
    truths = {row.pop("family"): row for row in map(json.loads, truth.getvalue().splitlines())}
    return folder / "export.jsonl", truths


def report(*args: str) -> Result:
    return runner.invoke(app, ["outcomes", "report", *args])


def _json(export: Path, tmp_path: Path, *args: str) -> dict[str, Any]:
    out = tmp_path / "report.json"
    result = report(str(export), "--to", TODAY.isoformat(), "--json", str(out), *args)
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return data


def _change(part: dict[str, Any], measure: str, respondent: str) -> dict[str, Any]:
    return next(c for c in part["changes"] if c["measure"] == measure and c["respondent"] == respondent)


def _true_change(
    path: Path, truths: dict[str, dict[str, Any]], measure: str, respondent: str, group: str = ""
) -> float:
    """The mean of the families' true effects over the pairs the report matches (intake and exit both answered)."""
    effects = []
    with path.open("rb") as fh:
        for _, family in iter_valid_families(fh, today=TODAY):
            if group and family_group(family, "programme") != group:
                continue
            answered = {
                (o.person, o.occasion) for o in family.outcomes if o.respondent == respondent and measure in o.scores
            }
            for person, occasion in answered:
                if occasion == "intake" and (person, "exit") in answered:
                    effects.append(truths[family.id]["outcome_effects"][respondent][measure])
    return float(sum(effects) / len(effects))


def test_a_known_improvement_is_found_with_its_interval_covering_the_truth(
    export: tuple[Path, dict[str, dict[str, Any]]], tmp_path: Path
) -> None:
    path, truths = export
    service = _json(path, tmp_path)["reports"][0]
    for measure, respondent in (("safety", "survivor"), ("safety", "child"), ("respectful_relationships", "worker")):
        change = _change(service, measure, respondent)
        truth = _true_change(path, truths, measure, respondent)
        assert truth > 0.3, (measure, respondent, truth)
        assert change["significant"] is True and "unlikely to be chance" in change["summary"]
        assert change["ci_low"] <= truth <= change["ci_high"], (measure, respondent, truth, change)
        assert change["pairs"] > 100 and change["not_ended"] > 100


def test_no_true_change_is_reported_as_could_be_chance(
    export: tuple[Path, dict[str, dict[str, Any]]], tmp_path: Path
) -> None:
    """His awareness changes only through a programme: where he has no programme referral, its true change is 0
    for every family (the generator's truth says so), and the report says it could be chance."""
    path, truths = export
    groups = {r["name"]: r for r in _json(path, tmp_path, "--by", "programme")["reports"]}
    none = groups[NO_PROGRAMME]
    for respondent in ("survivor", "worker"):
        assert _true_change(path, truths, "his_awareness", respondent, NO_PROGRAMME) == 0.0
        change = _change(none, "his_awareness", respondent)
        assert change["significant"] is False and "could be chance" in change["summary"], change
        assert change["ci_low"] <= 0.0 <= change["ci_high"] and change["pairs"] > 100
    assert _change(none, "his_awareness", "person_causing_harm")["pairs"] == 0  # he answers only on a programme


def test_families_not_ended_are_counted_and_said(
    export: tuple[Path, dict[str, dict[str, Any]]], tmp_path: Path
) -> None:
    path, _ = export
    service = _json(path, tmp_path)["reports"][0]
    with path.open("rb") as fh:
        recorded = [f for _, f in iter_valid_families(fh, today=TODAY) if f.outcomes]
    ended = [f for f in recorded if any(o.occasion == "exit" for o in f.outcomes)]
    assert (service["families"], service["ended"]) == (len(recorded), len(ended))
    assert service["not_ended"] == len(recorded) - len(ended) > 100
    assert f"{service['not_ended']:,} have not ended, or left without an exit (drop-outs)" in service["summary"][0]
    survivor = _change(service, "safety", "survivor")
    assert survivor["pairs"] + survivor["not_ended"] == len(recorded) - sum(
        1
        for f in recorded
        for o in f.outcomes
        if o.occasion == "intake" and o.respondent == "survivor" and "safety" not in o.scores
    )


def test_streamed_as_in_memory_and_checked_the_same(
    export: tuple[Path, dict[str, dict[str, Any]]], tmp_path: Path
) -> None:
    """The report read a family at a time is the cohort report of all the records at once; --check agrees."""
    path, _ = export
    quick = _json(path, tmp_path)
    assert _json(path, tmp_path, "--check") == quick
    with path.open("rb") as fh:
        records: list[OutcomeRecord] = [
            r for _, f in iter_valid_families(fh, today=TODAY) for r in records_from_family(f)
        ]
    whole = cohort_report(records, default_measures(), start=dt.date(2000, 1, 1), end=TODAY)
    assert [c["change"] for c in quick["reports"][0]["changes"]] == [c.change for c in whole.changes]
    assert [c["p_value"] for c in quick["reports"][0]["changes"]] == [c.p_value for c in whole.changes]
    assert [s["stopped"] for s in quick["reports"][0]["abuse_stopped"]] == [s.stopped for s in whole.stopped]


def test_grouped_by_team_and_by_programme(export: tuple[Path, dict[str, dict[str, Any]]], tmp_path: Path) -> None:
    path, _ = export
    by_team = _json(path, tmp_path, "--by", "team")
    assert by_team["by"] == "team"
    names = [r["name"] for r in by_team["reports"]]
    assert names == ["All families", "East", "North", "South"]
    assert sum(r["families"] for r in by_team["reports"][1:]) == by_team["reports"][0]["families"]
    by_programme = _json(path, tmp_path, "--by", "programme")
    names = [r["name"] for r in by_programme["reports"]]
    assert names[-1] == NO_PROGRAMME and "Domestic abuse perpetrator programme (community)" in names
    assert sum(r["families"] for r in by_programme["reports"][1:]) == by_programme["reports"][0]["families"]


def test_the_date_range_chooses_the_intakes(export: tuple[Path, dict[str, dict[str, Any]]], tmp_path: Path) -> None:
    path, _ = export
    everything = _json(path, tmp_path)
    assert everything["from"] < "2025-01-01" and everything["to"] == TODAY.isoformat()
    later = _json(path, tmp_path, "--from", "2025-06-01")
    assert later["from"] == "2025-06-01"
    assert 0 < later["reports"][0]["families"] < everything["reports"][0]["families"]


def test_html_csv_and_text(export: tuple[Path, dict[str, dict[str, Any]]], tmp_path: Path) -> None:
    path, _ = export
    html_path, csv_path = tmp_path / "report.html", tmp_path / "report.csv"
    result = report(
        str(path), "--to", TODAY.isoformat(), "--by", "team", "--html", str(html_path), "--csv", str(csv_path)
    )
    assert result.exit_code == 0, result.output
    assert "wrote" in result.stderr and not result.stdout
    page = html_path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.index("In plain words") < page.index("<svg")
    assert "have not ended, or left without an exit (drop-outs)" in page and "<table>" in page
    specs = re.findall(r'<script type="application/json" id="chart-\d+" class="vega-lite">(.*?)</script>', page)
    assert len(specs) == 4 and json.loads(specs[0])["$schema"].startswith("https://vega.github.io/schema/vega-lite")
    assert "<script>" not in page and "src=" not in page
    rows = list(csv.reader(io.StringIO(csv_path.read_text(encoding="utf-8"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert {r[1] for r in rows[1:]} == {"change", "abuse_stopped"} and {r[0] for r in rows[1:]} == {
        "",
        "East",
        "North",
        "South",
    }
    assert len(rows) - 1 == 4 * (20 + 5)
    text = report(str(path), "--to", TODAY.isoformat())
    assert text.exit_code == 0 and "All families: " in text.stdout and "could be chance" in text.stdout


def test_no_comment_and_no_name_reaches_a_report(
    export: tuple[Path, dict[str, dict[str, Any]]], tmp_path: Path
) -> None:
    """Reports hold numbers and the measures' words: never a record's comment, a person's name or a note."""
    path, _ = export
    with path.open("rb") as fh:
        families = [f for _, f in iter_valid_families(fh, today=TODAY) if f.outcomes][:300]
    measures = default_measures()
    records = [r for f in families for r in records_from_family(f)]
    service = cohort_report(records, measures, start=dt.date(2000, 1, 1), end=TODAY)
    written = OutcomesReport.of(service, [], "", measures)
    outputs = [report_html(written, charts=False), report_csv(written), json.dumps(report_json(written))]
    comments = {o.comment for f in families for o in f.outcomes if o.comment}
    assert comments
    words = [c for c in comments if "{child}" not in c] + [t.split("{child}")[1] for t in _COMMENTS["child"]]
    names = {f"{p.given_name} {p.family_name}" for f in families for p in f.people}
    for output in outputs:
        assert not any(words_ in output for words_ in words)
        assert not any(name in output for name in names)
    assert not any(hasattr(r, "comment") for r in records)


def test_the_group_of_a_family(export: tuple[Path, dict[str, dict[str, Any]]]) -> None:
    path, _ = export
    with path.open("rb") as fh:
        families = [f for _, f in iter_valid_families(fh, today=TODAY)][:200]
    referred = next(f for f in families if f.programme_referrals)
    first = referred.programme_referrals[0]
    assert family_group(referred, "programme") == first.programme
    assert family_group(referred, "programme", {first.programme: "Words"}) == "Words"
    earlier = first.model_copy(
        update={"id": "pr0", "programme": "one_to_one", "referred_on": first.referred_on - dt.timedelta(days=1)}
    )
    both = referred.model_copy(update={"programme_referrals": (first, earlier)})
    assert family_group(both, "programme") == "one_to_one"  # the first by day, whatever the order on the line
    alone = next(f for f in families if not f.programme_referrals)
    assert family_group(alone, "programme") == NO_PROGRAMME
    assert family_group(alone, "team") == alone.team and family_group(alone, "") == ""


def _line(**more: Any) -> str:
    family = {
        "id": "F1",
        "name": "F1 family",
        "team": "North",
        "people": [
            {"id": "p1", "role": "person_causing_harm", "given_name": "Darren", "family_name": "Reid"},
            {"id": "p2", "role": "adult_survivor", "given_name": "Sarah", "family_name": "Reid"},
        ],
        "outcomes": [
            {
                "id": "o1",
                "respondent": "survivor",
                "person": "p2",
                "occasion": "intake",
                "recorded_on": "2026-01-05",
                "scores": {"safety": 2},
            }
        ],
    }
    family.update(more)
    return json.dumps(family)


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ([_line(), '{"id": "F2", "team": "North"'], "stopped at line 2"),
        ([_line(), _line()], 'line 2, field id: family id "F1" is already used on line 1'),
        (
            [
                _line(
                    outcomes=[
                        {
                            "id": "o1",
                            "respondent": "survivor",
                            "person": "p2",
                            "occasion": "intake",
                            "recorded_on": "2026-01-05",
                            "scores": {"safety": 9},
                        }
                    ]
                )
            ],
            "line 1, field outcomes[0].scores.safety: 9 is not a point on the measure's scale",
        ),
        (
            [
                _line(
                    outcomes=[
                        {
                            "id": "o1",
                            "respondent": "child",
                            "person": "p2",
                            "occasion": "start",
                            "recorded_on": "2026-01-05",
                        }
                    ]
                )
            ],
            'line 1, field outcomes[0].occasion: "start" is not an occasion of the outcome measures',
        ),
    ],
)
def test_a_bad_line_is_named_and_nothing_is_written(lines: list[str], message: str, tmp_path: Path) -> None:
    path, out = tmp_path / "bad.jsonl", tmp_path / "report.html"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = report(str(path), "--html", str(out))
    assert result.exit_code == 2, result.output
    assert message in result.stderr and "No report was made and no file was written." in result.stderr
    assert "Traceback" not in result.output and not out.exists() and not list(tmp_path.glob("*.part"))


def test_bad_days_and_unreadable_files_are_named(tmp_path: Path) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text(_line() + "\n", encoding="utf-8")
    bad = report(str(path), "--from", "2026-13-01")
    assert bad.exit_code == 2 and "--from 2026-13-01: not a day" in bad.stderr
    backwards = report(str(path), "--from", "2026-05-01", "--to", "2026-04-01")
    assert backwards.exit_code == 2 and "is after --to" in backwards.stderr
    missing = report(str(tmp_path / "nowhere.jsonl"))
    assert missing.exit_code == 2 and "Cannot read" in missing.stderr
    assert report(str(path), "--by", "colour").exit_code == 2
    one = report(str(path))
    assert one.exit_code == 0 and "1 family had an intake" in one.stdout and "Too few families to test" in one.stdout


def test_lines_without_outcomes_are_passed_over_unread() -> None:
    assert not may_hold(b'{"id":"A","risk_identifications":[],"outcomes":[]}', "outcomes")
    assert not may_hold(b'{"id":"A","people":[]}', "outcomes")
    assert may_hold(b'{"id":"A","outcomes":[{"id":"o1"}]}', "outcomes")
    assert may_hold(b'{"id":"A","outcomes":[],"outcomes":[{}]}', "outcomes")
    assert may_hold(b'{"id":"A","outcomes":[]', "outcomes")  # cut short: read, and refused
