"""Round files and `spotlight audit compare`, end to end from `spotlight synth --practice` through
`spotlight audit suggest`; and the practice mix of the synthetic generator."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from spotlight.audit.domain.instrument import default_instrument
from spotlight.audit.domain.roundfile import MAX_PROBLEMS, RoundFileInvalid, read_round_file
from spotlight.cli import app, practice_weights_from_text
from spotlight.family.synth import PRACTICE_WEIGHTS, generate_families, write_synthetic_file

TODAY = "2026-11-01"
runner = CliRunner()


def invoke(*args: str) -> Result:
    return runner.invoke(app, list(args))


# ---------------------------------------------------------------------------
# end to end
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rounds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two rounds of 300 families, usual practice (seed 1) and better practice (seed 2), as CSV and JSON."""
    folder = tmp_path_factory.mktemp("rounds")
    paths: dict[str, Path] = {}
    for name, seed, practice in (("usual", 1, None), ("better", 2, "accountable=70,mixed=25,blaming=5")):
        export = folder / f"{name}.jsonl"
        args = ["synth", "--families", "300", "--seed", str(seed), "--today", TODAY, "--out", str(export)]
        if practice:
            args += ["--practice", practice]
        result = invoke(*args)
        assert result.exit_code == 0, result.output
        paths[f"{name}_csv"] = folder / f"{name}.csv"
        paths[f"{name}_json"] = folder / f"{name}.json"
        result = invoke(
            "audit",
            "suggest",
            str(export),
            "--out-csv",
            str(paths[f"{name}_csv"]),
            "--out-json",
            str(paths[f"{name}_json"]),
        )
        assert result.exit_code == 0, result.output
    return paths


def test_compare_better_practice_end_to_end(rounds: dict[str, Path], tmp_path: Path) -> None:
    out_json, out_html, out_csv = tmp_path / "r.json", tmp_path / "r.html", tmp_path / "r.csv"
    result = invoke(
        "audit",
        "compare",
        str(rounds["usual_csv"]),
        str(rounds["better_json"]),  # CSV and JSON round files mix
        "--name-a",
        "Spring round",
        "--name-b",
        "Autumn round",
        "--json",
        str(out_json),
        "--html",
        str(out_html),
        "--csv",
        str(out_csv),
    )
    assert result.exit_code == 0, result.output
    assert "Spring round compared with Autumn round" in result.stdout
    assert "Improved" in result.stdout and "Every domain improved." in result.stdout

    data = json.loads(out_json.read_text(encoding="utf-8"))
    assert (data["before_name"], data["after_name"]) == ("Spring round", "Autumn round")
    assert data["before"]["families"] == data["after"]["families"] == 300
    for domain in data["domains"]:
        assert domain["difference"] > 0 and domain["ci"][0] > 0 and domain["p_adjusted"] < 0.05, domain["id"]
        assert domain["verdict"] == "improved"
    improved = [i for i in data["items"] if i["verdict"] == "improved" and i["ci"][0] > 0 and i["p_adjusted"] < 0.05]
    assert len(improved) >= 0.8 * len(data["items"])
    # The suggestions were taken as they were, so there is nothing to measure agreement on.
    assert data["agreement"]["before"]["suggestion"]["overall"]["n"] == 0

    rows = list(csv.DictReader(io.StringIO(out_csv.read_text(encoding="utf-8"))))
    instrument = default_instrument()
    assert len(rows) == len(instrument.domains) + len(instrument.items())
    assert {r["verdict"] for r in rows if r["level"] == "domain"} == {"improved"}

    page = out_html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Spring round" in page and "<svg" in page
    assert not list(tmp_path.glob("*.part"))


def test_compare_a_round_with_itself_shows_no_change(rounds: dict[str, Path], tmp_path: Path) -> None:
    out_json = tmp_path / "same.json"
    result = invoke("audit", "compare", str(rounds["usual_csv"]), str(rounds["usual_json"]), "--json", str(out_json))
    assert result.exit_code == 0, result.output
    data = json.loads(out_json.read_text(encoding="utf-8"))
    for change in (*data["domains"], *data["items"]):
        assert change["difference"] == pytest.approx(0.0, abs=1e-12)
        assert change["significant"] is False and change["verdict"] == "no_clear_change"
    assert "No domain showed a clear change." in result.stdout


