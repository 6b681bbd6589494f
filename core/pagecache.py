"""Public pages served from the shared cache.

A visitor who is not signed in sees the same directory, meeting record and
list of supported proposals as every other such visitor, so the rendered page
is kept in the cache under its address and language and served from there.

What makes a cached page stale is a change to what public pages show, and
nothing else: a saved or deleted row of a public model (``watch``), or a bulk
write through such a model's queryset (``PublicQuerySet``), bumps a
*generation* number kept in the cache once the transaction that made it
commits, once per transaction. A request's method or status plays no part:
a refused sign-in, a form with errors or an anonymous POST stopped by CSRF
changes no data and stales nothing. Private rows (score sheets, comments,
reminders, an NGO's unsent draft) are not watched.

Each page is stored with the generation it was rendered in. A page of an
older generation is stale: one request renders it anew (it takes a short
lock), while the others are served the stale copy meanwhile, or, when there
is no copy at all, wait up to ``MISS_WAIT_SECONDS`` for the one being
rendered. The setting ``PAGE_CACHE_SECONDS`` also bounds how long a page
that depends on the clock (a meeting that is "upcoming" until it starts) can
lag.

Only requests that carry no session and no messages are served from or
stored into the cache, and only pages that set no cookie: anything personal
(a signed-in user's menu, a "you have signed out" message, a form's CSRF
token) is never shared. The cache is used only when it is shared by every
server process (Redis); with a per-process cache, a change made in one
process could not reach the others' copies, so the setting defaults to off.

The generation also dates what other code keeps in a shared cache until
public data changes (the public lists' counts, ``core.pagination``): it is
bumped whenever pages are cached or the cache is shared (:func:`in_use`).
"""

import functools
import hashlib
import time

from asgiref.local import Local
from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started, setting_changed
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.urls import Resolver404, resolve
from django.utils.translation import get_language

GENERATION_KEY = "pagecache:generation"
# How long a request that finds no copy at all waits for the one rendering it.
MISS_WAIT_SECONDS = 2.0
_MISS_POLL_SECONDS = 0.05
# Apps whose data the public pages show, each with the models of it that no
# public page shows; each app adds itself (``watch``) from its
# ``AppConfig.ready()``, since ``core`` knows none of them.
_watched_apps: dict[str, frozenset[str]] = {}


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        # A fresh value, never an old one: if the key was evicted, pages of
        # the generation before must not come back.
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        value = cache.get(GENERATION_KEY, 0)
    return value


# The generation as the request being answered first read it.
_read = Local()


def current_generation() -> int:
    """The generation, read from the cache once a request.

    What a page keeps by generation (the lists' counts, the registry's
    reference lists) then costs one round trip to the cache for the
    generation, however many things the page asks for, and the page sees
    one generation throughout. Outside a request (a command, a test calling
    code directly) it is read each time.
    """
    known = _known_generation()
    if known is None:
        known = generation()
        _remember_generation(known)
    return known


def read_with_generation(key: str):
    """``(generation, the cache's value for key)``: in one round trip when
    the request has not read the generation yet."""
    known = _known_generation()
    if known is not None:
        return known, cache.get(key)
    found = cache.get_many([GENERATION_KEY, key])
    current = found.get(GENERATION_KEY)
    if current is None:
        current = generation()
    _remember_generation(current)
    return current, found.get(key)


def _known_generation() -> int | None:
    """The generation this request has read, if it has (None outside one)."""
    if not getattr(_read, "in_request", False):
        return None
    return getattr(_read, "generation", None)


def _remember_generation(value: int) -> None:
    if getattr(_read, "in_request", False):
        _read.generation = value


def _request_started(**kwargs) -> None:
    _read.in_request = True
    _read.generation = None


def _request_finished(**kwargs) -> None:
    _read.in_request = False
    _read.generation = None


request_started.connect(_request_started, dispatch_uid="pagecache_request_started")
request_finished.connect(_request_finished, dispatch_uid="pagecache_request_finished")


def in_use() -> bool:
    """Whether anything is kept by generation: pages (when they are cached)
    or, in a cache every process shares, the public lists' counts
    (``core.pagination.keep_count``)."""
    return bool(settings.PAGE_CACHE_SECONDS or settings.SHARED_CACHE)


def invalidate() -> None:
    """Make everything kept by generation stale (nothing to do when nothing
    is kept)."""
    if not in_use():
        return
    # This process reads the new one next, even in the same request.
    _read.generation = None
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there (yet, or evicted)
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def changed(using: str = "default") -> None:
    """Something public pages show has changed: stale them on commit.

    Called any number of times in one transaction, it bumps the generation
    once, after the commit (so no page is rendered from data a rollback
    takes back, nor cached from the data before the commit).
    """
    if not in_use():
        return
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        invalidate()
    elif not any(
        func is _invalidate_on_commit for _s, func, _r in connection.run_on_commit
    ):
        transaction.on_commit(_invalidate_on_commit, using=using)


def _invalidate_on_commit() -> None:
    # A function of its own, so that ``changed`` can tell it is queued.
    invalidate()


