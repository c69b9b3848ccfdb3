"""Usernames with the Turkish capital İ are keyed with a plain ``i`` (accounts/usernames.py),
so ``İpek`` and ``Ipek`` are one name. As in 0005 and 0006, it never fails and never renames
anyone: where an older account already holds the new key, the account keeps its old key
(``lookup_keys`` still finds it by its name as typed) and is reported by id."""

from django.db import migrations

from notalone.accounts.usernames import username_key


def forwards(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    taken = set(User.objects.values_list("username_key", flat=True))
    kept = []
    for pk, username, key in (
        User.objects.filter(username_key__contains="i\u0307")
        .order_by("pk")
        .values_list("pk", "username", "username_key")
    ):
        new = username_key(username)
        if new == key:
            continue
        if new in taken:
            kept.append(pk)
            continue
        User.objects.filter(pk=pk).update(username_key=new)
        taken.discard(key)
        taken.add(new)
    if kept:
        print(
            f"\n  accounts 0009: {len(kept)} account(s) with a Turkish İ look like an older "
            f"account's name and keep their old key (ids: {', '.join(map(str, kept))}). See "
            "'Look-alike usernames' in docs/OPERATING.md."
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0008_username_marks_and_joiners")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
