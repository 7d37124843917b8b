"""Today's date where the service runs, and the names of the months as people write them. Pure
Python: used by the web app and the CLI alike."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

TIME_ZONE = "Europe/London"


def local_today() -> dt.date:
    return dt.datetime.now(ZoneInfo(TIME_ZONE)).date()


#: Month names and their usual short forms, lower case -> the month's number (1-12)
MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}


def long_date(day: dt.date) -> str:
    """A day as pages and reasons write it: "4 March 2026"."""
    return f"{day.day} {day:%B %Y}"
