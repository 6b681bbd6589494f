"""Operations that several apps' migrations share.

Migrations import these at their own creation time, so a change here reaches
every database that migrates afresh; keep each operation's effect the same.
"""

import textwrap

from django.db import migrations
from django.db.migrations.operations.base import Operation

from core.history import (
    DATABASE_MESSAGE,
    FLUSH_FUNCTION,
    FLUSH_SETTING,
    SQLSTATE,
)


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


class AppendOnly(Operation):
    """Make the database refuse to change or delete rows of a history table.

    Triggers refuse every ``UPDATE`` and ``DELETE`` of ``model_name``'s rows,
    and on PostgreSQL ``TRUNCATE`` of its table, except the emptying that a
    flush does inside ``core.history.flush_allowed`` (read that module for
    the design). Reversible: backwards drops the triggers. Apply it after
    the model's table is made, and again after any migration that rebuilds
    the table on SQLite.
    """

    reversible = True

    def __init__(self, model_name: str):
        self.model_name = model_name

    def deconstruct(self):
        return self.__class__.__qualname__, [self.model_name], {}

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            for sql in _append_only_sql(schema_editor, model._meta.db_table):
                schema_editor.execute(textwrap.dedent(sql).strip(), None)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        if self.allow_migrate_model(schema_editor.connection.alias, model):
            for sql in _drop_append_only_sql(schema_editor, model._meta.db_table):
                schema_editor.execute(sql, None)

    def describe(self):
        return f"Refuse updates and deletions of {self.model_name} rows"

    @property
    def migration_name_fragment(self):
        return f"{self.model_name.lower()}_append_only"


def _append_only_sql(schema_editor, table: str) -> list[str]:
    vendor = schema_editor.connection.vendor
    quote = schema_editor.quote_name
    if vendor == "postgresql":
        function = quote(f"{table}_append_only")
        return [
            f"""
            CREATE OR REPLACE FUNCTION {function}() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'TRUNCATE'
                    AND current_setting('{FLUSH_SETTING}', true) = 'on' THEN
                    RETURN NULL;
                END IF;
                RAISE EXCEPTION USING
                    ERRCODE = '{SQLSTATE}',
                    MESSAGE = '{DATABASE_MESSAGE}: '
                        || TG_OP || ' on ' || TG_TABLE_NAME || ' refused';
            END
            $$""",
            f"""
            CREATE OR REPLACE TRIGGER {quote(f"{table}_append_only")}
            BEFORE UPDATE OR DELETE ON {quote(table)}
            FOR EACH ROW EXECUTE FUNCTION {function}()""",
            f"""
            CREATE OR REPLACE TRIGGER {quote(f"{table}_not_emptied")}
            BEFORE TRUNCATE ON {quote(table)}
            FOR EACH STATEMENT EXECUTE FUNCTION {function}()""",
        ]
    if vendor == "sqlite":
        return [
            f"""
            CREATE TRIGGER IF NOT EXISTS {quote(f"{table}_no_update")}
            BEFORE UPDATE ON {quote(table)}
            BEGIN
                SELECT RAISE(ABORT, '{DATABASE_MESSAGE}: UPDATE on {table} refused');
            END""",
            f"""
            CREATE TRIGGER IF NOT EXISTS {quote(f"{table}_no_delete")}
            BEFORE DELETE ON {quote(table)}
            WHEN NOT {FLUSH_FUNCTION}()
            BEGIN
                SELECT RAISE(ABORT, '{DATABASE_MESSAGE}: DELETE on {table} refused');
            END""",
        ]
    raise NotImplementedError(f"No append-only triggers for {vendor} yet.")


def _drop_append_only_sql(schema_editor, table: str) -> list[str]:
    vendor = schema_editor.connection.vendor
    quote = schema_editor.quote_name
    if vendor == "postgresql":
        # The triggers go with their function.
        return [f"DROP FUNCTION IF EXISTS {quote(f'{table}_append_only')}() CASCADE"]
    if vendor == "sqlite":
        return [
            f"DROP TRIGGER IF EXISTS {quote(f'{table}_no_update')}",
            f"DROP TRIGGER IF EXISTS {quote(f'{table}_no_delete')}",
        ]
    raise NotImplementedError(f"No append-only triggers for {vendor} yet.")
