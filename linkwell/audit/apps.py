from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "linkwell.audit"
    label = "audit"
    verbose_name = "Audit log"
