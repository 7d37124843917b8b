from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "spotlight.cases"
    label = "cases"
