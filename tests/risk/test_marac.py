"""The risk identification's result, on constructed cases: the yes count and level, and each of the four
Marac criteria (visible high risk, professional judgement, potential escalation, repeat) with its reasons;
answers that cannot be used are refused, each problem named."""

from __future__ import annotations

import datetime as dt

import pytest

from spotlight.risk.domain.checklist import NO, NOT_KNOWN, YES, default_checklist
from spotlight.risk.domain.marac import (
    POTENTIAL_ESCALATION,
    PROFESSIONAL_JUDGEMENT,
    REPEAT,
    VISIBLE_HIGH_RISK,
    Incident,
    Judgement,
    RiskAnswersInvalid,
    identify,
    months_before,
)

ON = dt.date(2026, 11, 20)
CHECKLIST = default_checklist()


def answers(yes: int, not_known: int = 0) -> dict[str, str]:
    ids = [q.id for q in CHECKLIST.questions]
    return {qid: YES if i < yes else NOT_KNOWN if i < yes + not_known else NO for i, qid in enumerate(ids)}


def criterion(result, cid):  # type: ignore[no-untyped-def]
    return next(c for c in result.criteria if c.id == cid)


def test_the_shipped_checklist_has_24_questions_his_behaviour_first() -> None:
    assert len(CHECKLIST.questions) == 24
    sections = [s.id for s, _ in CHECKLIST.in_sections()]
    assert sections[0] == "his_behaviour"
    assert len({q.id for q in CHECKLIST.questions}) == 24


def test_13_yes_and_nothing_else_is_not_visible_high_risk() -> None:
    result = identify(CHECKLIST, answers(13), on=ON)
    assert result.yes == 13
    assert not criterion(result, VISIBLE_HIGH_RISK).met
    assert "needs 14 or more" in criterion(result, VISIBLE_HIGH_RISK).why
    assert result.level == "medium" and not result.refer_to_marac


def test_14_yes_is_visible_high_risk() -> None:
    result = identify(CHECKLIST, answers(14), on=ON)
    assert criterion(result, VISIBLE_HIGH_RISK).met
    assert result.level == "high" and result.refer_to_marac
    assert [c.id for c in result.criteria_met] == [VISIBLE_HIGH_RISK]


def test_not_known_is_an_answer_and_is_not_counted_as_yes() -> None:
    result = identify(CHECKLIST, answers(13, not_known=5), on=ON)
    assert (result.yes, result.not_known) == (13, 5)
    assert not criterion(result, VISIBLE_HIGH_RISK).met


def test_an_unanswered_question_is_named_and_refused() -> None:
    given = answers(3)
    del given["strangulation"]
    with pytest.raises(RiskAnswersInvalid) as refused:
        identify(CHECKLIST, given, on=ON)
    assert refused.value.problems == [
        ("strangulation", "Answer “Strangulation, choking, suffocation or drowning”: yes, no or not known")
    ]


def test_professional_judgement_without_reasons_is_refused_with_a_clear_message() -> None:
    with pytest.raises(RiskAnswersInvalid) as refused:
        identify(CHECKLIST, answers(4), judgement=Judgement("high", "  "), on=ON)
    assert refused.value.problems == [("judgement_reasons", "Give the reasons for your professional judgement")]


def test_professional_judgement_is_allowed_on_its_own_and_raises_the_level() -> None:
    result = identify(
        CHECKLIST, answers(2), judgement=Judgement("high", "He said he would finish it this time."), on=ON
    )
    assert (result.answers_level, result.level) == ("standard", "high")
    met = criterion(result, PROFESSIONAL_JUDGEMENT)
    assert met.met and "He said he would finish it this time." in met.why
    assert not criterion(result, VISIBLE_HIGH_RISK).met


def test_professional_judgement_never_lowers_what_the_answers_reach() -> None:
    with pytest.raises(RiskAnswersInvalid) as refused:
        identify(CHECKLIST, answers(15), judgement=Judgement("medium", "She seems calmer."), on=ON)
    ((field, message),) = refused.value.problems
    assert field == "judgement_level"
    assert "raise the level, not lower it" in message and "15 yes answers are high risk" in message


def incident(day: dt.date, what: str = "Physical assault") -> Incident:
    return Incident(day, what, "the pattern map")


def test_escalation_counts_incidents_of_any_kind_in_the_twelve_months_before_and_lists_them() -> None:
    record = [
        incident(dt.date(2025, 11, 20), "Too old: a year to the day before"),
        incident(dt.date(2025, 11, 21), "Stalking"),
        incident(dt.date(2026, 3, 4), "Threats to kill"),
        incident(dt.date(2026, 3, 4), "Damaging her belongings (the same day: one incident)"),
        incident(dt.date(2026, 11, 20), "Economic abuse"),
        incident(dt.date(2026, 11, 21), "After the identification"),
    ]
    result = identify(CHECKLIST, answers(0), incidents=record, on=ON)
    escalation = criterion(result, POTENTIAL_ESCALATION)
    assert escalation.met
    assert [i.what for i in escalation.incidents] == ["Stalking", "Threats to kill", "Economic abuse"]
    assert escalation.why.startswith("3 incidents in the 12 months to 20 November 2026")


def test_two_incidents_are_not_escalation() -> None:
    record = [incident(dt.date(2026, 1, 1)), incident(dt.date(2026, 6, 1))]
    escalation = criterion(identify(CHECKLIST, answers(0), incidents=record, on=ON), POTENTIAL_ESCALATION)
    assert not escalation.met and "needs 3 or more" in escalation.why


def test_a_repeat_within_twelve_months_of_the_last_referral_is_flagged_whatever_the_score() -> None:
    referred = dt.date(2026, 2, 10)
    record = [incident(dt.date(2026, 1, 5)), incident(dt.date(2026, 9, 1), "Stalking")]
    result = identify(CHECKLIST, answers(0), incidents=record, last_referral=referred, on=ON)
    repeat = criterion(result, REPEAT)
    assert repeat.met and result.refer_to_marac and result.level == "standard"
    assert [i.what for i in repeat.incidents] == ["Stalking"]
    assert "10 February 2026" in repeat.why


def test_no_repeat_without_new_abuse_or_after_twelve_months() -> None:
    quiet = identify(
        CHECKLIST, answers(0), incidents=[incident(dt.date(2025, 1, 1))], last_referral=dt.date(2026, 2, 10), on=ON
    )
    assert not criterion(quiet, REPEAT).met
    late = identify(
        CHECKLIST, answers(0), incidents=[incident(dt.date(2026, 11, 1))], last_referral=dt.date(2025, 6, 1), on=ON
    )
    assert not criterion(late, REPEAT).met and "more than 12 months ago" in criterion(late, REPEAT).why
    never = identify(CHECKLIST, answers(0), on=ON)
    assert criterion(never, REPEAT).why == "She has not been referred to a Marac before"


def test_months_before_keeps_the_day_or_takes_the_month_end() -> None:
    assert months_before(dt.date(2026, 3, 31), 1) == dt.date(2026, 2, 28)
    assert months_before(dt.date(2026, 11, 20), 12) == dt.date(2025, 11, 20)
    assert months_before(dt.date(2026, 1, 15), 2) == dt.date(2025, 11, 15)
