"""Public pages come from the cache for visitors who are not signed in, and
never once anything has changed or for anyone with a session."""

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from core import pagecache
from ngos.models import NGO
from tests.factories import MeetingFactory, NGOFactory, ProposalFactory

pytestmark = pytest.mark.django_db


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


def test_a_change_by_bulk_update_shows_after_any_write_request(client):
    """Queryset updates send no signal; the request that made them bumps."""
    NGOFactory(name="انجمن پیدا")
    assert "انجمن پیدا" in client.get(reverse("ngos:list")).content.decode()
    NGO.objects.update(status="suspended")
    # A POST the site answers, whatever it says, marks every page stale.
    client.post(reverse("login"), {"username": "nobody", "password": "wrong"})
    assert "انجمن پیدا" not in client.get(reverse("ngos:list")).content.decode()


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
