from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "linkwell.reports"
    label = "reports"
    verbose_name = "Reports"
