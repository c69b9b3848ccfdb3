from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "notalone.moderation"
    label = "moderation"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from notalone.accounts import registry
        from notalone.moderation import detectors, privacy, unread
        from notalone.moderation.models import Notice

        registry.register_exporter("moderation", privacy.export_member)
        registry.register_eraser("moderation", privacy.erase_member)
        detectors.register()
        post_save.connect(unread.forget_on_change, sender=Notice, dispatch_uid="notices-unread")
        post_delete.connect(unread.forget_on_change, sender=Notice, dispatch_uid="notices-unread")
