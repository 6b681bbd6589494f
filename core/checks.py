"""System checks for what would silently make the site worse."""

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError, connections


@register(Tags.database)
def check_postgresql_ctype(app_configs, databases=None, **kwargs):
    """Warn when PostgreSQL's LC_CTYPE is not UTF-8.

    Under the C locale pg_trgm extracts no trigrams from Persian text, so
    search indexes stop helping (README, "PostgreSQL").
    """
    warnings = []
    for alias in databases or []:
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT datctype FROM pg_database "
                    "WHERE datname = current_database()"
                )
                (ctype,) = cursor.fetchone()
        except DatabaseError:
            continue
        normalized = ctype.lower().replace("-", "")
        if "utf8" not in normalized:
            warnings.append(
                Warning(
                    f"Database {alias!r} has LC_CTYPE {ctype!r}; Persian search "
                    "needs a UTF-8 LC_CTYPE such as 'C.UTF-8'.",
                    hint="Create the database with ENCODING 'UTF8' "
                    "LC_CTYPE 'C.UTF-8' TEMPLATE template0.",
                    id="meetings.W001",
                )
            )
    return warnings
