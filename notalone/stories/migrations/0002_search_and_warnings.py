"""Full-text search structures for each database, and the default content warnings."""

from django.db import migrations

DEFAULT_WARNINGS = [
    ("sexual-assault", "Sexual assault"),
    ("sexual-harassment", "Sexual harassment"),
    ("violence", "Violence"),
    ("self-harm", "Self-harm or suicide"),
    ("child-abuse", "Child abuse"),
    ("abuse-by-partner", "Abuse by a partner"),
]


def create_search(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS stories_story_fts USING fts5("
            "title, body, tokenize='unicode61 remove_diacritics 2')"
        )
    elif connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS story_fulltext_idx ON stories_story USING GIN "
            "(to_tsvector('simple'::regconfig, title || ' ' || body))"
        )


def drop_search(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS stories_story_fts")
    elif connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS story_fulltext_idx")


def add_warnings(apps, schema_editor):
    ContentWarning = apps.get_model("stories", "ContentWarning")
    for position, (slug, label) in enumerate(DEFAULT_WARNINGS):
        ContentWarning.objects.get_or_create(slug=slug, defaults={"label": label, "position": position})


class Migration(migrations.Migration):
    dependencies = [("stories", "0001_initial")]

    operations = [
        migrations.RunPython(create_search, drop_search),
        migrations.RunPython(add_warnings, migrations.RunPython.noop),
    ]
