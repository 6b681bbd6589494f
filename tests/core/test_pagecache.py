"""Public pages come from the cache for visitors who are not signed in, and
never once anything they show has changed or for anyone with a session.

The cache is made stale when a transaction that changed public data commits,
so these tests run in real transactions (``migration_data``), not inside the
one transaction an ordinary test runs in.
"""

import threading

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse

from core import pagecache
from ngos.models import NGO
from proposals.models import Proposal
from tests.factories import (
    MeetingFactory,
    NGOChangeRequestFactory,
    NGOFactory,
    ProposalFactory,
)

pytestmark = pytest.mark.usefixtures("migration_data")


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60


PUBLIC_PAGES = [
    "home",
    "stats",
    "ngos:list",
    "data",
    "meetings:list",
    "proposals:supported",
]


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_a_second_visit_is_served_without_a_query(
    client, django_assert_num_queries, name
):
    first = client.get(reverse(name))
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get(reverse(name))
    assert second.status_code == 200
    assert second.content == first.content


def test_detail_pages_are_cached_per_address(client, django_assert_num_queries):
    one, two = NGOFactory(name="انجمن یکم"), NGOFactory(name="انجمن دوم")
    meeting = MeetingFactory()
    for url in (
        reverse("ngos:detail", args=[one.pk]),
        reverse("ngos:detail", args=[two.pk]),
        reverse("meetings:detail", args=[meeting.pk]),
    ):
        client.get(url)
    with django_assert_num_queries(0):
        assert (
            "انجمن دوم"
            in client.get(reverse("ngos:detail", args=[two.pk])).content.decode()
        )
        assert (
            "انجمن یکم"
            in client.get(reverse("ngos:detail", args=[one.pk])).content.decode()
        )


def test_query_strings_are_pages_of_their_own(client):
    NGOFactory(name="کانون مهر")
    NGOFactory(name="خانه امید")
    assert "کانون مهر" in client.get(reverse("ngos:list")).content.decode()
    found = client.get(reverse("ngos:list"), {"q": "امید"}).content.decode()
    assert "خانه امید" in found
    assert "کانون مهر" not in found


def test_each_language_has_its_own_copy(client):
    persian = client.get("/")
    english = client.get("/en/")
    assert persian["Content-Language"] == "fa"
    assert english["Content-Language"] == "en"
    assert client.get("/en/").content == english.content
    assert client.get("/").content == persian.content


@pytest.mark.parametrize("url", ["/ngos/", "/en/ngos/"])
def test_a_cached_page_is_answered_before_the_rest_of_the_middleware(client, url):
    """Once its language is known: no authentication, no CSRF, no two-step
    check for a copy shared by every anonymous visitor; the headers are the
    ones the rendered page got."""
    rendered = client.get(url)
    assert hasattr(rendered.wsgi_request, "user")  # rendered: all of it ran
    cached = client.get(url)
    assert not hasattr(cached.wsgi_request, "user")
    assert cached.content == rendered.content
    for header in (
        "Content-Language",
        "Content-Security-Policy",
        "Vary",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
    ):
        assert cached.get(header) == rendered.get(header), header


def test_a_cached_page_still_refuses_a_foreign_host(client):
    assert client.get("/ngos/").status_code == 200
    assert client.get("/ngos/").status_code == 200  # from the cache
    assert client.get("/ngos/", HTTP_HOST="attacker.example").status_code == 400


def test_a_long_address_is_resolved_but_not_remembered(client):
    from core.pagecache import _resolves_to_public_page

    _resolves_to_public_page.cache_clear()
    long = "/ngos/?q=" + "م" * 300
    client.get(long), client.get(long)  # the query string is not the path
    client.get("/" + "x" * 300)
    client.get("/ngos/")
    # One address kept: /ngos/ in Persian (a query string is not part of
    # the address); the long one is not.
    assert _resolves_to_public_page.cache_info().currsize == 1
    assert client.get("/" + "x" * 300).status_code == 404


def test_pages_that_are_not_marked_go_through_everything(client):
    for _ in range(2):
        response = client.get(reverse("ngos:register"))
        assert hasattr(response.wsgi_request, "user")


def test_a_saved_change_shows_at_once(client):
    ngo = NGOFactory(name="انجمن قدیم")
    assert "انجمن قدیم" in client.get(reverse("ngos:list")).content.decode()
    ngo.name = "انجمن نو"
    ngo.save()
    page = client.get(reverse("ngos:list")).content.decode()
    assert "انجمن نو" in page
    assert "انجمن قدیم" not in page


def test_a_meeting_saved_outside_a_request_shows_at_once(client):
    meeting = MeetingFactory(title="جلسه نخست", status="scheduled")
    assert "جلسه نخست" in client.get(reverse("meetings:list")).content.decode()
    meeting.title = "جلسه بازنگری‌شده"
    meeting.save()
    assert "جلسه بازنگری‌شده" in client.get(reverse("meetings:list")).content.decode()


def test_a_change_by_bulk_update_shows_at_once(client):
    """Queryset updates send no signal; the public querysets say so themselves."""
    NGOFactory(name="انجمن پیدا")
    assert "انجمن پیدا" in client.get(reverse("ngos:list")).content.decode()
    NGO.objects.update(status="suspended")
    assert "انجمن پیدا" not in client.get(reverse("ngos:list")).content.decode()


def test_requests_that_change_nothing_stale_nothing(client):
    """A refused sign-in, a POST refused by CSRF, a POST to no page: the
    cached copies stay (they used to be thrown away by any POST)."""
    client.get(reverse("ngos:list"))
    before = pagecache.generation()
    client.post(reverse("login"), {"username": "nobody", "password": "wrong"})
    csrf_client = type(client)(enforce_csrf_checks=True)
    assert csrf_client.post(reverse("ngos:list")).status_code == 403
    assert client.post("/no-such-page/").status_code == 404
    assert pagecache.generation() == before


