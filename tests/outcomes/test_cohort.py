"""The cohort report recovers known effects: a known improvement is reported as unlikely to be chance with
its interval covering the truth; no change is reported as could be chance; families with no exit are
counted, not dropped; the share where each kind of abuse stopped; and a broken measures file is refused
naming each problem."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest

from spotlight.outcomes.domain.cohort import OutcomeRecord, cohort_report, covers, paired_change
from spotlight.outcomes.domain.measures import DEFAULT_MEASURES_PATH, MeasuresInvalid, default_measures, load_measures

START, END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
MEASURES = default_measures()


def families(n: int, effect: int, seed: int, *, ended: float = 1.0) -> list[OutcomeRecord]:
    """n families with the survivor's safety answered at intake and (for a share ``ended``) at exit: the
    exit is the intake plus ``effect`` plus noise of -1, 0 or +1 with mean 0, never off the scale."""
    rng = random.Random(seed)
    records = []
    for i in range(n):
        low = 2 if effect == 0 else 1
        first = rng.randint(low, low + 2)
        records.append(
            OutcomeRecord(f"F{i}", "survivor", "intake", dt.date(2026, 2, 1), {"safety": first}, {"physical": "yes"})
        )
        if rng.random() < ended:
            last = first + effect + rng.choice((-1, 0, 1))
            abuse = {"physical": "no" if i % 4 else "yes"}
            records.append(OutcomeRecord(f"F{i}", "survivor", "exit", dt.date(2026, 9, 1), {"safety": last}, abuse))
    return records


def safety(report):  # type: ignore[no-untyped-def]
    return next(c for c in report.changes if c.measure == "safety" and c.respondent == "survivor")


def test_a_known_improvement_is_found_with_its_interval_covering_the_truth() -> None:
    change = safety(cohort_report(families(200, 1, seed=5), MEASURES, start=START, end=END))
    assert change.pairs == 200 and change.significant
    assert covers(change, 1.0)
    assert change.summary.startswith("Rose from") and "unlikely to be chance" in change.summary


def test_no_change_is_reported_as_no_change() -> None:
    change = safety(cohort_report(families(200, 0, seed=6), MEASURES, start=START, end=END))
    assert change.significant is False and covers(change, 0.0)
    assert "could be chance" in change.summary


def test_families_without_an_exit_are_counted_not_dropped() -> None:
    report = cohort_report(families(100, 1, seed=7, ended=0.7), MEASURES, start=START, end=END)
    change = safety(report)
    assert report.families == 100 and change.pairs + change.not_ended == 100 and change.not_ended > 0
    assert f"{change.not_ended} not ended or unanswered at exit" in change.summary


def test_the_share_where_each_kind_of_abuse_stopped() -> None:
    report = cohort_report(families(40, 1, seed=8), MEASURES, start=START, end=END)
    physical = next(s for s in report.stopped if s.kind == "physical")
    assert (physical.happening_at_intake, physical.stopped) == (40, 30)
    assert physical.summary == "Physical violence: stopped in 30 of 40 families where it was happening at intake (75%)."


def test_intakes_outside_the_range_and_other_groups_are_left_out() -> None:
    records = families(10, 1, seed=9)
    later = [OutcomeRecord("G1", "survivor", "intake", dt.date(2027, 2, 1), {"safety": 1})]
    other = [OutcomeRecord("H1", "survivor", "intake", dt.date(2026, 3, 1), {"safety": 1}, group="South")]
    assert cohort_report(records + later + other, MEASURES, start=START, end=END).families == 11
    assert cohort_report(records + other, MEASURES, start=START, end=END, group="South").families == 1


def test_degenerate_inputs_are_said_in_words() -> None:
    assert paired_change([3.0], [4.0])[4].startswith("Too few families to test: 1 matched")
    assert paired_change([3.0, 2.0], [3.0, 2.0])[:4] == (0.0, 0.0, 0.0, 1.0)
    assert "exactly 1.0" in paired_change([3.0, 2.0], [4.0, 3.0])[4]


def test_a_broken_measures_file_is_refused_naming_each_problem(tmp_path: Path) -> None:
    text = DEFAULT_MEASURES_PATH.read_text(encoding="utf-8")
    text = text.replace("scale: how_far", "scale: how_much", 1).replace("  - {id: exit, label: At the end}\n", "")
    broken = tmp_path / "measures.yaml"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(MeasuresInvalid) as refused:
        load_measures(broken)
    assert "“how_much” is not one of the scales" in str(refused.value)
    assert "list “intake” and “exit”" in str(refused.value)


def test_the_shipped_measures_are_the_six_mirabal_measures_and_five_kinds_of_abuse() -> None:
    assert [m.id for m in MEASURES.measures] == [
        "respectful_relationships",
        "space_for_action",
        "safety",
        "safe_parenting",
        "his_awareness",
        "childhoods",
    ]
    assert len(MEASURES.abuse_checklist) == 5
