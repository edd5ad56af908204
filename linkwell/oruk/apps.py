from django.apps import AppConfig


class OrukConfig(AppConfig):
    name = "linkwell.oruk"
    label = "oruk"
    verbose_name = "Open Referral UK 3.0 API"
