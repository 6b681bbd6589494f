"""Indexes that keep the proposal lists fast at 100,000 proposals.

The trigram index serves the admin's search, which looks for every term
anywhere in the normalised search key (``LIKE '%term%'``); PostgreSQL only,
as for the NGOs' search key (the pg_trgm extension comes from ngos 0002).
"""

from django.db import migrations, models


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS proposal_search_key_trgm "
        "ON proposals_proposal USING gin (search_key gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS proposal_search_key_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("ngos", "0002_reference_data"),
        ("proposals", "0004_presented_at_meeting"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="proposal",
            index=models.Index(
                fields=["status", "-decided_at", "-id"], name="proposal_status_decided"
            ),
        ),
        migrations.AddIndex(
            model_name="proposal",
            index=models.Index(
                fields=["status", "last_submitted_at"], name="proposal_status_waiting"
            ),
        ),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
