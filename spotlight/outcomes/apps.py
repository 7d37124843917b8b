from typing import Any

from django.apps import AppConfig
from django.core import checks


def check_outcome_measures(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """The outcome measures in use can be read (`spotlight manage check`, and on starting the server)."""
    from spotlight.datafiles import DataFileInvalid
    from spotlight.outcomes.domain.measures import MEASURES_ENV, default_measures

    try:
        default_measures()
    except DataFileInvalid as exc:
        hint = f"Correct the file, or unset {MEASURES_ENV} to use Spotlight's own measures."
        return [checks.Error(str(exc), hint=hint, id="outcomes.E001")]
    return []


class OutcomesConfig(AppConfig):
    name = "spotlight.outcomes"
    label = "outcomes"
    verbose_name = "Outcomes: the six measures of success, at intake, reviews and exit"

    def ready(self) -> None:
        checks.register(check_outcome_measures)
