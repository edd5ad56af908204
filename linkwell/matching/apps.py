from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "linkwell.matching"
    label = "matching"
    verbose_name = "Matching"
