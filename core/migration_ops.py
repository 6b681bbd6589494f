"""Operations that several apps' migrations share.

Migrations import these at their own creation time, so a change here reaches
every database that migrates afresh; keep each operation's effect the same.
"""

from django.db import migrations


def trigram_index(*, name: str, table: str, column: str = "search_key"):
    """A ``RunPython`` operation: a trigram index on ``table.column``.

    It serves ``column__contains`` (``LIKE '%term%'``), which is how every
    search of a normalised search key looks for its terms. PostgreSQL only;
    other databases scan, which is fine at the sizes they serve.
    """

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} "
            f"ON {table} USING gin ({column} gin_trgm_ops)"
        )

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")

    return migrations.RunPython(forwards, backwards)
