from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "notalone.stories"
    label = "stories"

    def ready(self) -> None:
        from notalone.accounts import registry
        from notalone.stories import exports, services, subscribers

        registry.register_exporter("stories", exports.export_stories)
        registry.register_exporter("replies", exports.export_replies)
        registry.register_exporter("reactions", exports.export_reactions)
        registry.register_exporter("blocks", exports.export_blocks)
        registry.register_eraser("stories", services.erase_member_content)
        subscribers.register()
