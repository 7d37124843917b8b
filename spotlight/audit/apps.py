from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "spotlight.audit"
    label = "audit"
    verbose_name = "Case-file audits"
