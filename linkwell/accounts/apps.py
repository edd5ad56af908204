from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "linkwell.accounts"
    label = "accounts"
    verbose_name = "Accounts, organisations and teams"
