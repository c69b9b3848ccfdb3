from django.apps import AppConfig


class HelpConfig(AppConfig):
    name = "notalone.help"
    label = "help"
