from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "linkwell.core"
    label = "core"
    verbose_name = "Linkwell core"

    def ready(self) -> None:
        from linkwell.core import checks  # noqa: F401  (registers the system checks)
