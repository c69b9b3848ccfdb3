"""Public identifiers; the audit log refers to stories and replies by theirs; system flags;
notices stored as data (kind and parameters) and worded when read."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from notalone.core.fields import add_public_id_operations


def refs_from_ids(apps, schema_editor):
    """The log's story and reply numbers become public identifiers. A target deleted since
    has none: its reference stays blank, and the snapshot still says what it was."""
    ModerationAction = apps.get_model("moderation", "ModerationAction")
    Story = apps.get_model("stories", "Story")
    Reply = apps.get_model("stories", "Reply")
    stories = dict(Story.objects.values_list("pk", "public_id"))
    replies = dict(Reply.objects.values_list("pk", "public_id"))
    rows = list(ModerationAction.objects.all().only("pk", "story_id", "reply_id"))
    for row in rows:
        row.story_ref = stories.get(row.story_id, "") if row.story_id else ""
        row.reply_ref = replies.get(row.reply_id, "") if row.reply_id else ""
    # The log is append-only for the application; a schema migration is the operator's act
    # (historical models carry neither the append-only manager nor its save()).
    ModerationAction.objects.bulk_update(rows, ["story_ref", "reply_ref"], batch_size=1000)


def notices_as_data(apps, schema_editor):
    """Notices written before this change keep their words (in the language they were
    written in) as a parameter; new ones are worded when read."""
    Notice = apps.get_model("moderation", "Notice")
    rows = list(Notice.objects.select_related("action"))
    for row in rows:
        row.kind = row.action.action
        row.params = {"text": row.text}
    Notice.objects.bulk_update(rows, ["kind", "params"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0001_initial"),
        ("stories", "0004_public_ids_mutes_events"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        *add_public_id_operations("moderation", "moderationaction"),
        *add_public_id_operations("moderation", "appeal"),
        *add_public_id_operations("moderation", "notice"),
        migrations.AddField(
            model_name="moderationaction",
            name="story_ref",
            field=models.CharField(blank=True, db_index=True, max_length=16),
        ),
        migrations.AddField(
            model_name="moderationaction",
            name="reply_ref",
            field=models.CharField(blank=True, db_index=True, max_length=16),
        ),
        migrations.RunPython(refs_from_ids, migrations.RunPython.noop),
        migrations.RemoveField(model_name="moderationaction", name="reply_id"),
        migrations.RemoveField(model_name="moderationaction", name="story_id"),
        migrations.AddField(
            model_name="notice",
            name="kind",
            field=models.CharField(
                choices=[
                    ("hide", "Hide"),
                    ("restore", "Restore"),
                    ("warn", "Warn"),
                    ("suspend", "Suspend"),
                    ("appeal_upheld", "Appeal: decision kept"),
                    ("appeal_granted", "Appeal: decision reversed"),
                ],
                default="",
                max_length=16,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="notice", name="params", field=models.JSONField(default=dict)
        ),
        migrations.RunPython(notices_as_data, migrations.RunPython.noop),
        migrations.RemoveField(model_name="notice", name="text"),
        migrations.AddField(
            model_name="report", name="detector", field=models.CharField(blank=True, max_length=60)
        ),
        migrations.AddField(
            model_name="report",
            name="detector_version",
            field=models.CharField(blank=True, max_length=20),
        ),
        migrations.AddField(
            model_name="report", name="score", field=models.FloatField(blank=True, null=True)
        ),
        migrations.AlterField(
            model_name="report",
            name="reporter",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="reports_made",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.CheckConstraint(
                condition=models.Q(("detector", ""), ("reporter__isnull", False))
                | models.Q(("reporter__isnull", True), models.Q(("detector", ""), _negated=True)),
                name="report_member_or_system",
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    ("reporter__isnull", True), ("resolved_at__isnull", True), ("story__isnull", False)
                ),
                fields=("detector", "story"),
                name="flag_one_open_per_story",
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    ("reply__isnull", False), ("reporter__isnull", True), ("resolved_at__isnull", True)
                ),
                fields=("detector", "reply"),
                name="flag_one_open_per_reply",
            ),
        ),
    ]
