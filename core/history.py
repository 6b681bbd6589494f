"""Append-only history: one base for every model that records what happened.

An NGO's status changes, a proposal's events and a meeting's acts are the
record of who did what, when and why. A history entry is written once and
then kept as it is: never edited, never deleted. Two layers hold that line,
and both answer with the same refusal, :class:`HistoryIsAppendOnly`.

**The models.** A history model subclasses :class:`HistoryEntry`. Saving an
entry that is already stored, deleting one, and ``update()`` or ``delete()``
on its default manager's querysets raise ``HistoryIsAppendOnly``. Inserting
stays open: ``create()``, ``save()`` of a new entry, ``bulk_create()``, and
the raw inserts of ``loaddata`` and of a restore (``core.restore``).

**The database.** Whatever goes around the models (a raw SQL statement, the
ORM's own ``SET NULL`` when a row an entry refers to is deleted, a query
through ``_base_manager``) meets triggers on each history table, made by
the migration operation ``core.migration_ops.AppendOnly``: every ``UPDATE``
and ``DELETE`` is refused, and on PostgreSQL ``TRUNCATE`` too. A history
model's app adds that operation to its migrations; ``tests/core/
test_history.py`` checks every concrete subclass of ``HistoryEntry`` at both
layers, so a history model without its triggers fails the suite.

**The one legitimate way to empty a history table** is a flush of the whole
database: Django's ``flush`` command (which transactional tests run after
each test) and ``restore --flush``. Both run inside :func:`flush_allowed`,
which lifts the guard on emptying for its own transaction only:

- PostgreSQL flushes with ``TRUNCATE``, which row triggers do not see; a
  statement trigger refuses it unless the setting ``workgroup.history_flush``
  is ``on``, which ``flush_allowed`` sets with ``set_config(..., true)`` (the
  same as ``SET LOCAL``: it ends with the transaction, or with the savepoint
  when that rolls back).
- SQLite flushes with ``DELETE``, which row triggers do see; its ``DELETE``
  trigger asks the SQL function ``workgroup_history_flush()``, which only
  the site's own connections define (on ``connection_created``) and which
  answers 1 only inside ``flush_allowed``. Any other client (the ``sqlite3``
  shell) lacks the function, so its ``DELETE`` fails too. (A trigger may
  call such a function while SQLite trusts its schema, which is its default.)

``UPDATE`` is never allowed, not even inside ``flush_allowed``. Django's
``flush`` command is replaced by ``core/management/commands/flush.py``, which
runs the original inside ``flush_allowed``; ``core.restore`` does the same
around its own flush.

**One refusal.** The triggers raise an error of their own: SQLSTATE
``WG001`` on PostgreSQL, a message starting ``history is append-only`` on
SQLite. Every connection of the site carries an execute wrapper that turns
such an error into ``HistoryIsAppendOnly``, so callers and tests see the same
exception from either layer. ``HistoryIsAppendOnly`` is a
``PermissionDenied``: in a request it becomes the 403 page, which shows the
refusal's translated message (``core.views.permission_denied``), never a
server error.

The triggers guard against mistakes of the code and of people with SQL at
hand, not against the owner of the database, who can drop them. A later
migration that rebuilds a history table on SQLite (as Django's SQLite schema
editor does for most column changes) drops its triggers with the old table;
the tests above notice, and the migration must apply ``AppendOnly`` again.
"""

from contextlib import contextmanager

from django.core.exceptions import PermissionDenied
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

# What the triggers raise, to be recognised here (see migration_ops).
SQLSTATE = "WG001"
DATABASE_MESSAGE = "history is append-only"
# What lifts the guard on emptying a table during a flush.
FLUSH_SETTING = "workgroup.history_flush"
FLUSH_FUNCTION = "workgroup_history_flush"


class HistoryIsAppendOnly(PermissionDenied):
    """A change or deletion of a history entry, refused.

    Its message is translated when it is shown, in the reader's language.
    """

    message = _(
        "The history is kept as it happened: its entries are never changed "
        "or deleted. Nothing was changed."
    )

    def __init__(self, message=None):
        super().__init__(message or self.message)


class HistoryQuerySet(models.QuerySet):
    """Querysets that insert and read, and refuse to change or delete."""

    def update(self, **kwargs):
        raise HistoryIsAppendOnly

    update.alters_data = True

    def delete(self):
        raise HistoryIsAppendOnly

    delete.alters_data = True
    delete.queryset_only = True


class HistoryEntry(models.Model):
    """One entry of a history: written once, then never changed or deleted."""

    objects = HistoryQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise HistoryIsAppendOnly
        super().save(*args, **kwargs)

    save.alters_data = True

    def delete(self, *args, **kwargs):
        raise HistoryIsAppendOnly

    delete.alters_data = True


def history_models() -> list:
    """Every concrete history model of the installed apps."""
    from django.apps import apps

    return [
        model
        for model in apps.get_models()
        if issubclass(model, HistoryEntry) and not model._meta.proxy
    ]


@contextmanager
def flush_allowed(using: str = DEFAULT_DB_ALIAS):
    """Let a flush of the database empty the history tables.

    Runs its block in a transaction (a savepoint inside a caller's), and
    lifts the database's guard on emptying tables for that transaction
    only; updates stay refused. Only for code that empties every table.
    """
    connection = connections[using]
    with transaction.atomic(using=using):
        _set_flush(connection, True)
        try:
            yield
        finally:
            connection.history_flush = False
        # On an error the rollback of the block undoes the setting instead.
        _set_flush(connection, False)


def _set_flush(connection, on: bool) -> None:
    connection.history_flush = on
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config(%s, %s, true)", [FLUSH_SETTING, "on" if on else ""]
            )


def _refused_by_database(error: DatabaseError) -> bool:
    cause = error.__cause__
    if SQLSTATE in (getattr(cause, "pgcode", None), getattr(cause, "sqlstate", None)):
        return True
    # SQLite has no error codes of our own: the trigger's message says it.
    return str(cause).startswith(DATABASE_MESSAGE)


def _one_refusal(execute, sql, params, many, context):
    """An execute wrapper: a trigger's refusal becomes HistoryIsAppendOnly."""
    try:
        return execute(sql, params, many, context)
    except DatabaseError as error:
        if _refused_by_database(error):
            raise HistoryIsAppendOnly from error
        raise


@receiver(connection_created)
def _guard_connection(sender, connection, **kwargs):
    if _one_refusal not in connection.execute_wrappers:
        connection.execute_wrappers.insert(0, _one_refusal)
    if connection.vendor == "sqlite":
        connection.history_flush = False
        connection.connection.create_function(
            FLUSH_FUNCTION, 0, lambda: int(connection.history_flush)
        )