class PublicQuerySet(models.QuerySet):
    """Bulk writes of a public model stale the cached pages too.

    ``save()`` and ``delete()`` send the signals ``watch`` listens to; a
    queryset's ``update()``, ``delete()``, ``bulk_create()`` and
    ``bulk_update()`` send none, so they say so themselves.
    """

    def update(self, **kwargs):
        count = super().update(**kwargs)
        if count:
            changed(self.db)
        return count

    def delete(self):
        result = super().delete()
        if result[0]:
            changed(self.db)
        return result

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        if created:
            changed(self.db)
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        count = super().bulk_update(objs, fields, *args, **kwargs)
        if count:
            changed(self.db)
        return count


def _page_key(request) -> str:
    return _page_key_for(get_language(), request.get_full_path())


def _page_key_for(language: str, path: str) -> str:
    address = hashlib.sha256(path.encode()).hexdigest()
    return f"pagecache:{language}:{address}"


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


def _lookup(key: str):
    """The cached response for ``key`` and the generation it must be of;
    the response is ``None`` when this request renders.

    A fresh copy is served. A stale or missing one is rendered by the
    request that takes the key's lock; the others get the stale copy, or
    wait for the fresh one when there is none. The generation and the copy
    come in one round trip to the cache.
    """
    current, entry = read_with_generation(key)
    return _fresh_or_wait(key, current, entry), current


def _fresh_or_wait(key: str, current: int, entry):
    if entry is not None and entry[0] == current:
        return entry[1]
    lock = f"{key}:lock"
    if cache.add(lock, 1, timeout=max(int(MISS_WAIT_SECONDS * 5), 5)):
        return None
    if entry is not None:
        return entry[1]
    deadline = time.monotonic() + MISS_WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(_MISS_POLL_SECONDS)
        entry = cache.get(key)
        if entry is not None:
            return entry[1]
    return None


class PageCacheMiddleware:
    """Stores marked pages in the cache (:class:`PageCacheLookupMiddleware`
    serves them).

    It sits outside the session, messages and CSRF middleware, so it sees
    the cookies they set: a response that sets any is not stored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, "_page_cache_key", None)
        if key:
            if (
                request.method == "GET"
                and response.status_code == 200
                and not response.cookies
                and not response.streaming
            ):
                cache.set(
                    key,
                    (request._page_cache_generation, response),
                    settings.PAGE_CACHE_SECONDS,
                )
            cache.delete(f"{key}:lock")
        return response


class PageCacheLookupMiddleware:
    """Answers an anonymous visit to a marked page from the cache, as soon
    as the page's language is known.

    It sits right after the locale middleware: a page served from the cache
    needs nothing of the middleware after it (CSRF, authentication, the
    two-step check, messages, the lockout), since it is for a visitor with
    no session and no cookie, and skipping them is a fifth of a cached
    page's cost. Whether an address is a marked page is found by resolving
    it, once per address and language in each worker. The host is still
    checked (a request for a host not in ``ALLOWED_HOSTS`` gets its 400, as
    the common middleware would give). A page not found in the cache goes on
    down to its view, and :class:`PageCacheMiddleware` stores it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.PAGE_CACHE_SECONDS
            and _is_anonymous_visit(request)
            and _is_public_page(get_language(), request.path_info)
        ):
            request.get_host()  # DisallowedHost for a foreign host
            key = _page_key(request)
            cached, current = _lookup(key)
            if cached is not None:
                return cached
            request._page_cache_key = key
            request._page_cache_generation = current
        return self.get_response(request)


# Addresses longer than this are resolved each time rather than remembered:
# the worker's memory stays bounded whatever addresses it is sent.
_REMEMBERED_PATH_LENGTH = 256


def _is_public_page(language: str, path: str) -> bool:
    """Whether ``path`` (in ``language``, which decides the prefixed
    addresses) is served by a view marked with :func:`cache_public_page`."""
    if len(path) > _REMEMBERED_PATH_LENGTH:
        return _resolves_to_public_page.__wrapped__(language, path)
    return _resolves_to_public_page(language, path)


@functools.lru_cache(maxsize=4096)
def _resolves_to_public_page(language: str, path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return getattr(match.func, "cache_public_page", False)


def _forget_public_pages(setting, **kwargs):
    if setting == "ROOT_URLCONF":  # tests only: the addresses changed
        _resolves_to_public_page.cache_clear()


setting_changed.connect(_forget_public_pages, dispatch_uid="pagecache_urls")


def watch(app_label: str, private: tuple[str, ...] = ()) -> None:
    """Make a saved or deleted row of ``app_label`` stale every cached page.

    ``private`` names the app's models that no public page shows. A model
    may also answer row by row with a ``changes_public_pages()`` method (an
    NGO's unsent draft changes nothing anyone else sees).
    """
    _watched_apps[app_label] = frozenset(name.lower() for name in private)


def _model_changed(sender, instance=None, using="default", **kwargs):
    meta = sender._meta
    private = _watched_apps.get(meta.app_label)
    if private is None or meta.model_name in private:
        return
    says = getattr(instance, "changes_public_pages", None)
    if says is not None and not says():
        return
    changed(using)


def connect_signals() -> None:
    """Bump the generation when a public row is saved or deleted."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_model_changed, dispatch_uid=f"pagecache_{signal!r}")
