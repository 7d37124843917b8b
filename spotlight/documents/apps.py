from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "spotlight.documents"
    label = "documents"
    verbose_name = "Documents"
