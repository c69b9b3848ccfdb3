"""Every existing account gets the one written username rule (accounts/usernames.py): its
look-up key is recomputed (NFKC, trimmed, case-folded) and its UTS #39 skeleton stored.

It never fails on existing data and never renames anyone (a member must still be able to
log in with the name they know). Where two existing accounts clash, the older one (lower id)
wins and the newer one is left as it was:
- two names whose new keys are equal (say "ａｌｉｃｅ" in full-width letters beside "alice"):
  the newer keeps its old key, so nothing breaks, and is reported;
- two names that look alike ("demo-moderator" and "demo-moderat\u043er"): the newer gets no
  skeleton (NULL) and is reported. Both still log in; no new look-alike of either can be made.
The report lists account ids only; docs/OPERATING.md says what an operator can do about them.
"""

from django.db import migrations

from notalone.accounts.usernames import username_key, username_skeleton


def _new_keys(users, clashes):
    # Keys that stay as they are are claimed first: a changed key must not take one.
    order = sorted(users, key=lambda row: (username_key(row[1]) != row[2], row[0]))
    keys, taken = {}, set()
    for pk, username, old_key in order:
        key = username_key(username)
        if key != old_key and key in taken:
            clashes.add(pk)
            key = old_key
        taken.add(key)
        keys[pk] = key
    return keys


def _skeletons(users, clashes):
    shapes, taken = {}, set()
    for pk, username, _old_key in users:  # oldest first: the older name keeps its shape
        shape = username_skeleton(username)
        if shape in taken:
            clashes.add(pk)
            shapes[pk] = None
        else:
            taken.add(shape)
            shapes[pk] = shape
    return shapes


def forwards(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    users = list(User.objects.order_by("pk").values_list("pk", "username", "username_key"))
    clashes = set()
    keys = _new_keys(users, clashes)
    shapes = _skeletons(users, clashes)
    changed = [pk for pk, _username, old_key in users if keys[pk] != old_key]
    # Two steps, so that keys moving between rows never meet the unique index mid-way.
    for pk in changed:
        User.objects.filter(pk=pk).update(username_key=f"\x00migrating-{pk}")
    for pk in changed:
        User.objects.filter(pk=pk).update(username_key=keys[pk])
    for pk, shape in shapes.items():
        User.objects.filter(pk=pk).update(username_skeleton=shape)
    if clashes:
        print(
            f"\n  accounts 0005: {len(clashes)} account(s) look like an older account's name "
            f"and were left as they were (ids: {', '.join(map(str, sorted(clashes)))}). See "
            "'Look-alike usernames' in docs/OPERATING.md."
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_skeleton_sessions_browsers")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
