"""Each story keeps its hashtags as its author wrote them (review of issue 11).

A Hashtag has one name, its first user's spelling; every story showed that one, so "#año"
appeared as "#ano" and "#sık" as "#sik" when someone else had used that spelling first.
``StoryHashtag.name`` is the story's own spelling; existing pairs start from the tag's name
(the only spelling kept until now).
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_names(apps, schema_editor):
    Hashtag = apps.get_model("stories", "Hashtag")
    StoryHashtag = apps.get_model("stories", "StoryHashtag")
    StoryHashtag.objects.update(
        name=Subquery(Hashtag.objects.filter(pk=OuterRef("hashtag_id")).values("name")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [("stories", "0011_merge_search_terms_and_text_edited")]

    operations = [
        migrations.AddField(
            model_name="storyhashtag",
            name="name",
            field=models.CharField(db_default="", default="", max_length=50),
        ),
        migrations.RunPython(fill_names, migrations.RunPython.noop),
    ]
