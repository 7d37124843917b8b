from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "spotlight.access"
    label = "access"

    def ready(self) -> None:
        from spotlight.access import signals  # noqa: F401  # the sign-in events' receivers
