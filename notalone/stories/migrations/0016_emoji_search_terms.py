"""Emoji are search terms (review of issue 11): a search for 💜, 🇮🇷 or 👩‍👩‍👧 finds them.

Before, ``core.unitext.fold`` removed the joiners and variation selectors emoji are built with
and UAX #29 kept no emoji as a word, so no document held one. Now each emoji sequence is one
term (``core.emoji``). The search document of every story whose title, body or tags hold an
emoji is computed again (``stories.search.reindex_where``, as migration 0014 does), then
every term's count is taken from the documents. Hashtag keys do not change: a tag's name
cannot hold an emoji (UAX #31).
"""

from django.db import migrations


def reindex_emoji(apps, schema_editor):
    from notalone.core.emoji import holds_emoji
    from notalone.stories.search import reindex_where

    reindex_where(apps, holds_emoji)


class Migration(migrations.Migration):
    dependencies = [("stories", "0015_hashtag_look_alike_arabic_letters")]

    operations = [migrations.RunPython(reindex_emoji, migrations.RunPython.noop)]
