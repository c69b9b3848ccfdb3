"""Hashtags that look alike, and Arabic-script letters written two ways (review of issue 11).

Each tag gets ``look_alike`` (``stories.text.look_alike`` of its name), with which a new
Cyrillic or Greek tag that looks like an existing one is refused.

The folding (``core.unitext.fold``) now reads Persian ``ی``/``ک`` and Arabic ``ى`` as ``ي``/``ك``
and ``ة`` as ``ه``: hashtag keys are recomputed and tags whose keys now meet are merged into the
oldest, as in migration 0007 (its ``refold``; every story keeps its tags and its author's
spelling), then the search documents of stories whose text or tags hold one of those letters
are computed again (``stories.search.reindex_where``), and every term's count is taken from
the documents.
"""

from importlib import import_module

from django.db import migrations, models

# The letters whose folding changed.
FOLDED_LETTERS = ("\u06cc", "\u0649", "\u06a9", "\u0629")


def refold_keys(apps, schema_editor):
    import_module("notalone.stories.migrations.0007_hashtag_keys_folded_like_search").refold(
        apps, schema_editor
    )


def fill_look_alike(apps, schema_editor):
    from notalone.stories.text import look_alike

    Hashtag = apps.get_model("stories", "Hashtag")
    for pk, name in Hashtag.objects.values_list("pk", "name").iterator():
        Hashtag.objects.filter(pk=pk).update(look_alike=look_alike(name))


def reindex_arabic_letters(apps, schema_editor):
    from notalone.stories.search import reindex_where

    reindex_where(apps, lambda text: any(letter in text for letter in FOLDED_LETTERS))


class Migration(migrations.Migration):
    dependencies = [("stories", "0014_apostrophes_inside_words")]

    operations = [
        migrations.AddField(
            model_name="hashtag",
            name="look_alike",
            field=models.CharField(blank=True, db_index=True, max_length=450),
        ),
        migrations.RunPython(refold_keys, migrations.RunPython.noop),
        migrations.RunPython(fill_look_alike, migrations.RunPython.noop),
        migrations.RunPython(reindex_arabic_letters, migrations.RunPython.noop),
    ]