def test_compare_with_auditor_ratings_reports_agreement(rounds: dict[str, Path], tmp_path: Path) -> None:
    # An auditor confirms every suggestion for the first 20 families and a second auditor rates
    # the same families one point lower on contacted_and_seen where she can.
    with rounds["usual_csv"].open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    families = sorted({r["family_ref"] for r in rows})[:20]
    out_rows = []
    for row in rows:
        if row["family_ref"] in families:
            first = {**row, "auditor_rating": row["suggested_rating"], "auditor": "AB"}
            lower = max(1, int(row["suggested_rating"]) - 1) if row["item"] == "contacted_and_seen" else None
            second = {**row, "auditor_rating": str(lower or row["suggested_rating"]), "auditor": "CD"}
            out_rows += [first, second]
        else:
            out_rows.append({**row, "auditor_rating": "", "auditor": ""})
    rated = tmp_path / "rated.csv"
    with rated.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0].keys()))  # audit suggest writes both columns, empty
        writer.writeheader()
        writer.writerows(out_rows)
    out_json, out_html = tmp_path / "r.json", tmp_path / "r.html"
    result = invoke(
        "audit", "compare", str(rounds["usual_csv"]), str(rated), "--json", str(out_json), "--html", str(out_html)
    )
    assert result.exit_code == 0, result.output
    agreement = json.loads(out_json.read_text(encoding="utf-8"))["agreement"]["after"]
    assert agreement["auditors"]["families"] == 20
    by_item = {i["item"]: i for i in agreement["auditors"]["items"]}
    assert by_item["named_as_parent"]["kappa"] == pytest.approx(1.0)
    assert by_item["contacted_and_seen"]["kappa"] < 1.0
    assert agreement["suggestion"]["overall"]["n"] == 2 * 20 * len(default_instrument().items())
    assert "How far raters agree" in out_html.read_text(encoding="utf-8")


def test_compare_bad_round_files_exit_2_naming_every_problem_and_write_nothing(
    rounds: dict[str, Path], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "family_ref,team,domain,item,suggested_rating,reasons\n"
        "F1,North,him,named_as_parent,3,ok\n"
        "F2,North,him,no_such_item,3,\n"
        "F3,North,him,named_as_parent,7,\n",
        encoding="utf-8",
    )
    missing = tmp_path / "missing.json"
    out_json, out_html = tmp_path / "r.json", tmp_path / "r.html"
    result = invoke("audit", "compare", str(bad), str(missing), "--json", str(out_json), "--html", str(out_html))
    assert result.exit_code == 2
    assert f"{bad}, line 3, column 4 (item): 'no_such_item' is not an item" in result.stderr
    assert f"{bad}, line 4, column 5 (suggested_rating): '7' is not on the scale" in result.stderr
    assert f"{missing}: cannot be read" in result.stderr
    assert "Nothing was compared" in result.stderr
    assert list(tmp_path.iterdir()) == [bad]


def test_compare_writes_no_file_when_one_cannot_be_written(rounds: dict[str, Path], tmp_path: Path) -> None:
    out_json, out_csv = tmp_path / "r.json", tmp_path / "no-such-folder" / "r.csv"
    result = invoke(
        "audit",
        "compare",
        str(rounds["usual_csv"]),
        str(rounds["better_csv"]),
        "--json",
        str(out_json),
        "--csv",
        str(out_csv),
    )
    assert result.exit_code == 2
    assert f"Nothing was written: {out_csv}" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_compare_refuses_a_confidence_out_of_range(rounds: dict[str, Path]) -> None:
    result = invoke("audit", "compare", str(rounds["usual_csv"]), str(rounds["usual_csv"]), "--confidence", "1.5")
    assert result.exit_code == 2


# ---------------------------------------------------------------------------
# round files
# ---------------------------------------------------------------------------


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_round_file_csv_uses_the_auditor_rating_when_given(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "round.csv",
        "\ufefffamily_ref,team,domain,item,suggested_rating,reasons,auditor_rating,auditor\n"
        'F1,North,him,named_as_parent,3,"two\nlines",,\n'  # blank: the suggestion stands
        "F1,North,him,contacted_and_seen,2,,4,AB\n"  # the auditor's own rating
        "F2,South,,contacted_and_seen,2,,n/a,AB\n"  # the auditor says not applicable
        "F2,South,him,named_as_parent,,,,\n"  # no rating at all: not applicable
        "F3,South,him,named_as_parent,3.0,,N/A,CD\n"
        "\n",
    )
    ratings = read_round_file(path, default_instrument())
    assert [(r.family_ref, r.item, r.rating, r.suggested, r.auditor) for r in ratings] == [
        ("F1", "named_as_parent", 3, None, ""),
        ("F1", "contacted_and_seen", 4, 2, "AB"),
        ("F2", "contacted_and_seen", None, 2, "AB"),
        ("F2", "named_as_parent", None, None, ""),
        ("F3", "named_as_parent", None, 3, "CD"),
    ]
    assert ratings[2].team == "South"


