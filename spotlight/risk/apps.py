from django.apps import AppConfig
from django.core import checks


class RiskConfig(AppConfig):
    name = "spotlight.risk"
    label = "risk"
    verbose_name = "Risk: her risk identification, his risk review, worker safety"

    def ready(self) -> None:
        from spotlight.risk.domain.checklist import CHECKLIST_ENV, default_checklist
        from spotlight.risk.domain.his_review import REVIEW_ENV, default_review_items
        from spotlight.ui.datafile_checks import data_file_check

        checks.register(data_file_check(default_checklist, CHECKLIST_ENV, "risk.E001"))
        checks.register(data_file_check(default_review_items, REVIEW_ENV, "risk.E002"))