def test_a_sign_in_stales_nothing(client, rep_a):
    client.get(reverse("home"))
    before = pagecache.generation()
    client.post(reverse("login"), {"username": rep_a.username, "password": "x"})
    client.force_login(rep_a)
    assert pagecache.generation() == before


def test_an_unsent_draft_and_private_rows_stale_nothing(rep_a):
    before = pagecache.generation()
    draft = ProposalFactory(ngo=rep_a.representative.ngo, status="draft")
    draft.title = "پیش‌نویس بازنویسی‌شده"
    draft.save()
    NGOChangeRequestFactory(ngo=draft.ngo, requested_by=rep_a)
    assert pagecache.generation() == before
    draft.submitted_at = draft.created_at
    draft.save()
    assert pagecache.generation() != before


def test_one_transaction_stales_once_and_only_when_it_commits():
    before = pagecache.generation()
    with transaction.atomic():
        for name in ("یک", "دو", "سه"):
            NGOFactory(name=f"انجمن {name}")
        assert pagecache.generation() == before
    assert pagecache.generation() == before + 1
    with pytest.raises(RuntimeError), transaction.atomic():
        NGOFactory(name="انجمن برگشتی")
        raise RuntimeError
    assert pagecache.generation() == before + 1


def test_a_page_rendered_before_a_commit_is_not_served_after_it(client):
    """The copy carries the generation it was rendered in."""
    ngo = NGOFactory(name="انجمن کهنه")
    client.get(reverse("ngos:list"))
    Proposal.objects.none().update(title="x")  # no rows: nothing changes
    NGO.objects.filter(pk=ngo.pk).update(name="انجمن تازه")
    assert "انجمن تازه" in client.get(reverse("ngos:list")).content.decode()


def test_a_stale_page_is_rendered_once_while_others_get_the_old_copy(
    client, count_queries
):
    ngo = NGOFactory(name="انجمن اول")
    client.get(reverse("ngos:list"))
    ngo.name = "انجمن دیگر"
    ngo.save()
    key = f"{pagecache._page_key_for('fa', reverse('ngos:list'))}:lock"
    cache.add(key, 1)  # another request is rendering the new copy
    with count_queries() as queries:
        stale = client.get(reverse("ngos:list")).content.decode()
    assert "انجمن اول" in stale
    assert len(queries) == 0
    cache.delete(key)
    assert "انجمن دیگر" in client.get(reverse("ngos:list")).content.decode()


def test_a_miss_waits_for_the_copy_being_rendered():
    """With no copy at all, the others wait for the one rendering it."""
    key = pagecache._page_key_for("fa", "/ngos/")
    cache.add(f"{key}:lock", 1)
    rendered = "صفحه‌ای که دیگری ساخت"
    timer = threading.Timer(0.2, lambda: cache.set(key, (1, rendered)))
    timer.start()
    assert pagecache._lookup(key)[0] == rendered
    timer.join()


def test_a_miss_renders_itself_when_the_other_takes_too_long(monkeypatch):
    monkeypatch.setattr(pagecache, "MISS_WAIT_SECONDS", 0.1)
    key = pagecache._page_key_for("fa", "/meetings/")
    cache.add(f"{key}:lock", 1)
    assert pagecache._lookup(key)[0] is None


def test_the_first_miss_takes_the_lock_and_its_response_frees_it(client):
    url = reverse("ngos:list")
    lock = f"{pagecache._page_key_for('fa', url)}:lock"
    client.get(url)
    assert cache.get(lock) is None
    generation, response = cache.get(pagecache._page_key_for("fa", url))
    assert generation == pagecache.generation()
    assert response.status_code == 200


def test_a_new_supported_proposal_appears(client):
    """Saved outside a request (as by a command): the save itself bumps."""
    client.get(reverse("proposals:supported"))
    ProposalFactory(title="طرح تازه توانمندسازی", status="approved")
    assert "طرح تازه توانمندسازی" in (
        client.get(reverse("proposals:supported")).content.decode()
    )


def test_a_signed_in_visitor_never_gets_the_shared_copy(client, rep_a):
    client.get(reverse("home"))
    client.force_login(rep_a)
    page = client.get(reverse("home")).content.decode()
    assert reverse("logout") in page


def test_a_signed_in_visit_is_not_stored_for_others(client, rep_a):
    client.force_login(rep_a)
    client.get(reverse("home"))
    client.logout()
    client.cookies.clear()
    assert reverse("logout") not in client.get(reverse("home")).content.decode()


def test_a_visitor_with_a_message_gets_a_page_of_their_own(client):
    """A message for one visitor is neither served from nor put in the cache."""
    client.get(reverse("home"))
    storage = CookieStorage(RequestFactory().get("/"))
    client.cookies["messages"] = storage._encode(
        [Message(constants.SUCCESS, "پیام ویژه شما")]
    )
    assert "پیام ویژه شما" in client.get(reverse("home")).content.decode()
    client.cookies.clear()
    assert "پیام ویژه شما" not in client.get(reverse("home")).content.decode()


def test_without_the_setting_nothing_is_cached(client, settings, count_queries):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(reverse("ngos:list"))
    with count_queries() as second:
        client.get(reverse("ngos:list"))
    assert len(second) > 0


def test_an_evicted_generation_never_brings_old_pages_back(client):
    NGOFactory(name="انجمن نخست")
    client.get(reverse("ngos:list"))
    old = pagecache.generation()
    cache.delete(pagecache.GENERATION_KEY)
    assert pagecache.generation() != old
