from typing import Any

from django.apps import AppConfig
from django.core import checks


def check_contact_standards(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """The contact standards in use can be read (`spotlight manage check`, and on starting the server):
    each mistake named, with its line."""
    from spotlight.casework.domain.standards import STANDARDS_ENV, contact_standards
    from spotlight.datafiles import DataFileInvalid

    try:
        contact_standards()
    except DataFileInvalid as exc:
        hint = f"Correct the file, or unset {STANDARDS_ENV} to use Spotlight's own standards."
        return [checks.Error(str(exc), hint=hint, id="casework.E001")]
    return []


class CaseworkConfig(AppConfig):
    name = "spotlight.casework"
    label = "casework"
    verbose_name = "Casework: visits due and tasks"

    def ready(self) -> None:
        checks.register(check_contact_standards)
