"""API tokens and remembered browsers get public identifiers: the member's list and the API
name them by these, never by their row numbers (which count every token site-wide)."""

from django.db import migrations

from notalone.core.fields import add_public_id_operations


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_skeletons_without_separators")]

    operations = [
        *add_public_id_operations("accounts", "apitoken"),
        *add_public_id_operations("accounts", "trustedbrowser"),
    ]
