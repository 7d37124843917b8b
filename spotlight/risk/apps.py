from typing import Any

from django.apps import AppConfig
from django.core import checks


def check_risk_files(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """The risk checklist and the review's items in use can be read (`spotlight manage check`, and on
    starting the server): each mistake named."""
    from spotlight.datafiles import DataFileInvalid
    from spotlight.risk.domain.checklist import CHECKLIST_ENV, default_checklist
    from spotlight.risk.domain.his_review import REVIEW_ENV, default_review_items

    found: list[checks.CheckMessage] = []
    for load, env, cid in (
        (default_checklist, CHECKLIST_ENV, "risk.E001"),
        (default_review_items, REVIEW_ENV, "risk.E002"),
    ):
        try:
            load()
        except DataFileInvalid as exc:
            found.append(
                checks.Error(str(exc), hint=f"Correct the file, or unset {env} to use Spotlight's own.", id=cid)
            )
    return found


class RiskConfig(AppConfig):
    name = "spotlight.risk"
    label = "risk"
    verbose_name = "Risk: her risk identification, his risk review, worker safety"

    def ready(self) -> None:
        checks.register(check_risk_files)
