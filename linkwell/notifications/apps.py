from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "linkwell.notifications"
    label = "notifications"
    verbose_name = "Notifications"
