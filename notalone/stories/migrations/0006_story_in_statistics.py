from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0005_mute_made_by"),
    ]

    operations = [
        migrations.AddField(
            model_name="story",
            name="in_statistics",
            field=models.BooleanField(blank=True, default=None, null=True),
        ),
    ]
