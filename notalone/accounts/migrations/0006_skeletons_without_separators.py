"""The confusable skeleton now ignores dots, dashes and underscores and reads "vv" as "w"
(accounts/usernames.py): every account's stored skeleton is recomputed. As in 0005, it never
fails and never renames anyone: where two existing accounts now look alike, the older (lower
id) keeps the skeleton and the newer gets none (and is reported by id)."""

from django.db import migrations

from notalone.accounts.usernames import username_skeleton


def forwards(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    shapes, taken, clashes = {}, set(), []
    for pk, username in User.objects.order_by("pk").values_list("pk", "username"):
        shape = username_skeleton(username)
        if shape in taken:
            clashes.append(pk)
            shapes[pk] = None
        else:
            taken.add(shape)
            shapes[pk] = shape
    # Cleared first, so that shapes moving between rows never meet the unique index mid-way.
    User.objects.update(username_skeleton=None)
    for pk, shape in shapes.items():
        if shape is not None:
            User.objects.filter(pk=pk).update(username_skeleton=shape)
    if clashes:
        print(
            f"\n  accounts 0006: {len(clashes)} account(s) look like an older account's name "
            f"and were left without a skeleton (ids: {', '.join(map(str, clashes))}). See "
            "'Look-alike usernames' in docs/OPERATING.md."
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_normalise_usernames")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
