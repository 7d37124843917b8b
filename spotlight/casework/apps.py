from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "spotlight.casework"
    label = "casework"
    verbose_name = "Casework: visits due and tasks"
