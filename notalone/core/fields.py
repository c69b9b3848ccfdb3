"""Model fields shared by the apps."""

from __future__ import annotations

from typing import Any

from django.db import models

from notalone.core.ids import PUBLIC_ID_LENGTH, new_public_id


class PublicIdField(models.CharField):  # type: ignore[type-arg]
    """The identifier a row is addressed by in URLs and the API (see ``core.ids``): random,
    unique, set once when the row is made."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", PUBLIC_ID_LENGTH)
        kwargs.setdefault("unique", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", new_public_id)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        for key, value in (
            ("max_length", PUBLIC_ID_LENGTH),
            ("unique", True),
            ("editable", False),
            ("default", new_public_id),
        ):
            if kwargs.get(key) == value:
                kwargs.pop(key)
        return name, path, args, kwargs


def add_public_id_operations(app_label: str, model_name: str) -> list[Any]:
    """Migration operations that give an existing table a ``public_id``: add the column
    empty, give every row its own random identifier, then make it unique and required."""
    from django.db import migrations

    def fill(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        rows = list(model.objects.filter(public_id=None).only("pk"))
        for row in rows:
            row.public_id = new_public_id()
        model.objects.bulk_update(rows, ["public_id"], batch_size=1000)

    return [
        migrations.AddField(
            model_name=model_name,
            name="public_id",
            field=models.CharField(max_length=PUBLIC_ID_LENGTH, null=True, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(model_name=model_name, name="public_id", field=PublicIdField()),
    ]
