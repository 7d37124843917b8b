from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "spotlight.access"
    label = "access"
