from django.apps import AppConfig


class UiConfig(AppConfig):
    """Shared page layout, GOV.UK form rendering and template helpers."""

    name = "spotlight.ui"
    label = "ui"
