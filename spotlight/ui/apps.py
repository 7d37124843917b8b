from django.apps import AppConfig


class UiConfig(AppConfig):
    """Shared page layout, GOV.UK form rendering, template helpers, error pages and path converters."""

    name = "spotlight.ui"
    label = "ui"

    def ready(self) -> None:
        from django.urls import register_converter

        from spotlight.ui.converters import Digest, RecordId

        register_converter(RecordId, "id")
        register_converter(Digest, "hex64")
