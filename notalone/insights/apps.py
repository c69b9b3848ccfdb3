from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "notalone.insights"
    label = "insights"

    def ready(self) -> None:
        from notalone.insights import subscribers

        subscribers.register()
