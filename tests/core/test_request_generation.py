"""The public data's generation is read from the cache once a request
(``core.pagecache.current_generation``): what a page keeps by generation, its
count and the registry's reference lists, then costs it no round trip of
its own but the count's, and the page sees one generation throughout."""

from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import reverse

from core import pagecache
from ngos import reference
from ngos.models import FocusArea
from tests.factories import NGOFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(settings):
    """A cache every process shares, pages not cached (as the bench's
    rendered pages, or a site that turned the page cache off)."""
    settings.SHARED_CACHE = True
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def cache_reads(monkeypatch):
    """The keys of every read from the cache, one list per round trip."""
    reads = []
    get, get_many = cache.get, cache.get_many

    def counted_get(key, *args, **kwargs):
        reads.append([key])
        return get(key, *args, **kwargs)

    def counted_get_many(keys, *args, **kwargs):
        reads.append(list(keys))
        return get_many(keys, *args, **kwargs)

    monkeypatch.setattr(cache, "get", counted_get)
    monkeypatch.setattr(cache, "get_many", counted_get_many)
    return reads


@contextmanager
def answering_a_request():
    """Between the signals a request sends, as the test client sends them
    (without closing the test's database connection)."""
    request_started.disconnect(close_old_connections)
    try:
        request_started.send(sender=None)
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        request_finished.send(sender=None)
        request_finished.connect(close_old_connections)


def test_a_filtered_directory_asks_the_cache_twice(shared, client, cache_reads):
    """The generation with the reference lists (kept in the worker's
    memory), then the count; the lists used to be two more round trips."""
    NGOFactory.create_batch(2, focus_areas=["education"])
    address = reverse("ngos:list") + "?focus=education&province=IR-23"
    client.get(address)
    cache_reads.clear()
    assert client.get(address).status_code == 200
    assert len(cache_reads) == 2
    assert cache_reads[0] == [pagecache.GENERATION_KEY]
    assert pagecache.GENERATION_KEY not in cache_reads[1]
    assert not {reference.KEYS[FocusArea]} & {
        key for read in cache_reads for key in read
    }


def test_in_a_request_the_first_read_holds(shared):
    with answering_a_request():
        first = pagecache.current_generation()
        cache.incr(pagecache.GENERATION_KEY)  # another process's change
        assert pagecache.current_generation() == first
        # A count kept meanwhile goes with the generation the page read.
        assert pagecache.read_with_generation("a-key")[0] == first
    assert pagecache.current_generation() == first + 1


def test_a_change_this_process_makes_is_read_at_once(shared):
    with answering_a_request():
        first = pagecache.current_generation()
        pagecache.invalidate()  # this process's own commit
        assert pagecache.current_generation() == first + 1


def test_outside_a_request_every_read_is_fresh(shared):
    first = pagecache.current_generation()
    cache.incr(pagecache.GENERATION_KEY)
    assert pagecache.current_generation() == first + 1
    assert pagecache.read_with_generation("a-key") == (first + 1, None)


def test_a_request_reads_afresh_whatever_the_one_before_read(shared):
    with answering_a_request():
        before = pagecache.current_generation()
    cache.incr(pagecache.GENERATION_KEY)
    with answering_a_request():
        assert pagecache.current_generation() == before + 1
