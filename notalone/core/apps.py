from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "notalone.core"
    label = "core"
