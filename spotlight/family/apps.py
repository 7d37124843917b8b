from django.apps import AppConfig


class FamilyConfig(AppConfig):
    name = "spotlight.family"
    label = "family"
    verbose_name = "Family page"
