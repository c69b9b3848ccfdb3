"""Catalan's ``l·l`` typed as ``l.l`` folds to ``l·l`` (issue 11): ``#il.lusio`` and
``#il·lusió`` are one tag, and search finds either spelling with the other.

Hashtag keys are recomputed and tags whose keys now meet are merged, as in migration 0007
(its ``refold``, which uses the current ``hashtag_key``). Search documents of stories whose
text or tags hold ``l.l`` or ``l‧l`` are computed again (``stories.search.reindex_where``),
then every term's count is taken from the documents.
"""

from importlib import import_module

from django.db import migrations


def refold_keys(apps, schema_editor):
    import_module("notalone.stories.migrations.0007_hashtag_keys_folded_like_search").refold(
        apps, schema_editor
    )


def reindex_ela_geminada(apps, schema_editor):
    from notalone.stories.search import reindex_where

    def affected(text: str) -> bool:
        lowered = text.casefold()
        return "l.l" in lowered or "l\u2027l" in lowered

    reindex_where(apps, affected)


class Migration(migrations.Migration):
    dependencies = [("stories", "0012_story_hashtag_written_name")]

    operations = [
        migrations.RunPython(refold_keys, migrations.RunPython.noop),
        migrations.RunPython(reindex_ela_geminada, migrations.RunPython.noop),
    ]
