"""An apostrophe inside a word (issue 11): ``istanbul`` finds ``İstanbul'da``.

Every apostrophe now folds to U+0027, a geresh or gershayim after a Hebrew letter is removed,
and a document also answers for the parts of a word with an apostrophe (``core.unitext``,
"Apostrophes"). Hashtag keys are recomputed and tags whose keys now meet are merged, as in
migration 0007 (``#İstanbul’da`` and ``#İstanbulʼda``, ``#צה״ל`` and ``#צהל``). The search
document of every story whose title, body or tags hold an apostrophe-like character after a
letter is computed again and stored when it changed; then every term's count is taken from
the documents.
"""

import re
from importlib import import_module

from django.db import migrations

# A letter or digit followed by one of the characters whose folding changed: the stories whose
# documents may differ. (An apostrophe that follows no letter was never inside a word.)
AFFECTED = re.compile("\\w['\u2018\u2019\u02bc\u02bb\u055a\u05f3\u05f4\uff07\"]|[\u02bc\u02bb]")


def refold_keys(apps, schema_editor):
    import_module("notalone.stories.migrations.0007_hashtag_keys_folded_like_search").refold(
        apps, schema_editor
    )


def reindex_apostrophes(apps, schema_editor):
    from notalone.stories.search import reindex_where

    reindex_where(apps, lambda text: AFFECTED.search(text) is not None)


class Migration(migrations.Migration):
    dependencies = [("stories", "0013_hashtag_keys_catalan_full_stop")]

    operations = [
        migrations.RunPython(refold_keys, migrations.RunPython.noop),
        migrations.RunPython(reindex_apostrophes, migrations.RunPython.noop),
    ]
