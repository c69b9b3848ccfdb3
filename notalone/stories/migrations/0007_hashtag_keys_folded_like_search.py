"""Hashtag keys recomputed with the folding search uses (issue 11).

Keys were NFKC + casefold, so #İstanbul and #istanbul, or #català and #catala, were two tags.
Each key is now ``stories.text.hashtag_key`` of its tag's name. Tags whose new keys meet are
merged into the oldest (its display name is kept): their stories move to it, and its public
count and daily timeline are recomputed from the stories it now carries.
"""

from django.db import migrations
from django.utils import timezone


def refold(apps, schema_editor):
    from notalone.stories.text import hashtag_key

    Hashtag = apps.get_model("stories", "Hashtag")
    StoryHashtag = apps.get_model("stories", "StoryHashtag")
    HashtagDay = apps.get_model("stories", "HashtagDay")
    keepers: dict[str, int] = {}
    merged: dict[int, list[int]] = {}
    for tag in Hashtag.objects.order_by("pk"):
        key = hashtag_key(tag.name)
        if key in keepers:
            merged.setdefault(keepers[key], []).append(tag.pk)
            continue
        keepers[key] = tag.pk
        if tag.key != key:
            # A temporary key first (no real key has a space): another tag may hold this
            # one until it is renamed.
            Hashtag.objects.filter(pk=tag.pk).update(key=f" {tag.pk}")
    for keeper, others in merged.items():
        have = set(StoryHashtag.objects.filter(hashtag_id=keeper).values_list("story_id", flat=True))
        for pair in StoryHashtag.objects.filter(hashtag_id__in=others).order_by("pk"):
            if pair.story_id in have:
                pair.delete()
            else:
                have.add(pair.story_id)
                StoryHashtag.objects.filter(pk=pair.pk).update(hashtag_id=keeper)
        HashtagDay.objects.filter(hashtag_id__in=[keeper, *others]).delete()
        Hashtag.objects.filter(pk__in=others).delete()
        counted = StoryHashtag.objects.filter(hashtag_id=keeper, counted=True)
        days: dict[object, int] = {}
        for created_at in counted.values_list("story__created_at", flat=True):
            day = timezone.localdate(created_at)
            days[day] = days.get(day, 0) + 1
        HashtagDay.objects.bulk_create(
            [HashtagDay(hashtag_id=keeper, day=day, story_count=n) for day, n in days.items()]
        )
        Hashtag.objects.filter(pk=keeper).update(public_story_count=sum(days.values()))
    for key, pk in keepers.items():
        Hashtag.objects.filter(pk=pk).update(key=key)


class Migration(migrations.Migration):
    dependencies = [("stories", "0006_search_documents_folded_in_python")]

    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
