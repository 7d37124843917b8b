"""Django system checks that the data files in use can be read (`spotlight manage check`, and on starting
the server): each app registers one per file it reads, and each mistake is named with its line."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core import checks


def data_file_check(load: Callable[[], object], env: str, check_id: str) -> Callable[..., list[checks.CheckMessage]]:
    """A check that ``load`` (the file in use: an authority's own through ``env``, else Spotlight's) reads."""

    def check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
        from spotlight.datafiles import DataFileInvalid

        try:
            load()
        except DataFileInvalid as exc:
            hint = f"Correct the file, or unset {env} to use Spotlight's own."
            return [checks.Error(str(exc), hint=hint, id=check_id)]
        return []

    return check
