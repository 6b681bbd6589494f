"""The meeting archive's search index, and the Meeting secretaries' rights.

On PostgreSQL a trigram index serves ``search_key__contains`` (the archive
search); other databases scan, which the archive's size allows.
"""

from django.db import migrations

from workgroup.roles import MEETING_SECRETARIES, grant

MODELS = ["meeting", "agendaitem", "participant", "statement", "decision"]


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS meeting_search_key_trgm "
        "ON workgroup_meeting USING gin (search_key gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS meeting_search_key_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("workgroup", "0002_meetings"),
    ]

    operations = [
        migrations.RunPython(create_trigram_index, drop_trigram_index),
        migrations.RunPython(
            grant(
                {
                    MEETING_SECRETARIES: [
                        *(
                            f"workgroup.{action}_{model}"
                            for model in MODELS
                            for action in ("view", "add", "change", "delete")
                        ),
                        "workgroup.view_actionitem",
                        "workgroup.change_actionitem",
                        "workgroup.view_meetingevent",
                        "workgroup.approve_minutes",
                        "workgroup.reopen_minutes",
                        "ngos.view_ngo",
                        "ngos.view_focusarea",
                    ],
                }
            ),
            migrations.RunPython.noop,
        ),
    ]
