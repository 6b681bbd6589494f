"""Serving the site as production does, on this machine: a free port and the
environment of a production server process.

Used by ``make bench`` and, through ``tests.live``, by the several-servers
test and the load test.
"""

import os
import secrets
import socket

# The one host name the servers answer to, as behind the proxy.
PUBLIC_HOST = "workgroup.test"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_environment(**values) -> dict:
    """The environment of a production server process, plus ``values``.

    A fresh secret key unless one is given: servers that share sessions must
    be given the same one.
    """
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_"))
        and key not in ("DATABASE_URL", "REDIS_URL", "CACHE_URL")
    }
    environment.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=PUBLIC_HOST,
        DJANGO_LOG_LEVEL="WARNING",
    )
    environment.update({key: str(value) for key, value in values.items()})
    return environment
