"""Search documents folded in Python (issue 11): one table both databases index alike.

Replaces SQLite's FTS5 table over the raw text (unicode61 tokenizer) and PostgreSQL's GIN
index over ``to_tsvector('simple', title || ' ' || body)``, which disagreed on accents and
could not find words in scripts written without spaces. Every existing story's document is
computed here with the same code the search subscriber uses.
"""

import django.db.models.deletion
from django.db import migrations, models

SQLITE_CREATE = [
    "DROP TABLE IF EXISTS stories_story_fts",
    "CREATE VIRTUAL TABLE stories_search_fts USING fts5(terms, "
    "content='stories_storysearchdocument', content_rowid='story_id', "
    "tokenize='ascii', detail='none')",
    "CREATE TRIGGER stories_search_fts_insert AFTER INSERT ON stories_storysearchdocument "
    "BEGIN INSERT INTO stories_search_fts(rowid, terms) VALUES (new.story_id, new.terms); END",
    "CREATE TRIGGER stories_search_fts_delete AFTER DELETE ON stories_storysearchdocument "
    "BEGIN INSERT INTO stories_search_fts(stories_search_fts, rowid, terms) "
    "VALUES ('delete', old.story_id, old.terms); END",
    "CREATE TRIGGER stories_search_fts_update AFTER UPDATE ON stories_storysearchdocument "
    "BEGIN INSERT INTO stories_search_fts(stories_search_fts, rowid, terms) "
    "VALUES ('delete', old.story_id, old.terms); "
    "INSERT INTO stories_search_fts(rowid, terms) VALUES (new.story_id, new.terms); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS stories_search_fts_insert",
    "DROP TRIGGER IF EXISTS stories_search_fts_delete",
    "DROP TRIGGER IF EXISTS stories_search_fts_update",
    "DROP TABLE IF EXISTS stories_search_fts",
    "CREATE VIRTUAL TABLE IF NOT EXISTS stories_story_fts USING fts5("
    "title, body, tokenize='unicode61 remove_diacritics 2')",
]
# The tsvector is stored (a generated column): a query that walks stories newest first and
# tests each one's document reads it instead of parsing the terms again.
POSTGRES_CREATE = [
    "DROP INDEX IF EXISTS story_fulltext_idx",
    "ALTER TABLE stories_storysearchdocument ADD COLUMN terms_tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, terms)) STORED",
    "CREATE INDEX story_search_terms_idx ON stories_storysearchdocument USING GIN (terms_tsv)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS story_search_terms_idx",
    "ALTER TABLE stories_storysearchdocument DROP COLUMN IF EXISTS terms_tsv",
    "CREATE INDEX IF NOT EXISTS story_fulltext_idx ON stories_story USING GIN "
    "(to_tsvector('simple'::regconfig, title || ' ' || body))",
]


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}.get(vendor, []):
        schema_editor.execute(statement)


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(vendor, []):
        schema_editor.execute(statement)


def index_every_story(apps, schema_editor):
    from notalone.stories.search import document_terms

    Story = apps.get_model("stories", "Story")
    StoryHashtag = apps.get_model("stories", "StoryHashtag")
    StorySearchDocument = apps.get_model("stories", "StorySearchDocument")
    last = 0
    while True:
        batch = list(Story.objects.filter(pk__gt=last).order_by("pk").values("pk", "title", "body")[:2000])
        if not batch:
            return
        names: dict[int, list[str]] = {}
        for story_id, name in StoryHashtag.objects.filter(
            story_id__in=[row["pk"] for row in batch]
        ).values_list("story_id", "hashtag__name"):
            names.setdefault(story_id, []).append(name)
        StorySearchDocument.objects.bulk_create(
            [
                StorySearchDocument(
                    story_id=row["pk"],
                    terms=document_terms(
                        title=row["title"], body=row["body"], hashtags=names.get(row["pk"], [])
                    ),
                )
                for row in batch
            ]
        )
        last = batch[-1]["pk"]


class Migration(migrations.Migration):
    dependencies = [("stories", "0005_mute_made_by")]

    operations = [
        migrations.CreateModel(
            name="StorySearchDocument",
            fields=[
                (
                    "story",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="stories.story",
                    ),
                ),
                ("terms", models.TextField()),
            ],
        ),
        migrations.RunPython(create_index, drop_index),
        migrations.RunPython(index_every_story, migrations.RunPython.noop),
    ]
