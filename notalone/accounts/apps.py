from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "notalone.accounts"
    label = "accounts"