def test_round_file_json(tmp_path: Path) -> None:
    rows = [
        {"family_ref": "F1", "team": "North", "item": "named_as_parent", "suggested_rating": 3, "reasons": ["x"]},
        {"family_ref": "F1", "item": "contacted_and_seen", "suggested_rating": 2, "auditor_rating": 1, "auditor": "AB"},
        {"family_ref": "F2", "item": "contacted_and_seen", "suggested_rating": None},
    ]
    path = _write(tmp_path, "round.json", json.dumps(rows))
    ratings = read_round_file(path, default_instrument())
    assert [(r.family_ref, r.rating, r.suggested) for r in ratings] == [
        ("F1", 3, None),
        ("F1", 1, 2),
        ("F2", None, None),
    ]


def test_round_file_csv_problems_name_line_and_column(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "round.csv",
        "family_ref,team,domain,item,suggested_rating,auditor_rating,auditor\n"
        "F1,North,him,named_as_parent,3,,\n"
        "F2,North,pattern,named_as_parent,3,,\n"
        ",North,him,named_as_parent,3,,\n"
        "F3,North,him,named_as_parent,three,,\n"
        "F4,North,him,named_as_parent,2,2.5,AB\n"
        "F1,North,him,named_as_parent,4,,\n",
    )
    with pytest.raises(RoundFileInvalid) as caught:
        read_round_file(path, default_instrument())
    problems = caught.value.problems
    assert problems == [
        f"{path}, line 3, column 3 (domain): item named_as_parent belongs to the domain 'him' in the instrument, "
        "not 'pattern'",
        f"{path}, line 4, column 1 (family_ref): the family reference is blank",
        f"{path}, line 5, column 5 (suggested_rating): 'three' is not a rating: use a whole number from 1 to 4, or n/a",
        f"{path}, line 6, column 6 (auditor_rating): '2.5' is not on the scale: use 1, 2, 3, 4, or n/a",
        f"{path}, line 7: family F1, item named_as_parent is rated twice (first at line 2)",
    ]
    assert str(caught.value).startswith(f"{path} cannot be used as a round file: 5 problems.")


def test_round_file_missing_columns_and_bad_json(tmp_path: Path) -> None:
    instrument = default_instrument()
    no_rating = _write(tmp_path, "a.csv", "family_ref,team,item\nF1,North,named_as_parent\n")
    with pytest.raises(RoundFileInvalid, match=r"line 1 \(the header\): the column suggested_rating or auditor_rating"):
        read_round_file(no_rating, instrument)
    broken = _write(tmp_path, "b.json", '[{"family_ref": "F1", "item": "named_as_parent",\n "suggested_rating": 3,,}]')
    with pytest.raises(RoundFileInvalid, match=r"b\.json, line 2, column 24: not valid JSON"):
        read_round_file(broken, instrument)
    entries = _write(
        tmp_path,
        "c.json",
        json.dumps(
            [
                {"family_ref": "F1", "item": "named_as_parent"},
                "text",
                {"family_ref": "F2", "item": "x", "suggested_rating": 1},
            ]
        ),
    )
    with pytest.raises(RoundFileInvalid) as caught:
        read_round_file(entries, instrument)
    assert (
        caught.value.problems[0]
        == f"{entries}, entry 1 (index 0): the column suggested_rating or auditor_rating is missing"
    )
    assert caught.value.problems[1].startswith(f"{entries}, entry 2 (index 1): each entry must be an object")
    assert caught.value.problems[2].startswith(f"{entries}, entry 3 (index 2), key item: 'x' is not an item")
    not_a_list = _write(tmp_path, "d.json", '{"family_ref": "F1"}')
    with pytest.raises(RoundFileInvalid, match="a list of ratings"):
        read_round_file(not_a_list, instrument)
    empty = _write(tmp_path, "e.csv", "")
    with pytest.raises(RoundFileInvalid, match="the file is empty"):
        read_round_file(empty, instrument)
    header_only = _write(tmp_path, "f.csv", "family_ref,item,suggested_rating\n")
    with pytest.raises(RoundFileInvalid, match="there are no ratings in it"):
        read_round_file(header_only, instrument)
    latin1 = tmp_path / "g.csv"
    latin1.write_bytes("family_ref,item,suggested_rating\nF\xe9,named_as_parent,3\n".encode("latin-1"))
    with pytest.raises(RoundFileInvalid, match=r"g\.csv, line 2: not UTF-8 text"):
        read_round_file(latin1, instrument)


