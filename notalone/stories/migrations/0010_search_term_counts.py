"""Document frequencies of search terms (issue 11, speed at a million stories), and each
dense-script run's last character kept alone in the documents (``core.unitext``: a lone
``兔`` or ``米 兔`` now finds ``米兔``). Documents with text in a script written without spaces
are computed again with the current code; then every term's count is taken from the
documents (``search.rebuild_term_counts``)."""

from django.db import migrations, models


def reindex_dense_and_count(apps, schema_editor):
    from notalone.core import unitext
    from notalone.stories.search import document_terms, rebuild_term_counts

    Story = apps.get_model("stories", "Story")
    StoryHashtag = apps.get_model("stories", "StoryHashtag")
    StorySearchDocument = apps.get_model("stories", "StorySearchDocument")
    last = 0
    while True:
        batch = list(
            Story.objects.filter(pk__gt=last, search_document__isnull=False)
            .order_by("pk")
            .values("pk", "title", "body")[:2000]
        )
        if not batch:
            break
        last = batch[-1]["pk"]
        names: dict[int, list[str]] = {}
        for story_id, name in StoryHashtag.objects.filter(
            story_id__in=[row["pk"] for row in batch]
        ).values_list("story_id", "hashtag__name"):
            names.setdefault(story_id, []).append(name)
        for row in batch:
            texts = [row["title"], row["body"], *names.get(row["pk"], [])]
            if any(unitext.has_dense_run(text) for text in texts):
                StorySearchDocument.objects.filter(story_id=row["pk"]).update(
                    terms=document_terms(
                        title=row["title"], body=row["body"], hashtags=names.get(row["pk"], [])
                    )
                )
    rebuild_term_counts()


class Migration(migrations.Migration):
    dependencies = [("stories", "0009_merge_similar_stories_and_statistics")]

    operations = [
        migrations.CreateModel(
            name="StorySearchTerm",
            fields=[
                ("term", models.CharField(max_length=400, primary_key=True, serialize=False)),
                ("stories", models.IntegerField(default=0)),
            ],
        ),
        migrations.RunPython(reindex_dense_and_count, migrations.RunPython.noop),
    ]
