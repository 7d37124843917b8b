from django.apps import AppConfig
from django.core import checks


class FrontDoorConfig(AppConfig):
    name = "spotlight.frontdoor"
    label = "frontdoor"
    verbose_name = "The front door: referrals screened for domestic abuse, and the right intervention"

    def ready(self) -> None:
        from spotlight.frontdoor.domain.screen import SCREEN_ENV, default_screen
        from spotlight.pattern.domain.directory import DIRECTORY_ENV, default_directory
        from spotlight.ui.datafile_checks import data_file_check

        checks.register(data_file_check(default_screen, SCREEN_ENV, "frontdoor.E001"))
        checks.register(data_file_check(default_directory, DIRECTORY_ENV, "frontdoor.E002"))
