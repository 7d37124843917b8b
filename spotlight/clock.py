"""Today's date where the service runs. Pure Python: used by the web app and the CLI alike."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

TIME_ZONE = "Europe/London"


def local_today() -> dt.date:
    return dt.datetime.now(ZoneInfo(TIME_ZONE)).date()
