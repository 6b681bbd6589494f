"""Django's ``flush``, allowed to empty the append-only history tables.

The database refuses to empty a history table outside a flush (see
``core.history``); this runs Django's own command inside
``core.history.flush_allowed``. Transactional tests flush through it after
each test.
"""

from django.core.management.commands import flush

from core.history import flush_allowed


class Command(flush.Command):
    def handle(self, **options):
        with flush_allowed(options["database"]):
            super().handle(**options)
