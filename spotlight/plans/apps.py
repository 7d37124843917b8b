from django.apps import AppConfig
from django.core import checks


class PlansConfig(AppConfig):
    name = "spotlight.plans"
    label = "plans"
    verbose_name = "Plans that put the work on him"

    def ready(self) -> None:
        from spotlight.plans.domain.balance import PLANS_ENV, default_plan_rules
        from spotlight.ui.datafile_checks import data_file_check

        checks.register(data_file_check(default_plan_rules, PLANS_ENV, "plans.E001"))
