from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "notalone.core"
    label = "core"

    def ready(self) -> None:
        from notalone.core.ids import register_converters

        # Before any app's URL patterns are read: they use <pid:...> and <hex16:...>.
        register_converters()
