"""gunicorn's settings for the site, in production and under ``make bench``.

gunicorn reads this file from the directory it starts in, so
``gunicorn workgroup.wsgi --bind 127.0.0.1:8001`` needs nothing else.
Command-line options win over it.
"""

import gc
import os

wsgi_app = "workgroup.wsgi"

# Synchronous workers: each handles one request at a time, so their number is
# how many requests are served at once. 2-4 suit a small machine; each costs
# its memory (about a hundred megabytes), not threads or an event loop.
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "sync"

# Load the application once in the master, then fork: workers start in
# milliseconds, share the imported code's memory, and a broken deployment
# fails at start instead of in every worker. No database connection is
# opened while loading, so none is shared between workers.
preload_app = True

# A request that takes longer than this is stuck; its worker is replaced.
timeout = 30
# On a restart, requests under way get this long to finish.
graceful_timeout = 30

# Workers' heartbeat files in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None


def when_ready(server):
    """Once the application is loaded, before the first worker is forked:
    move every object the import made to a permanent generation the
    collector never scans. Without it, each worker's first collections
    touch the reference counts of the shared objects and the kernel copies
    their pages into every worker (copy-on-write); with it, the imported
    code's memory stays shared. ``make bench`` reports each worker's
    private memory beside its resident size."""
    gc.collect()
    gc.freeze()
