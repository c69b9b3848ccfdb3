from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "notalone.moderation"
    label = "moderation"

    def ready(self) -> None:
        from notalone.accounts import registry
        from notalone.moderation import detectors, privacy

        registry.register_exporter("moderation", privacy.export_member)
        registry.register_eraser("moderation", privacy.erase_member)
        detectors.register()
