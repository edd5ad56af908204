from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "linkwell.clients"
    label = "clients"
    verbose_name = "API clients"
