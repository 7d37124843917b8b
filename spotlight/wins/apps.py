from typing import Any

from django.apps import AppConfig
from django.core import checks


def check_wins_file(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from spotlight.datafiles import DataFileInvalid
    from spotlight.wins.domain.wins import WINS_ENV, default_wins

    try:
        default_wins()
    except DataFileInvalid as exc:
        hint = f"Correct the file, or unset {WINS_ENV} to use Spotlight's own."
        return [checks.Error(str(exc), hint=hint, id="wins.E001")]
    return []


class WinsConfig(AppConfig):
    name = "spotlight.wins"
    label = "wins"
    verbose_name = "Wins: what is going well, said specifically"

    def ready(self) -> None:
        checks.register(check_wins_file)
