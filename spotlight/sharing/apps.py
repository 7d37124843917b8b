from django.apps import AppConfig
from django.core import checks


class SharingConfig(AppConfig):
    name = "spotlight.sharing"
    label = "sharing"
    verbose_name = "Information shared with and received from other agencies"

    def ready(self) -> None:
        from spotlight.sharing.domain.vocabulary import SHARING_ENV, default_sharing
        from spotlight.ui.datafile_checks import data_file_check

        checks.register(data_file_check(default_sharing, SHARING_ENV, "sharing.E001"))
