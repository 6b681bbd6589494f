"""The ministry's staff groups; each app's migrations give them its rights."""

from django.db import migrations

from core.roles import create_groups


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(create_groups, migrations.RunPython.noop),
    ]
