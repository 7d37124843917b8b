"""The synthetic families' risk records: deterministic, valid, drawn after everything else, and with a
truth the domain's own reading agrees with. Pure Python: no database."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
from collections import Counter

import pytest

from spotlight.casefile.format import FamilyRecord, check_family, dump_family, parse_line
from spotlight.family.synth import SyntheticFamily, generate_families, truth_json, write_synthetic_file
from spotlight.family.synth import families as synth_families
from spotlight.family.synth.truth import FamilyTruth
from spotlight.risk.domain.checklist import YES, default_checklist
from spotlight.risk.domain.evidence import read_record
from spotlight.risk.domain.his_review import default_review_items, suggest
from spotlight.risk.domain.marac import CRITERIA, Judgement, identify

TODAY = dt.date(2026, 6, 15)
RISK_FIELDS = ("risk_identifications", "risk_reviews", "safety_markers")
RISK_TRUTH = ("risk_identification", "marac_criteria", "his_risk")
#: Drawn after risk (see tests/outcomes/test_synth_outcomes.py), so left out of the comparison
LATER_FIELDS = ("outcomes",)
LATER_TRUTH = ("outcome_effects", "abuse_stop_chance")


@pytest.fixture(scope="module")
def families() -> list[SyntheticFamily]:
    return list(generate_families(count=400, seed=14, today=TODAY))


def _without_risk(family: SyntheticFamily) -> tuple[str, dict[str, object]]:
    record = family.record.model_copy(update=dict.fromkeys(RISK_FIELDS + LATER_FIELDS, ()))
    truth = {k: v for k, v in dataclasses.asdict(family.truth).items() if k not in RISK_TRUTH + LATER_TRUTH}
    return dump_family(record), truth


def test_the_same_seed_gives_the_same_risk_records() -> None:
    def written() -> tuple[str, str]:
        out, truth = io.StringIO(), io.StringIO()
        write_synthetic_file(out, count=60, seed=9, today=TODAY, truth_out=truth)
        return out.getvalue(), truth.getvalue()

    first, again = written(), written()
    assert first == again
    assert '"risk_identifications":[{' in first[0]


def test_risk_is_drawn_last_so_every_earlier_field_stays_as_it_was(monkeypatch: pytest.MonkeyPatch) -> None:
    with_risk = list(generate_families(count=150, seed=21, today=TODAY))
    monkeypatch.setattr(synth_families, "risk_records", lambda f, record, drawn, truth: (record, truth))
    without = list(generate_families(count=150, seed=21, today=TODAY))
    assert [_without_risk(f) for f in with_risk] == [_without_risk(f) for f in without]
    assert not any(f.record.risk_identifications for f in without)
    assert sum(bool(f.record.risk_identifications) for f in with_risk) > 40


def test_every_family_passes_the_checks_and_round_trips(families: list[SyntheticFamily]) -> None:
    checklist, items = default_checklist(), default_review_items()
    questions = [q.id for q in checklist.questions]
    for family in families:
        record = family.record
        assert check_family(record, line=1, today=TODAY) == [], record.id
        parsed, problems = parse_line(dump_family(record), line=1, today=TODAY)
        assert problems == [] and parsed == record, record.id
        for ident in record.risk_identifications:
            assert [a.question for a in ident.answers] == questions
            for day in (ident.identified_on, ident.referred_to_marac_on):
                assert day is None or day <= TODAY
            assert ident.referred_to_marac_on is None or ident.referred_to_marac_on >= ident.identified_on
        days = [i.identified_on for i in record.risk_identifications]
        assert days == sorted(days) and len(set(days)) == len(days)
        for review in record.risk_reviews:
            assert review.reviewed_on <= TODAY and [i.item for i in review.items] == [i.id for i in items.items]
        for marker in record.safety_markers:
            assert marker.set_on <= TODAY and (marker.risks or marker.arrangements)


def test_his_review_stores_what_spotlight_suggests_from_the_record(families: list[SyntheticFamily]) -> None:
    items = default_review_items()
    reviewed = [f for f in families if f.record.risk_reviews]
    assert len(reviewed) > 60
    for family in reviewed[:60]:
        review = family.record.risk_reviews[0]
        clues = read_record(family.record, family.record, today=review.reviewed_on, him=review.person)
        assert [(i.item, i.suggested) for i in review.items] == [(s.item.id, s.answer) for s in suggest(items, clues)]


def test_how_often_each_record_is_drawn_follows_practice(families: list[SyntheticFamily]) -> None:
    def share(practice: str, test: str) -> float:
        group = [f for f in families if f.truth.practice == practice]
        return sum(bool(getattr(f.record, test)) for f in group) / len(group)

    for test in ("risk_identifications", "risk_reviews"):
        assert share("accountable", test) > share("mixed", test) > share("blaming", test), test
    idents = [i for f in families for i in f.record.risk_identifications]
    assert any(i.judgement_level for i in idents) and any(i.referred_to_marac_on for i in idents)
    assert any(a.answer == "not_known" for i in idents for a in i.answers)
    assert 0.03 < sum(bool(f.record.safety_markers) for f in families) / len(families) < 0.3


def test_her_answers_follow_what_he_did(families: list[SyntheticFamily]) -> None:
    """Strangulation and threats to kill: a yes is likely where the generator drew it for him (by today: some
    of it after the day she answered, so not every such answer can be yes), unlikely where it did not."""
    said: Counter[tuple[str, bool, bool]] = Counter()
    for family in families:
        for ident in family.record.risk_identifications[-1:]:
            answers = {a.question: a.answer for a in ident.answers}
            for question, item in (("strangulation", "strangulation"), ("threats_to_kill", "threats_to_kill")):
                said[question, family.truth.his_risk[item], answers[question] == YES] += 1
    for question in ("strangulation", "threats_to_kill"):
        drawn = said[question, True, True] / (said[question, True, True] + said[question, True, False])
        not_drawn = said[question, False, True] / (said[question, False, True] + said[question, False, False])
        assert drawn > 0.6 and not_drawn < 0.25, (question, drawn, not_drawn)


def _identified(record: FamilyRecord) -> set[str]:
    """The criteria Spotlight finds met on the latest identification, read from the record."""
    latest = record.risk_identifications[-1]
    earlier = [
        i.referred_to_marac_on
        for i in record.risk_identifications
        if i.identified_on < latest.identified_on and i.referred_to_marac_on
    ]
    result = identify(
        default_checklist(),
        {a.question: a.answer for a in latest.answers},
        judgement=Judgement(latest.judgement_level or "", latest.judgement_reasons),
        incidents=read_record(record, record, today=TODAY).incidents,
        last_referral=max(earlier, default=None),
        on=latest.identified_on,
    )
    return {c.id for c in result.criteria_met}


def test_the_truth_agrees_with_what_spotlight_reads_from_the_record(families: list[SyntheticFamily]) -> None:
    """Visible high risk and professional judgement exactly; escalation and repeat count the dated
    incidents, where Spotlight may miss one it cannot read in a note (it never finds one that is not
    there), so they agree on nearly every family."""
    agree: Counter[str] = Counter()
    met: Counter[str] = Counter()
    identified = [f for f in families if f.record.risk_identifications]
    for family in identified:
        assert family.truth.risk_identification == family.record.risk_identifications[-1].id
        found = _identified(family.record)
        for criterion in CRITERIA:
            meant = criterion in family.truth.marac_criteria
            met[criterion] += meant
            agree[criterion] += meant == (criterion in found)
            assert meant or criterion not in found, (family.record.id, criterion)
    assert all(met[c] >= 5 for c in CRITERIA), met
    assert agree["visible_high_risk"] == agree["professional_judgement"] == len(identified)
    assert agree["potential_escalation"] / len(identified) > 0.93
    assert agree["repeat"] / len(identified) > 0.97
    assert not any(f.truth.marac_criteria for f in families if not f.record.risk_identifications)


def test_his_risk_truth_names_every_item_and_reaches_the_truth_file(families: list[SyntheticFamily]) -> None:
    items = [i.id for i in default_review_items().items]
    for family in families:
        assert list(family.truth.his_risk) == items
    shares = {i: sum(f.truth.his_risk[i] for f in families) / len(families) for i in items}
    assert 0.05 < shares["strangulation"] < 0.9 and 0.05 < shares["earlier_partners"] < 0.9
    line = json.loads(truth_json(families[0]))
    assert set(RISK_TRUTH) <= set(line)
    data = {k: v for k, v in line.items() if k != "family"}
    assert FamilyTruth(**data).his_risk == families[0].truth.his_risk
