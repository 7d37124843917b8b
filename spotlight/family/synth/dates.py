"""Dates and ages as the synthetic notes and records write them."""

from __future__ import annotations

import datetime as dt

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def age_years(dob: dt.date, on: dt.date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def age_text(dob: dt.date, on: dt.date) -> str:
    years = age_years(dob, on)
    if years >= 1:
        return str(years)
    months = (on.year - dob.year) * 12 + on.month - dob.month - (on.day < dob.day)
    if months >= 1:
        return f"{months} month" if months == 1 else f"{months} months"
    weeks = max(1, (on - dob).days // 7)
    return f"{weeks} week" if weeks == 1 else f"{weeks} weeks"


def day_text(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]}"
