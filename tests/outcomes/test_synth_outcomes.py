"""The synthetic families' outcome records: deterministic, valid, drawn after everything else, with drop-outs,
and with effects the generator knows (the truth), which the answers follow. Pure Python: no database."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
from collections import Counter
from statistics import mean

import pytest

from spotlight.casefile.format import check_family, dump_family, parse_line
from spotlight.family.synth import SyntheticFamily, generate_families, truth_json, write_synthetic_file
from spotlight.family.synth import families as synth_families
from spotlight.family.synth.dates import age_years
from spotlight.family.synth.outcomes import PROGRAMME_ONLY, true_effects
from spotlight.family.synth.truth import FamilyTruth
from spotlight.vocabulary import Role

TODAY = dt.date(2026, 6, 15)
OUTCOME_TRUTH = ("outcome_effects", "abuse_stop_chance")


@pytest.fixture(scope="module")
def families() -> list[SyntheticFamily]:
    return list(generate_families(count=600, seed=15, today=TODAY))


def _without_outcomes(family: SyntheticFamily) -> tuple[str, dict[str, object]]:
    record = family.record.model_copy(update={"outcomes": ()})
    truth = {k: v for k, v in dataclasses.asdict(family.truth).items() if k not in OUTCOME_TRUTH}
    return dump_family(record), truth


def test_the_same_seed_gives_the_same_outcome_records() -> None:
    def written() -> tuple[str, str]:
        out, truth = io.StringIO(), io.StringIO()
        write_synthetic_file(out, count=40, seed=9, today=TODAY, truth_out=truth)
        return out.getvalue(), truth.getvalue()

    first = written()
    assert first == written()
    assert '"outcomes":[{' in first[0] and '"outcome_effects":{"survivor":' in first[1]


def test_outcomes_are_drawn_last_so_every_earlier_field_stays_as_it_was(monkeypatch: pytest.MonkeyPatch) -> None:
    with_outcomes = list(generate_families(count=150, seed=21, today=TODAY))
    monkeypatch.setattr(synth_families, "outcome_records", lambda f, record, drawn, truth: (record, truth))
    without = list(generate_families(count=150, seed=21, today=TODAY))
    assert [_without_outcomes(f) for f in with_outcomes] == [_without_outcomes(f) for f in without]
    assert not any(f.record.outcomes or f.truth.outcome_effects for f in without)
    assert sum(bool(f.record.outcomes) for f in with_outcomes) > 50


def test_every_family_passes_the_checks_and_round_trips(families: list[SyntheticFamily]) -> None:
    for family in families:
        record = family.record
        assert check_family(record, line=1, today=TODAY) == [], record.id
        parsed, problems = parse_line(dump_family(record), line=1, today=TODAY)
        assert problems == [] and parsed == record, record.id
        days = [o.recorded_on for o in record.outcomes]
        assert days == sorted(days) and all(day <= TODAY for day in days)
        assert [o.id for o in record.outcomes] == [f"o{i}" for i in range(1, len(days) + 1)]


def test_who_answers(families: list[SyntheticFamily]) -> None:
    """Her and the worker at every intake; each child of eight and over; him only with a programme referral."""
    for family in (f for f in families if f.record.outcomes):
        record = family.record
        people = {p.id: p for p in record.people}
        intake = [o for o in record.outcomes if o.occasion == "intake"]
        assert {o.respondent for o in intake} >= {"survivor", "worker"}
        assert len({o.recorded_on for o in intake}) == 1
        day = intake[0].recorded_on
        children = {
            p.id
            for p in record.people
            if p.role == Role.CHILD and p.date_of_birth and age_years(p.date_of_birth, day) >= 8
        }
        assert {o.person for o in intake if o.respondent == "child"} == children
        referred = {r.person for r in record.programme_referrals}
        assert {o.person for o in intake if o.respondent == "person_causing_harm"} <= referred
        assert any(o.respondent == "person_causing_harm" for o in intake) == bool(referred)
        assert set(family.truth.outcome_effects) == {o.respondent for o in intake}
        assert all(people[o.person or ""].role == Role.ADULT_SURVIVOR for o in intake if o.respondent == "survivor")
        for o in record.outcomes:
            assert (o.abuse != {}) == (o.occasion != "review" and o.respondent in ("survivor", "worker"))


def test_some_end_and_some_do_not(families: list[SyntheticFamily]) -> None:
    """Drop-outs occur: families with an intake and no exit, and respondents missing at an exit."""
    recorded = [f for f in families if f.record.outcomes]
    ended = [f for f in recorded if any(o.occasion == "exit" for o in f.record.outcomes)]
    assert 0.2 < len(ended) / len(recorded) < 0.8
    assert any(o.occasion == "review" for f in recorded for o in f.record.outcomes)
    missing = [
        f
        for f in ended
        if {(o.respondent, o.person) for o in f.record.outcomes if o.occasion == "intake"}
        != {(o.respondent, o.person) for o in f.record.outcomes if o.occasion == "exit"}
    ]
    assert missing
    assert not any(f.truth.outcome_effects or f.truth.abuse_stop_chance for f in families if not f.record.outcomes)


def test_how_often_outcomes_are_recorded_follows_practice(families: list[SyntheticFamily]) -> None:
    def share(practice: str) -> float:
        group = [f for f in families if f.truth.practice == practice]
        return sum(bool(f.record.outcomes) for f in group) / len(group)

    assert share("accountable") > share("mixed") > share("blaming")


def test_the_true_effects_follow_practice_and_his_programme() -> None:
    none, completed = true_effects("accountable", 0.0, 1.0), true_effects("accountable", 1.0, 1.0)
    assert none["survivor"]["safety"] == 0.8 and completed["survivor"]["safety"] == 1.4
    assert true_effects("blaming", 0.0, 1.0)["survivor"]["safety"] == 0.0
    assert all(none[r][m] == 0.0 for r in none for m in PROGRAMME_ONLY if m in none[r])
    assert completed["survivor"]["space_for_action"] == none["survivor"]["space_for_action"]
    assert completed["child"]["safety"] < completed["survivor"]["safety"]
    assert set(none["child"]) == {"respectful_relationships", "safety", "childhoods"}


def test_the_answers_move_by_the_true_effect(families: list[SyntheticFamily]) -> None:
    """Exit minus intake, matched, averages the families' true effects (no answer is bent by the scale)."""
    changes: list[int] = []
    truths: list[float] = []
    for family in families:
        by_occasion = {(o.respondent, o.person, o.occasion): o for o in family.record.outcomes}
        for (respondent, person, occasion), first in by_occasion.items():
            last = by_occasion.get((respondent, person, "exit"))
            if occasion != "intake" or last is None:
                continue
            for measure, value in first.scores.items():
                if measure in last.scores:
                    changes.append(last.scores[measure] - value)
                    truths.append(family.truth.outcome_effects[respondent][measure])
    assert len(changes) > 1000
    assert abs(mean(changes) - mean(truths)) < 0.05, (mean(changes), mean(truths))


def test_abuse_stops_with_the_chance_the_truth_says(families: list[SyntheticFamily]) -> None:
    stopped: Counter[bool] = Counter()
    chances: list[float] = []
    for family in families:
        survivor = {o.occasion: o for o in family.record.outcomes if o.respondent == "survivor"}
        if "exit" not in survivor:
            continue
        for kind, answer in survivor["intake"].abuse.items():
            if answer == "yes" and survivor["exit"].abuse[kind] in ("yes", "no"):
                stopped[survivor["exit"].abuse[kind] == "no"] += 1
                chances.append(family.truth.abuse_stop_chance)
    share = stopped[True] / (stopped[True] + stopped[False])
    assert abs(share - mean(chances)) < 0.08, (share, mean(chances))


def test_the_truth_reaches_the_truth_file(families: list[SyntheticFamily]) -> None:
    family = next(f for f in families if f.record.outcomes)
    line = json.loads(truth_json(family))
    assert set(OUTCOME_TRUTH) <= set(line)
    data = {k: v for k, v in line.items() if k != "family"}
    assert FamilyTruth(**data).outcome_effects == family.truth.outcome_effects
