from django.apps import AppConfig


class EscrowConfig(AppConfig):
    name = "notalone.escrow"
    label = "escrow"

    def ready(self) -> None:
        from notalone.accounts import registry
        from notalone.escrow import services

        registry.register_exporter("escrow_entries", services.escrow_export_account)
        registry.register_eraser("escrow", services.escrow_erase_account)
