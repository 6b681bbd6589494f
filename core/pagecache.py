"""Public pages served from the shared cache.

A visitor who is not signed in sees the same directory, meeting record and
list of supported proposals as every other such visitor, so the rendered page
is kept in the cache under its address and language and served from there.

What makes a cached page stale is a change to the data. Every change bumps a
*generation* number kept in the cache: a request that changes something
(any POST, PUT, PATCH or DELETE the site answers without a server error),
and any ``save()`` or ``delete()`` of our models outside a request
(management commands, the shell). Pages are stored under the generation they
were rendered in, so after a change none of the old ones is read again; they
simply expire. The setting ``PAGE_CACHE_SECONDS`` also bounds how long a page that
depends on the clock (a meeting that is "upcoming" until it starts) can lag.

Only requests that carry no session and no messages are served from or
stored into the cache, and only pages that set no cookie: anything personal
(a signed-in user's menu, a "you have signed out" message, a form's CSRF
token) is never shared. The cache is used only when it is shared by every
server process (Redis); with a per-process cache, a change made in one
process could not reach the others' copies, so the setting defaults to off.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

GENERATION_KEY = "pagecache:generation"
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# Apps whose data the public pages show; each adds itself (``watch``) from
# its ``AppConfig.ready()``, since ``core`` knows none of them.
_watched_apps: set[str] = set()


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        # A fresh value, never an old one: if the key was evicted, pages of
        # the generation before must not come back.
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        value = cache.get(GENERATION_KEY, 0)
    return value


def invalidate() -> None:
    """Make every cached page stale (nothing to do when pages are not cached)."""
    if not settings.PAGE_CACHE_SECONDS:
        return
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there (yet, or evicted)
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def _page_key(request) -> str:
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"pagecache:{generation()}:{get_language()}:{address}"


def _is_anonymous_visit(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def cache_public_page(view):
    """Mark ``view``'s pages as the same for every anonymous visitor."""
    view.cache_public_page = True
    return view


class PageCacheMiddleware:
    """Serves marked pages from the cache; changes make them stale.

    It sits outside the session, messages and CSRF middleware, so it sees
    the cookies they set: a response that sets any is not stored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)
        if (
            key
            and request.method == "GET"
            and response.status_code == 200
            and not response.cookies
            and not response.streaming
        ):
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        if request.method in UNSAFE_METHODS and response.status_code < 500:
            invalidate()
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not (
            settings.PAGE_CACHE_SECONDS
            and getattr(view_func, "cache_public_page", False)
            and _is_anonymous_visit(request)
        ):
            return None
        key = _page_key(request)
        cached = cache.get(key)
        if cached is None:
            request._page_cache_key = key
        return cached


def watch(app_label: str) -> None:
    """Make a saved or deleted row of ``app_label`` stale every cached page."""
    _watched_apps.add(app_label)


def _model_changed(sender, **kwargs):
    if sender._meta.app_label in _watched_apps:
        invalidate()


def connect_signals() -> None:
    """Bump the generation on saves and deletes outside requests too."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_model_changed, dispatch_uid=f"pagecache_{signal!r}")
