from django.apps import AppConfig


class PatternConfig(AppConfig):
    name = "spotlight.pattern"
    label = "pattern"
    verbose_name = "Pattern map"
