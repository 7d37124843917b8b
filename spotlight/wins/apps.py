from django.apps import AppConfig
from django.core import checks


class WinsConfig(AppConfig):
    name = "spotlight.wins"
    label = "wins"
    verbose_name = "Wins: what is going well, said specifically"

    def ready(self) -> None:
        from spotlight.ui.datafile_checks import data_file_check
        from spotlight.wins.domain.wins import WINS_ENV, default_wins

        checks.register(data_file_check(default_wins, WINS_ENV, "wins.E001"))
