"""Catalan's ``l·l`` typed as ``l.l`` folds to ``l·l`` (issue 11): ``#il.lusio`` and
``#il·lusió`` are one tag, and search finds either spelling with the other.

Hashtag keys are recomputed and tags whose keys now meet are merged, as in migration 0007
(its ``refold``, which uses the current ``hashtag_key``). Search documents of stories whose
text or tags hold ``l.l`` or ``l‧l`` are computed again, then every term's count is taken
from the documents.
"""

from importlib import import_module

from django.db import migrations
from django.db.models import Q


def refold_keys(apps, schema_editor):
    import_module("notalone.stories.migrations.0007_hashtag_keys_folded_like_search").refold(
        apps, schema_editor
    )


def reindex_ela_geminada(apps, schema_editor):
    from notalone.stories.search import document_terms, rebuild_term_counts

    Story = apps.get_model("stories", "Story")
    StoryHashtag = apps.get_model("stories", "StoryHashtag")
    StorySearchDocument = apps.get_model("stories", "StorySearchDocument")
    spelled = Q()
    for stop in (".", "\u2027"):
        spelled |= Q(title__icontains=f"l{stop}l") | Q(body__icontains=f"l{stop}l")
        spelled |= Q(storyhashtag__name__icontains=f"l{stop}l")
    story_ids = sorted(
        set(Story.objects.filter(spelled, search_document__isnull=False).values_list("pk", flat=True))
    )
    for start in range(0, len(story_ids), 2000):
        chunk = story_ids[start : start + 2000]
        names: dict[int, list[str]] = {}
        for story_id, name in StoryHashtag.objects.filter(story_id__in=chunk).values_list(
            "story_id", "name"
        ):
            names.setdefault(story_id, []).append(name)
        for row in Story.objects.filter(pk__in=chunk).values("pk", "title", "body"):
            StorySearchDocument.objects.filter(story_id=row["pk"]).update(
                terms=document_terms(
                    title=row["title"], body=row["body"], hashtags=names.get(row["pk"], [])
                )
            )
    if story_ids:
        rebuild_term_counts()


class Migration(migrations.Migration):
    dependencies = [("stories", "0012_story_hashtag_written_name")]

    operations = [
        migrations.RunPython(refold_keys, migrations.RunPython.noop),
        migrations.RunPython(reindex_ela_geminada, migrations.RunPython.noop),
    ]
