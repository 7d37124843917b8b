from django.apps import AppConfig
from django.core import checks


class OutcomesConfig(AppConfig):
    name = "spotlight.outcomes"
    label = "outcomes"
    verbose_name = "Outcomes: the six measures of success, at intake, reviews and exit"

    def ready(self) -> None:
        from spotlight.outcomes.domain.measures import MEASURES_ENV, default_measures
        from spotlight.ui.datafile_checks import data_file_check

        checks.register(data_file_check(default_measures, MEASURES_ENV, "outcomes.E001"))
