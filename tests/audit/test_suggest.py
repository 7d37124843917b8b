"""Suggested audit ratings: against synthetic families whose practice is known, rule by rule on
small hand-made records, and through `spotlight audit suggest` / `spotlight audit sample`."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from spotlight.audit.domain.evidence import FamilyEvidence, evidence_from_record
from spotlight.audit.domain.instrument import default_instrument
from spotlight.audit.domain.sampling import sample_families
from spotlight.audit.domain.statistics import weighted_kappa
from spotlight.audit.domain.suggest import RULES, suggest, suggest_all
from spotlight.casefile.format import FamilyRecord, dump_family
from spotlight.cli import app
from spotlight.family.synth import SyntheticFamily, generate_families
from spotlight.family.synth.audit_truth import TRUTH_RATINGS, agreement_with_truth
from spotlight.family.synth.exports import without_map

TODAY = dt.date(2026, 11, 1)
runner = CliRunner()

#: Quadratic weighted kappa of suggestion against truth (spotlight.family.synth.audit_truth), 300 families,
#: seed 11, as measured: contacted 0.803, assessed 0.738, pattern 0.756, prior 0.937, impact 0.590,
#: protective 0.626, language 0.871. Floors sit a little below. (Before issue 13 the generator's truth read
#: only the map, which it filled exactly when practice was good, and the suggestions read only the map:
#: pattern 0.977, impact 0.854, protective 0.907. Its notes now tell what its map holds and more, its
#: truth covers what the notes tell, and the suggestions count facts found in notes; the figures fell
#: where a note tells part of a picture the truth, a yes or a no, does not grade.)
KAPPA_FLOORS = {
    "contacted_and_seen": 0.75,
    "assessed_as_parent": 0.70,
    "pattern_beyond_incident": 0.70,
    "prior_relationships": 0.88,
    "impact_on_child": 0.54,
    "protective_efforts": 0.58,
    "accountable_language": 0.82,
}
#: Issue 13: the same families exported without their maps (facts only in their notes) must agree
#: with the truth within this of the full files, item by item.
NOTES_ONLY_GAP = 0.1


@pytest.fixture(scope="module")
def synthetic() -> list[SyntheticFamily]:
    return list(generate_families(count=300, seed=11, today=TODAY))


def test_every_default_item_has_a_rule() -> None:
    assert {item.id for _d, item in default_instrument().items()} == set(RULES)


@pytest.mark.parametrize("item", sorted(KAPPA_FLOORS))
def test_suggestions_agree_with_the_known_truth(synthetic: list[SyntheticFamily], item: str) -> None:
    truth = [TRUTH_RATINGS[item](f.truth) for f in synthetic]
    suggested = [suggest(item, evidence_from_record(f.record)).rating for f in synthetic]
    result = weighted_kappa(truth, suggested, [1, 2, 3, 4], weights="quadratic")
    assert result.kappa is not None
    assert result.kappa >= KAPPA_FLOORS[item], f"{item}: measured kappa {result.kappa:.3f}, floor {KAPPA_FLOORS[item]}"


def test_a_file_with_its_facts_only_in_notes_gets_the_same_fair_suggestions(synthetic: list[SyntheticFamily]) -> None:
    full = agreement_with_truth(synthetic)
    notes_only = agreement_with_truth(synthetic, without_maps=True)
    for item, kappa in full.items():
        assert kappa is not None and notes_only[item] is not None
        assert abs(kappa - notes_only[item]) <= NOTES_ONLY_GAP, (item, kappa, notes_only[item])


def test_the_reasons_say_where_a_fact_came_from_and_never_none_when_notes_record_it(
    synthetic: list[SyntheticFamily],
) -> None:
    for family in synthetic[:60]:
        record = without_map(family.record)
        evidence = evidence_from_record(record)
        pattern = suggest("pattern_beyond_incident", evidence)
        if evidence.in_notes.behaviour_kinds:
            assert any("found in the notes, first in the note of" in r for r in pattern.reasons), pattern.reasons
        efforts = suggest("protective_efforts", evidence)
        if evidence.all_efforts:
            assert not any(r.startswith("None of her protective efforts") for r in efforts.reasons)


def test_every_suggestion_is_on_the_scale_with_reasons(synthetic: list[SyntheticFamily]) -> None:
    instrument = default_instrument()
    for family in synthetic[:60]:
        suggestions = suggest_all(instrument, evidence_from_record(family.record))
        assert list(suggestions) == [item.id for _d, item in instrument.items()]
        for s in suggestions.values():
            assert s.rating in (1, 2, 3, 4) and s.reasons and all(r.strip() for r in s.reasons)


# ---------------------------------------------------------------------------
# Hand-made records
# ---------------------------------------------------------------------------


def _record(**extra: Any) -> FamilyRecord:
    data: dict[str, Any] = {
        "id": "F1",
        "name": "Test family",
        "team": "North",
        "people": [
            {"id": "p", "role": "person_causing_harm", "given_name": "Dan", "family_name": "Reed"},
            {"id": "m", "role": "adult_survivor", "given_name": "Sara", "family_name": "Reed"},
            {"id": "c1", "role": "child", "given_name": "Mia", "date_of_birth": "2019-03-01"},
            {"id": "c2", "role": "child", "given_name": "Leo", "date_of_birth": "2021-05-01"},
        ],
        "relationships": [{"from": "p", "to": "c1", "kind": "parent"}, {"from": "p", "to": "c2", "kind": "parent"}],
    }
    data.update(extra)
    return FamilyRecord.model_validate(data)


def _attempts(*outcomes: str, method: str = "phone") -> list[dict[str, Any]]:
    return [
        {"id": f"a{i}", "person": "p", "date": "2026-01-0" + str(i + 1), "outcome": o, "method": method}
        for i, o in enumerate(outcomes)
    ]


def _entry(i: int, kind: str, **fields: Any) -> dict[str, Any]:
    return {"id": f"b{i}", "person": "p", "kind": kind, "occurred_on": "2025-06-01", "source": "police", **fields}


def _ev(**extra: Any) -> FamilyEvidence:
    return evidence_from_record(_record(**extra))


def test_contact_ratings_follow_the_anchors() -> None:
    assert suggest("contacted_and_seen", _ev()).rating == 1
    assert suggest("contacted_and_seen", _ev(contact_attempts=_attempts("attempted"))).rating == 2
    s = suggest("contacted_and_seen", _ev(contact_attempts=_attempts("attempted", "attempted", "seen")))
    assert s.rating == 3
    assert s.reasons == ("3 attempts to contact him (1 route); seen once, not alone.",)
    assert suggest("contacted_and_seen", _ev(contact_attempts=_attempts("seen", "seen_alone"))).rating == 4


def test_never_reached_but_every_route_tried_is_mostly_evident() -> None:
    attempts = _attempts("attempted", "attempted") + [
        {"id": "a9", "person": "p", "date": "2026-02-01", "outcome": "attempted", "method": "letter"}
    ]
    s = suggest("contacted_and_seen", _ev(contact_attempts=attempts))
    assert s.rating == 3 and "several routes" in s.reasons[0]


def test_assessed_as_parent_needs_the_assessment() -> None:
    assert suggest("assessed_as_parent", _ev()).rating == 1
    assert suggest("assessed_as_parent", _ev(contact_attempts=_attempts("contacted"))).rating == 2
    assert suggest("assessed_as_parent", _ev(contact_attempts=_attempts("assessed_as_parent"))).rating == 3


def test_named_as_parent() -> None:
    unnamed = _record().model_dump(by_alias=True)
    unnamed["people"][0]["family_name"] = ""
    assert suggest("named_as_parent", evidence_from_record(FamilyRecord.model_validate(unnamed))).rating == 1
    assert suggest("named_as_parent", _ev(relationships=[{"from": "p", "to": "c1", "kind": "parent"}])).rating == 2
    # listed as a parent of each child, but no note treats him as one: partly evident (issue 13)
    listed = suggest("named_as_parent", _ev())
    assert listed.rating == 2 and "No note treats him as a parent" in listed.reasons[-1]
    as_parent = [_note(1, "Discussed his care of the children at weekends and what they need from him.")]
    assert suggest("named_as_parent", _ev(notes=as_parent)).rating == 3
    assert suggest("named_as_parent", _ev(contact_attempts=_attempts("assessed_as_parent"))).rating == 4


def test_pattern_beyond_the_incident() -> None:
    incident = _entry(1, "physical_assault", presenting_incident=True)
    assert suggest("pattern_beyond_incident", _ev(behaviour_entries=[incident])).rating == 1
    assert (
        suggest("pattern_beyond_incident", _ev(behaviour_entries=[incident, _entry(2, "physical_assault")])).rating == 2
    )
    three = [incident, _entry(2, "monitoring"), _entry(3, "isolation", source="adult_survivor")]
    assert suggest("pattern_beyond_incident", _ev(behaviour_entries=three[:2])).rating == 3
    assert suggest("pattern_beyond_incident", _ev(behaviour_entries=three)).rating == 4


def test_prior_relationships() -> None:
    assert suggest("prior_relationships", _ev()).rating == 1
    note = {"id": "n1", "date": "2026-01-01", "contact_type": "record", "text": "His former partner called the police."}
    assert suggest("prior_relationships", _ev(notes=[note])).rating == 2
    prior = _entry(1, "physical_assault", relationship="prior", prior_partner="Jo", occurred_on=None, period="2012")
    assert suggest("prior_relationships", _ev(behaviour_entries=[prior])).rating == 3


def test_child_harm_and_impact_per_child() -> None:
    harm = {"child": "c1", "his_action": "He threw a mug past Mia.", "impact": "Mia hides under the table."}
    one = [_entry(1, "physical_assault", child_harms=[harm])]
    assert suggest("impact_on_child", _ev()).rating == 1
    assert suggest("impact_on_child", _ev(behaviour_entries=one)).rating == 2
    assert suggest("his_actions_harming_child", _ev(behaviour_entries=one)).rating == 2
    both = [_entry(1, "physical_assault", child_harms=[harm, {**harm, "child": "c2"}])]
    assert suggest("impact_on_child", _ev(behaviour_entries=both)).rating == 3
    assert suggest("his_actions_harming_child", _ev(behaviour_entries=both)).rating == 3
    from_child = [{**both[0], "source": "child"}, _entry(2, "children_as_weapons")]
    assert suggest("impact_on_child", _ev(behaviour_entries=from_child)).rating == 4
    assert suggest("his_actions_harming_child", _ev(behaviour_entries=from_child)).rating == 4


def _effort(i: int, kind: str, children: list[str]) -> dict[str, Any]:
    return {"id": f"e{i}", "survivor": "m", "kind": kind, "description": "Did it.", "source": "adult_survivor",
            "children": children}  # fmt: skip


def test_protective_efforts_full_spectrum() -> None:
    assert suggest("protective_efforts", _ev()).rating == 1
    assert suggest("protective_efforts", _ev(protective_efforts=[_effort(1, "called_police", ["c1"])])).rating == 2
    mixed = [_effort(1, "called_police", ["c1"]), _effort(2, "routines", [])]
    s = suggest("protective_efforts", _ev(protective_efforts=mixed))
    assert s.rating == 3
    assert s.reasons[0] == "1 help-seeking effort and 1 everyday effort; 1 of 2 linked to a child."
    linked = [_effort(1, "called_police", ["c1"]), _effort(2, "routines", ["c1", "c2"])]
    assert suggest("protective_efforts", _ev(protective_efforts=linked)).rating == 4


def _note(i: int, text: str, agency: str | None = None, contact_type: str = "home_visit") -> dict[str, Any]:
    return {"id": f"n{i}", "date": "2026-01-01", "contact_type": contact_type, "agency": agency, "text": text}


def test_accountable_language_counts_notes_with_findings_not_kept() -> None:
    clean = _note(1, "Dan pushed Sara into the door while Mia watched.")
    blaming = _note(2, "The mother failed to protect the children.")
    kept = _note(3, "The mother failed to protect the children [[keep: quoting the police log]].")
    assert suggest("accountable_language", _ev(notes=[clean])).rating == 4
    e = _ev(notes=[clean, blaming, kept])
    assert e.notes_with_findings == 1 and e.findings("failure_to_protect") == 1
    assert suggest("accountable_language", e).rating == 3
    many = [_note(i, "The mother failed to protect the children.") for i in range(4)]
    assert suggest("accountable_language", _ev(notes=many)).rating == 1


def test_plan_aimed_at_him_says_there_is_no_plan_data() -> None:
    shifting = _note(1, "She allowed him back into the home.")
    low = suggest("plan_aimed_at_him", _ev(notes=[shifting]))
    assert low.rating == 1 and any("No referral of him to a programme" in r for r in low.reasons)
    assert suggest("plan_aimed_at_him", _ev(contact_attempts=_attempts("seen"))).rating == 3
    assert suggest("plan_aimed_at_him", _ev()).rating == 2


def _referral(**fields: Any) -> dict[str, Any]:
    return {"id": "pr1", "person": "p", "programme": "community_programme", "referred_on": "2026-01-10", **fields}


def test_plan_aimed_at_him_reads_his_programme_referrals() -> None:
    seen = _attempts("seen")
    full = suggest(
        "plan_aimed_at_him",
        _ev(contact_attempts=seen, programme_referrals=[_referral(status="started", support_for_her=True)]),
    )
    assert full.rating == 4
    assert full.reasons[1] == "Referred to 1 programme, taking part in 1; support offered to her alongside."
    alone = suggest("plan_aimed_at_him", _ev(contact_attempts=seen, programme_referrals=[_referral()]))
    assert alone.rating == 3 and "no support for her recorded" in alone.reasons[1]
    shifting = _note(1, "She allowed him back into the home.")
    blamed = suggest(
        "plan_aimed_at_him",
        _ev(notes=[shifting], contact_attempts=seen, programme_referrals=[_referral(support_for_her=True)]),
    )
    assert blamed.rating == 2


def _plan_with(*actions: tuple[str, str, str | None]) -> list[dict[str, Any]]:
    return [
        {
            "id": "plan1",
            "kind": "child_protection",
            "started_on": "2026-01-05",
            "actions": [
                {"id": f"a{i}", "text": text, "owner": owner, "person": person, "agency": "" if person else "Police"}
                if owner != "worker"
                else {"id": f"a{i}", "text": text, "owner": owner}
                for i, (text, owner, person) in enumerate(actions)
            ],
        }
    ]


def test_plan_aimed_at_him_reads_the_plan_as_written() -> None:
    seen = _attempts("seen")
    referral = [_referral(status="started", support_for_her=True)]
    on_him = _plan_with(("Dan to attend Caring Dads", "person", "p"), ("Act on any breach", "agency", None))
    good = suggest("plan_aimed_at_him", _ev(contact_attempts=seen, programme_referrals=referral, plans=on_him))
    assert good.rating == 4
    assert "The plan: 1 action on him, 0 on her, 1 on agencies; 0 actions asking her to control" in good.reasons[2]
    on_her = _plan_with(
        ("Dan to attend Caring Dads", "person", "p"),
        ("Mother to make sure father does not come back to the house", "person", "m"),
    )
    capped = suggest("plan_aimed_at_him", _ev(contact_attempts=seen, programme_referrals=referral, plans=on_her))
    assert capped.rating == 2 and "1 action asking her to control his behaviour" in capped.reasons[1]
    course = _plan_with(("Sara to attend the Freedom Programme", "person", "m"))
    only = suggest("plan_aimed_at_him", _ev(contact_attempts=seen, programme_referrals=referral, plans=course))
    assert only.rating == 1 and "Its only action about the abuse is a course for her" in only.reasons[1]


def test_agencies_joined_up() -> None:
    agencies = [
        {"id": "g1", "name": "Police", "kind": "police"},
        {"id": "g2", "name": "School", "kind": "school"},
    ]
    assert suggest("agencies_joined_up", _ev()).rating == 1
    assert suggest("agencies_joined_up", _ev(agencies=agencies)).rating == 2
    one = [_note(1, "Police log shared.", "g1", "record")]
    # one agency's notes alone, however many, are one agency's view (issue 13: as an auditor reads it)
    alone = suggest("agencies_joined_up", _ev(agencies=agencies, notes=[*one, _note(3, "Police update.", "g1")]))
    assert alone.rating == 2 and "one agency's notes only" in alone.reasons[0]
    two = [*one, _note(2, "School's safeguarding log shared.", "g2", "record")]
    assert suggest("agencies_joined_up", _ev(agencies=agencies, notes=two)).rating == 3
    joined = [*one, _note(2, "Meeting with the school.", "g2", "multi_agency_meeting")]
    assert (
        suggest("agencies_joined_up", _ev(agencies=agencies, notes=joined, contact_attempts=_attempts("seen"))).rating
        == 4
    )


# ---------------------------------------------------------------------------
# Sampling
# ---------------------------------------------------------------------------


def test_sample_is_reproducible_and_independent_of_order() -> None:
    families = [(f"F{i:03d}", "North" if i % 3 else "South") for i in range(90)]
    a = sample_families(families, size=12, seed=7)
    assert a == sample_families(list(reversed(families)), size=12, seed=7)
    assert a != sample_families(families, size=12, seed=8)
    assert len(a) == 12


def test_stratified_sample_is_proportional_to_team_size() -> None:
    families = [(f"F{i:03d}", "North") for i in range(60)] + [(f"G{i:03d}", "South") for i in range(30)]
    chosen = sample_families(families, size=10, seed=1, by_team=True)
    assert Counter(team for _ref, team in chosen) == {"North": 7, "South": 3}  # 6.67 and 3.33
    assert sample_families(families, size=200, seed=1) == sorted(families)


# ---------------------------------------------------------------------------
# The command line
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory, synthetic: list[SyntheticFamily]) -> Path:
    path = tmp_path_factory.mktemp("audit") / "export.jsonl"
    path.write_text("".join(dump_family(f.record) + "\n" for f in synthetic[:40]), encoding="utf-8")
    return path


def test_cli_suggest_writes_json_and_csv(export: Path, tmp_path: Path, synthetic: list[SyntheticFamily]) -> None:
    out_json, out_csv = tmp_path / "s.json", tmp_path / "s.csv"
    result = runner.invoke(
        app, ["audit", "suggest", str(export), "--out-json", str(out_json), "--out-csv", str(out_csv)]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(out_json.read_text(encoding="utf-8"))
    assert len(rows) == 40 * 11
    first = rows[0]
    assert set(first) == {
        "family_ref",
        "team",
        "domain",
        "item",
        "suggested_rating",
        "reasons",
        "auditor_rating",
        "auditor",
    }
    assert first["auditor_rating"] is None and first["auditor"] == ""
    expected = suggest_all(default_instrument(), evidence_from_record(synthetic[0].record))
    assert {r["item"]: r["suggested_rating"] for r in rows if r["family_ref"] == synthetic[0].record.id} == {
        k: s.rating for k, s in expected.items()
    }
    table = list(csv.DictReader(io.StringIO(out_csv.read_text(encoding="utf-8"))))
    assert len(table) == 40 * 11
    assert [(r["family_ref"], r["item"], int(r["suggested_rating"])) for r in table] == [
        (r["family_ref"], r["item"], r["suggested_rating"]) for r in rows
    ]
    assert table[0]["reasons"] == " ".join(rows[0]["reasons"])


def test_cli_suggest_csv_to_stdout(export: Path) -> None:
    result = runner.invoke(app, ["audit", "suggest", str(export)])
    assert result.exit_code == 0, result.output
    header = "family_ref,team,domain,item,suggested_rating,reasons,auditor_rating,auditor"
    assert result.stdout.splitlines()[0] == header


def test_cli_suggest_bad_line_exits_2_and_leaves_no_file(export: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    lines = export.read_text(encoding="utf-8").splitlines()
    bad.write_text("\n".join([*lines[:3], "{not json", *lines[3:]]) + "\n", encoding="utf-8")
    out_json = tmp_path / "s.json"
    result = runner.invoke(app, ["audit", "suggest", str(bad), "--out-json", str(out_json)])
    assert result.exit_code == 2
    assert "line 4" in result.output
    assert not out_json.exists() and not list(tmp_path.glob("*.part"))


def test_cli_sample_is_reproducible_and_stratified(export: Path) -> None:
    args = ["audit", "sample", str(export), "--size", "9", "--seed", "5"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    refs = first.stdout.split()
    assert len(refs) == 9 and refs == runner.invoke(app, args).stdout.split()
    assert refs != runner.invoke(app, [*args[:-1], "6"]).stdout.split()

    teams = {json.loads(line)["id"]: json.loads(line)["team"] for line in export.read_text().splitlines()}
    stratified = runner.invoke(app, [*args, "--by-team"])
    assert stratified.exit_code == 0, stratified.output
    chosen = Counter(teams[ref] for ref in stratified.stdout.split())
    population = Counter(teams.values())
    for team, n in population.items():
        assert abs(chosen[team] - 9 * n / 40) < 1, (chosen, population)


def test_cli_sample_bad_input_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "F1"}\n', encoding="utf-8")
    result = runner.invoke(app, ["audit", "sample", str(bad), "--size", "1", "--seed", "1"])
    assert result.exit_code == 2
    assert "line 1" in result.output


def test_cli_suggest_only_the_sampled_families(export: Path, tmp_path: Path) -> None:
    sampled = runner.invoke(app, ["audit", "sample", str(export), "--size", "5", "--seed", "3"])
    assert sampled.exit_code == 0, sampled.output
    refs = sampled.stdout.split()
    sample = tmp_path / "sample.txt"
    sample.write_text("# round one\n" + "\n".join(refs) + "\n\n", encoding="utf-8")
    out_csv = tmp_path / "round.csv"
    result = runner.invoke(app, ["audit", "suggest", str(export), "--sample", str(sample), "--out-csv", str(out_csv)])
    assert result.exit_code == 0, result.output
    table = list(csv.DictReader(io.StringIO(out_csv.read_text(encoding="utf-8"))))
    assert {r["family_ref"] for r in table} == set(refs) and len(table) == 5 * 11
    assert all(r["auditor_rating"] == "" and r["auditor"] == "" for r in table)


def test_cli_suggest_names_sampled_families_the_export_lacks_and_writes_nothing(export: Path, tmp_path: Path) -> None:
    sample = tmp_path / "sample.txt"
    sample.write_text("SYN-404-000001\nNOT-A-FAMILY\n", encoding="utf-8")
    out_csv = tmp_path / "round.csv"
    result = runner.invoke(app, ["audit", "suggest", str(export), "--sample", str(sample), "--out-csv", str(out_csv)])
    assert result.exit_code == 2
    assert "NOT-A-FAMILY" in result.output and "SYN-404-000001" in result.output
    assert not out_csv.exists() and not list(tmp_path.glob("*.part"))


def test_a_plan_of_mediation_or_anger_management_is_not_aimed_at_him() -> None:
    mediation = [_note(1, "Plan: refer Mr and Ms Dunn to mediation to help them communicate.")]
    suggestion = suggest("plan_aimed_at_him", _ev(notes=mediation, contact_attempts=_attempts("seen")))
    assert suggestion.rating == 2 and "mediation" in suggestion.reasons[1]
    anger = [_note(1, "He has agreed to attend an anger management course.")]
    assert suggest("plan_aimed_at_him", _ev(notes=anger, contact_attempts=_attempts("seen"))).rating == 2
