"""The contact standards file (pure): periods in working days, days or weeks; due dates skip weekends; a
bad file is refused with the line and the value that is wrong; an authority's own file replaces ours."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spotlight.casework.domain.standards import (
    HIM,
    STANDARDS_ENV,
    StandardsInvalid,
    contact_standards,
    day_number,
    due_on,
    from_day_number,
    load_contact_standards,
    overdue_by,
    parse_interval,
)

FRIDAY = dt.date(2026, 11, 6)
MONDAY = dt.date(2026, 11, 9)
SATURDAY = dt.date(2026, 11, 7)


def test_periods_are_read_in_working_days_days_or_weeks() -> None:
    assert parse_interval("10 working days").count == 10 and parse_interval("10 working days").working_days
    assert parse_interval("1 Working Day").text == "1 working day"
    assert parse_interval("28 days").count == 28 and not parse_interval("28 days").working_days
    four_weeks = parse_interval("4 weeks")
    assert (four_weeks.count, four_weeks.working_days, four_weeks.text) == (28, False, "4 weeks")


@pytest.mark.parametrize("bad", ["10 workdays", "ten days", "28", 28, "", "0 days", "400 days", "-3 days", None])
def test_a_period_that_is_not_one_says_how_to_write_it(bad: object) -> None:
    with pytest.raises(ValueError, match="period|longer than a year|at least 1 day") as caught:
        parse_interval(bad)
    assert str(bad) in str(caught.value) or bad is None


def test_working_days_skip_saturdays_and_sundays() -> None:
    ten = parse_interval("10 working days")
    assert ten.due_after(FRIDAY) == FRIDAY + dt.timedelta(days=14)  # a fortnight on, a Friday
    assert ten.due_after(MONDAY) == MONDAY + dt.timedelta(days=14)
    one = parse_interval("1 working day")
    assert one.due_after(FRIDAY) == MONDAY
    assert one.due_after(SATURDAY) == MONDAY  # seen on a Saturday: the next working day is Monday
    assert one.due_after(MONDAY) == MONDAY + dt.timedelta(days=1)
    assert parse_interval("5 working days").due_after(dt.date(2026, 11, 4)) == dt.date(2026, 11, 11)  # Wed -> Wed
    assert parse_interval("28 days").due_after(FRIDAY) == FRIDAY + dt.timedelta(days=28)


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)), st.integers(1, 60))
def test_a_working_day_period_ends_on_a_weekday_after_exactly_that_many_weekdays(day: dt.date, count: int) -> None:
    interval = parse_interval(f"{count} working days")
    end = interval.due_after(day)
    assert end.weekday() < 5
    between = [day + dt.timedelta(days=n) for n in range(1, (end - day).days + 1)]
    assert sum(1 for d in between if d.weekday() < 5) == count


@given(st.dates(min_value=dt.date(1971, 1, 1), max_value=dt.date(2100, 1, 1)))
def test_day_numbers_and_the_offsets_table_agree_with_the_dates(day: dt.date) -> None:
    assert from_day_number(day_number(day)) == day
    assert (day_number(day) + 3) % 7 == day.weekday()  # how the database finds the weekday
    standards = contact_standards()
    for key, offsets in standards.offsets().items():
        assert day + dt.timedelta(days=offsets[day.weekday()]) == standards.intervals()[key].due_after(day)


def test_a_visit_falls_due_after_the_later_of_last_seen_and_the_plans_start() -> None:
    ten = parse_interval("10 working days")
    started, seen = MONDAY, MONDAY + dt.timedelta(days=3)
    assert due_on(ten, last_seen=seen, applies_from=started) == ten.due_after(seen)
    assert due_on(ten, last_seen=started - dt.timedelta(days=30), applies_from=started) == ten.due_after(started)
    assert due_on(ten, last_seen=None, applies_from=started) == ten.due_after(started)  # never seen
    assert due_on(None, last_seen=seen, applies_from=started) is None  # no standard
    assert overdue_by(MONDAY, MONDAY) == 0 and overdue_by(MONDAY, MONDAY + dt.timedelta(days=4)) == 4


def test_the_default_standards_are_valid_and_set_the_usual_periods() -> None:
    standards = contact_standards()
    intervals = standards.intervals()
    assert intervals["child_protection"].text == "10 working days"
    assert intervals["child_in_need"].text == "20 working days"
    assert intervals[HIM].count == 28
    early_help = standards.plan("early_help")
    assert early_help is not None and early_help.seen_every is None
    assert standards.plan_label("no_longer_listed") == "no longer listed"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "standards.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_bad_period_is_refused_naming_its_line_and_value(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "version: 1\n"
        "children:\n"
        "  - id: child_protection\n"
        "    label: Child protection plan\n"
        "    seen_every: 10 workdays\n",
    )
    with pytest.raises(StandardsInvalid) as caught:
        load_contact_standards(path)
    message = str(caught.value)
    assert str(path) in message
    assert "line 5, children.0.seen_every" in message and "“10 workdays” is not a period" in message
    assert "N working days" in message


def test_every_problem_is_named_with_its_line(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "version: 1\n"
        "children:\n"
        "  - id: Child Protection\n"
        "    label: Child protection plan\n"
        "    seen_every: 10 working days\n"
        "    colour: red\n"
        "person_causing_harm:\n"
        "  contacted_every: fortnightly\n",
    )
    with pytest.raises(StandardsInvalid) as caught:
        load_contact_standards(path)
    message = str(caught.value)
    assert "line 3, children.0.id" in message and "Child Protection" in message
    assert "line 6, children.0.colour" in message
    assert "line 8, person_causing_harm.contacted_every" in message and "fortnightly" in message


def test_the_same_plan_id_twice_is_refused(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "version: 1\nchildren:\n  - id: cp\n    label: A\n  - id: cp\n    label: B\n",
    )
    with pytest.raises(StandardsInvalid, match="the same plan status id is used twice: cp"):
        load_contact_standards(path)


def test_not_yaml_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StandardsInvalid, match="not valid YAML"):
        load_contact_standards(_write(tmp_path, "version: 1\nchildren: [\n"))
    with pytest.raises(StandardsInvalid, match="cannot read"):
        load_contact_standards(tmp_path / "missing.yaml")


def test_an_authority_replaces_the_standards_with_its_own_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(
        tmp_path,
        "version: 2\n"
        "children:\n"
        "  - id: child_protection\n"
        "    label: Child protection plan\n"
        "    seen_every: 5 working days\n",
    )
    monkeypatch.setenv(STANDARDS_ENV, str(path))
    standards = contact_standards()
    assert standards.version == 2
    assert standards.intervals() == {"child_protection": parse_interval("5 working days")}  # no standard for him


def test_a_bad_standards_file_is_named_by_the_system_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from spotlight.ui.datafile_checks import data_file_check

    check_contact_standards = data_file_check(contact_standards, STANDARDS_ENV, "casework.E001")
    assert check_contact_standards() == []
    monkeypatch.setenv(
        STANDARDS_ENV, str(_write(tmp_path, "version: 1\nchildren:\n  - id: cp\n    label: A\n    seen_every: soon\n"))
    )
    [error] = check_contact_standards()
    assert error.id == "casework.E001" and "line 5, children.0.seen_every" in error.msg and "“soon”" in error.msg