def test_round_file_problems_are_capped(tmp_path: Path) -> None:
    lines = ["family_ref,item,suggested_rating"] + [f"F{n},named_as_parent,9" for n in range(30)]
    path = _write(tmp_path, "many.csv", "\n".join(lines) + "\n")
    with pytest.raises(RoundFileInvalid) as caught:
        read_round_file(path, default_instrument())
    assert len(caught.value.problems) == MAX_PROBLEMS
    assert caught.value.more == 30 - MAX_PROBLEMS
    assert str(caught.value).endswith(f"... and {30 - MAX_PROBLEMS} more.")


# ---------------------------------------------------------------------------
# the practice mix of synthetic families
# ---------------------------------------------------------------------------


def test_default_practice_weights_leave_the_output_unchanged() -> None:
    day = dt.date.fromisoformat(TODAY)
    default, explicit = io.StringIO(), io.StringIO()
    write_synthetic_file(default, count=30, seed=5, today=day)
    write_synthetic_file(explicit, count=30, seed=5, today=day, practice_weights=PRACTICE_WEIGHTS)
    assert default.getvalue() == explicit.getvalue()


def test_practice_weights_change_the_mix() -> None:
    day = dt.date.fromisoformat(TODAY)
    usual = Counter(f.truth.practice for f in generate_families(count=400, seed=9, today=day))
    better = Counter(
        f.truth.practice for f in generate_families(count=400, seed=9, today=day, practice_weights=(70, 25, 5))
    )
    only = Counter(f.truth.practice for f in generate_families(count=50, seed=9, today=day, practice_weights=(0, 0, 1)))
    assert better["accountable"] > usual["accountable"] + 80
    assert better["blaming"] < usual["blaming"] - 50
    assert only == Counter({"blaming": 50})
    with pytest.raises(ValueError, match="must not be negative"):
        list(generate_families(count=1, seed=1, today=day, practice_weights=(-1, 1, 1)))
    with pytest.raises(ValueError, match="one weight for each"):
        list(generate_families(count=1, seed=1, today=day, practice_weights=(1, 1)))


def test_practice_option_parsing() -> None:
    assert practice_weights_from_text("accountable=70,mixed=25,blaming=5") == (70, 25, 5)
    assert practice_weights_from_text(" blaming = 10 , accountable=90 ") == (90, 0, 10)
    for text, message in (
        ("kind=50", "'kind' is not a practice level; the levels are accountable, mixed, blaming"),
        ("accountable=-5,mixed=10", "a percentage cannot be negative"),
        ("accountable=0,mixed=0,blaming=0", "at least one level needs a percentage above 0"),
        ("accountable=ten", "must be a whole number"),
        ("accountable", "write each level as level=percent"),
        ("mixed=1,mixed=2", "mixed is given twice"),
    ):
        with pytest.raises(ValueError, match=message):
            practice_weights_from_text(text)


def test_synth_practice_option_errors_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "f.jsonl"
    for practice, message in (
        ("careful=50", "'careful' is not a practice level"),
        ("accountable=-1", "cannot be negative"),
        ("accountable=0,blaming=0", "at least one level needs a percentage above 0"),
    ):
        result = invoke("synth", "--families", "5", "--out", str(out), "--practice", practice)
        assert result.exit_code == 2
        assert message in result.stderr
        assert not out.exists()


def test_synth_practice_option_writes_the_mix_into_the_truth(tmp_path: Path) -> None:
    out, truth = tmp_path / "f.jsonl", tmp_path / "t.jsonl"
    args = ["synth", "--families", "40", "--seed", "3", "--today", TODAY, "--out", str(out), "--truth", str(truth)]
    result = invoke(*args, "--practice", "accountable=100")
    assert result.exit_code == 0, result.output
    practices = {json.loads(line)["practice"] for line in truth.read_text(encoding="utf-8").splitlines()}
    assert practices == {"accountable"}
