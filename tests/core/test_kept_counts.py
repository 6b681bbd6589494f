"""The directory's count kept between requests (``core.pagination.keep_count``):
read from a shared cache while public data is unchanged, counted again after
any change, never kept in a cache of one process."""

import re

import pytest
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import translation

from core import pagecache
from core.pagination import LargePaginator, keep_count, kept
from ngos import reference
from ngos.models import NGO
from tests.factories import NGOFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(settings):
    """A cache every process shares, pages not cached (as the bench's
    rendered pages, or a site that turned the page cache off)."""
    settings.SHARED_CACHE = True
    settings.PAGE_CACHE_SECONDS = 0


def found(client, query="") -> str:
    with translation.override("en"):
        page = client.get(reverse("ngos:list") + query).content.decode()
    return re.search(r'id="result-count">\s*([^<]*?)\s*<', page).group(1)


def count_statements(queries) -> int:
    """How many of ``queries`` are a paginator's count."""
    return sum('"__count"' in query["sql"] for query in queries)


def test_a_second_visit_reads_the_count_from_the_cache(shared, client, count_queries):
    NGOFactory.create_batch(3)
    reference.provinces(), reference.focus_areas()  # as on any later page
    with count_queries() as first:
        assert found(client) == "3 NGOs found"
    with count_queries() as second:
        assert found(client) == "3 NGOs found"
    assert count_statements(first) == 1
    assert count_statements(second) == 0
    assert len(second) == len(first) - 1


def test_each_search_and_filter_keeps_a_count_of_its_own(shared, client):
    NGOFactory(name="انجمن امید", focus_areas=["education"])
    NGOFactory(name="خانه مهر", focus_areas=["education"])
    NGOFactory(name="انجمن نور")
    assert found(client, "?q=انجمن") == "2 NGOs found"
    assert found(client, "?focus=education") == "2 NGOs found"
    assert found(client, "?q=انجمن&focus=education") == "1 NGO found"
    assert found(client) == "3 NGOs found"
    assert found(client, "?q=انجمن") == "2 NGOs found"


@pytest.mark.usefixtures("migration_data")  # each write commits
def test_a_change_of_public_data_counts_again(shared, client):
    NGOFactory.create_batch(2)
    assert found(client) == "2 NGOs found"
    NGOFactory()
    assert found(client) == "3 NGOs found"
    NGO.objects.filter(pk=NGO.objects.first().pk).update(status=NGO.Status.SUSPENDED)
    assert found(client) == "2 NGOs found"


def test_a_count_kept_before_a_change_is_not_read_after_it(shared, client):
    """A change that commits while a page counts bumps the generation the
    count was kept with: the next page counts again."""
    NGOFactory.create_batch(2)
    assert found(client) == "2 NGOs found"
    NGOFactory()  # its commit's bump, by hand (the test's transaction stays open)
    pagecache.invalidate()
    assert found(client) == "3 NGOs found"


def test_without_a_shared_cache_every_page_counts(settings, client, count_queries):
    settings.SHARED_CACHE = False
    settings.PAGE_CACHE_SECONDS = 0
    NGOFactory.create_batch(2)
    found(client)
    with count_queries() as again:
        assert found(client) == "2 NGOs found"
    assert count_statements(again) == 1


def test_an_estimate_is_kept_as_an_estimate(shared):
    NGOFactory.create_batch(3)
    counted = LargePaginator(NGO.objects.order_by("pk"), 2)
    counted.__dict__["count"] = 5000
    counted.estimated = True
    keep_count(counted, "estimated list")
    again = keep_count(LargePaginator(NGO.objects.order_by("pk"), 2), "estimated list")
    assert (again.count, again.estimated) == (5000, True)
    assert again.num_pages == 2500
    plain = keep_count(Paginator(NGO.objects.order_by("pk"), 2), "plain list")
    assert plain.count == 3
    again = keep_count(Paginator(NGO.objects.order_by("pk"), 2), "plain list")
    assert (again.count, again.estimated) == (3, False)


def test_a_filtered_list_of_supported_proposals_keeps_its_count(
    shared, client, count_queries
):
    from proposals.models import Proposal, Status
    from tests.factories import ProposalFactory

    for _ in range(2):
        proposal = ProposalFactory()
        proposal.provinces.set(["IR-23"])
    Proposal.objects.update(status=Status.APPROVED, decided_at="2026-01-01T10:00Z")
    address = reverse("proposals:supported") + "?province=IR-23"
    with count_queries() as first:
        assert client.get(address).context["paginator"].count == 2
    with count_queries() as second:
        assert client.get(address).context["paginator"].count == 2
    assert count_statements(first) == 1
    assert count_statements(second) == 0


def test_kept_runs_the_count_once_a_generation(shared):
    calls = []

    def count():
        calls.append(1)
        return len(calls) * 10

    assert kept("a list", count) == 10
    assert kept("a list", count) == 10
    assert kept("another list", count) == 20
    pagecache.invalidate()
    assert kept("a list", count) == 30
    assert len(calls) == 3


def test_kept_counts_every_time_without_a_shared_cache(settings):
    settings.SHARED_CACHE = False
    settings.PAGE_CACHE_SECONDS = 0
    calls = []
    for _ in range(2):
        kept("a list", lambda: calls.append(1) or len(calls))
    assert len(calls) == 2
