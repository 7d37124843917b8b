from django.apps import AppConfig
from django.core import checks


class CaseworkConfig(AppConfig):
    name = "spotlight.casework"
    label = "casework"
    verbose_name = "Casework: visits due and tasks"

    def ready(self) -> None:
        from spotlight.casework.domain.standards import STANDARDS_ENV, contact_standards
        from spotlight.ui.datafile_checks import data_file_check

        checks.register(data_file_check(contact_standards, STANDARDS_ENV, "casework.E001"))
