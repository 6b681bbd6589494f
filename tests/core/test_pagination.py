"""Pagination: the public lists' pages (a bad page number never fails, the
links keep the filters), and the admin's paginator (the same pages as
Django's, without COUNT(*) over a whole large table and without computing
the rows before a deep page)."""

import re
from functools import cached_property

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.generic import ListView

from core.pagination import (
    PAGE_SIZE,
    LargePaginator,
    PaginationMixin,
    TieredPaginator,
    paginate,
    planner_estimate,
)
from ngos.models import NGO
from tests.factories import NGOFactory

pytestmark = pytest.mark.django_db

# The public lists' pages -----------------------------------------------------

ROWS = list(range(1, 46))  # three pages: 20, 20 and 5 rows


class NumberList(PaginationMixin, ListView):
    queryset = ROWS
    template_name = "includes/_pagination.html"


def list_page(query=""):
    response = NumberList.as_view()(RequestFactory().get(f"/numbers/{query}"))
    return response.context_data["page_obj"], response.render().content.decode()


def test_a_public_list_shows_twenty_rows_a_page():
    page, _ = list_page("?page=2")
    assert PAGE_SIZE == 20
    assert (page.number, list(page)) == (2, ROWS[20:40])


@pytest.mark.parametrize("number", ["99", "-1", "0"])
def test_a_page_out_of_range_shows_the_last_page(number):
    page, _ = list_page(f"?page={number}")
    assert (page.number, list(page)) == (3, ROWS[40:])


@pytest.mark.parametrize("number", ["abc", "", "2.5", "۲²", "9" * 5000, "\x00"])
def test_a_page_number_that_is_not_a_number_shows_the_first_page(number):
    page, _ = list_page(f"?page={number}")
    assert page.number == 1


def test_a_function_view_pages_the_same_way():
    def page(query):
        return paginate(RequestFactory().get(f"/numbers/{query}"), ROWS)

    assert [page(q).number for q in ("", "?page=2", "?page=99", "?page=x")] == [
        1,
        2,
        3,
        1,
    ]


def test_page_links_keep_the_filters_and_mark_the_current_page():
    _, html = list_page("?q=%D9%85%D9%87%D8%B1&page=2")
    assert '<nav aria-label="صفحه‌ها" class="no-print">' in html
    assert 'href="?q=%D9%85%D9%87%D8%B1&amp;page=1" rel="prev">قبلی</a>' in html
    assert 'href="?q=%D9%85%D9%87%D8%B1&amp;page=3" rel="next">بعدی</a>' in html
    assert 'href="?q=%D9%85%D9%87%D8%B1&amp;page=2" aria-current="page">۲</a>' in html
    assert html.count('aria-current="page"') == 1


@pytest.mark.parametrize("number", [5, 10, 20])
def test_a_page_deep_in_a_long_list_is_among_its_own_links(number):
    """The links are the first and last pages and the current one's
    neighbours, whichever page is shown."""

    class Long(NumberList):
        queryset = list(range(1, 20 * PAGE_SIZE + 1))  # 20 pages

    response = Long.as_view()(RequestFactory().get(f"/numbers/?page={number}"))
    html = response.render().content.decode()
    links = [int(n) for n in re.findall(r'href="\?page=(\d+)"(?! rel)', html)]
    assert number in links and 1 in links and 20 in links
    assert {number - 1, number + 1} & set(range(1, 21)) <= set(links)
    assert f'href="?page={number}" aria-current="page">' in html


def test_page_numbers_follow_the_language():
    with translation.override("en"):
        _, html = list_page("?page=3")
    assert 'href="?page=3" aria-current="page">3</a>' in html
    assert 'rel="next"' not in html


def test_a_list_of_one_page_has_no_page_links():
    class Short(NumberList):
        queryset = ROWS[:PAGE_SIZE]

    response = Short.as_view()(RequestFactory().get("/numbers/?page=7"))
    assert response.context_data["page_obj"].number == 1
    assert response.render().content.decode().strip() == ""


# The admin's paginator -------------------------------------------------------

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the estimate is PostgreSQL's"
)


@pytest.fixture
def ngos():
    return NGOFactory.create_batch(23)


def ordered():
    return NGO.objects.select_related("province").order_by("-created_at", "-pk")


def test_every_page_holds_what_django_s_paginator_gives(ngos):
    plain, large = Paginator(ordered(), 5), LargePaginator(ordered(), 5)
    assert large.count == plain.count == 23
    assert large.num_pages == plain.num_pages == 5
    for number in plain.page_range:
        assert list(large.page(number)) == list(plain.page(number))
        assert large.page(number).has_next() == plain.page(number).has_next()


# A search's pages: read rank by rank ------------------------------------------


@pytest.fixture
def named():
    """NGOs of every rank for a search for مهر: the exact name, names that
    start with it, names that hold it further on; and one that does not."""
    for name in ["مهر", "مهر", "مهر تابان", "مهرآفرین", "مهر بانو"]:
        NGOFactory(name=name)
    for n in range(9):
        NGOFactory(name=f"کانون مهر {n}")
    NGOFactory(name="آشیانه", city="مهر")  # in its search key, not its name
    NGOFactory(name="خانه امید")
    return NGO.objects.search("مهر")


def tiered(searched, per_page=4):
    return TieredPaginator(searched, per_page, tiers=searched.search_tiers("مهر"))


def test_the_tiers_split_the_matches_by_rank_in_name_order(named):
    exact, start, rest = named.search_tiers("مهر")
    assert list(exact) == list(named.filter(rank=2))
    assert list(start) == list(named.filter(rank=1))
    assert list(rest) == list(named.filter(rank=0))
    assert (len(exact), len(start), len(rest)) == (2, 3, 10)
    assert [*exact, *start, *rest] == list(named)


def test_a_search_without_terms_is_one_tier():
    everything = NGO.objects.search("  ")
    assert [list(tier) for tier in everything.search_tiers("  ")] == [
        list(everything.order_by("sort_name", "pk"))
    ]


@pytest.mark.parametrize(
    "number", ["1", "2", "3", "4", "5", "0", "-3", "x", None, "9" * 19, "9" * 5000]
)
def test_a_search_page_holds_what_the_ranked_order_gives(named, number):
    """Every page, in range or not, as Django's paginator over the matches
    ordered by rank would show it."""
    plain, paginator = Paginator(named, 4), tiered(named)
    page, expected = paginator.get_page(number), plain.get_page(number)
    assert (page.number, list(page)) == (expected.number, list(expected))
    assert (paginator.count, paginator.num_pages) == (15, 4)
    assert page.has_next() == expected.has_next()


def test_a_search_page_reads_each_rank_only_to_the_page_s_end(named, count_queries):
    """No query sorts every match: each rank is read as far as the page
    needs (a page wholly in the first rank reads no other), the count stops
    past the exact limit, and the rows are read by key."""
    paginator = tiered(named, per_page=2)
    paginator.count  # noqa: B018  (counted first, as the view does)
    with count_queries() as first:
        assert [ngo.name for ngo in paginator.page(1)] == ["مهر", "مهر"]
    keys, rows = (query["sql"].upper() for query in first)
    assert "LIMIT 2" in keys and "CASE" not in keys and "OFFSET" not in keys
    assert " IN (" in rows and "LIMIT" not in rows
    with count_queries() as third:
        list(paginator.page(3))
    assert len(third) == 4  # the three ranks' keys up to row 6, the rows
    with count_queries() as counted:
        tiered(named).count  # noqa: B018
    assert "LIMIT 501" in counted[0]["sql"]


def test_a_search_with_no_match_shows_an_empty_first_page(named):
    nothing = NGO.objects.search("زیتون")
    paginator = TieredPaginator(nothing, 4, tiers=nothing.search_tiers("زیتون"))
    page = paginator.get_page("3")
    assert (page.number, list(page), paginator.count) == (1, [], 0)


class OvershootingSearch(TieredPaginator):
    exact_count_limit = 5

    @cached_property
    def count(self) -> int:
        self.estimated = True
        return 40


@pytest.mark.parametrize("number", ["8", "9" * 19, str(10**7)])
def test_a_search_page_past_an_estimate_shows_the_real_last_page(named, number):
    """Far past an estimate too: never an OFFSET the database refuses."""
    paginator = OvershootingSearch(named, 4, tiers=named.search_tiers("مهر"))
    page = paginator.get_page(number)
    assert (page.number, list(page)) == (4, list(Paginator(named, 4).page(4)))
    assert (paginator.count, paginator.estimated) == (15, False)


def test_the_directory_s_search_says_about_when_it_estimates(
    client, named, monkeypatch
):
    for n in range(10):
        NGOFactory(name=f"خانه مهر {n}")  # 25 matches: a full first page
    monkeypatch.setattr(TieredPaginator, "count", OvershootingSearch.count)
    page = client.get("/ngos/?q=مهر").content.decode()
    assert "حدود ۴۰ سازمان یافت شد" in page
    english = client.get("/en/ngos/?q=مهر").content.decode()
    assert "about 40 NGOs found" in english
    # The short last page tells the exact count.
    last = client.get("/ngos/?q=مهر&page=2").content.decode()
    assert re.search(r'id="result-count">\s*۲۵ سازمان یافت شد\s*<', last)


def test_the_directory_s_search_is_read_rank_by_rank(client, named, count_queries):
    client.get("/ngos/?q=مهر")  # the filters' lists come from the cache after
    with count_queries() as searched:
        response = client.get("/ngos/?q=مهر")
    assert response.context["paginator"].count == 15
    shown = [ngo.pk for ngo in response.context["ngos"]]
    assert shown == [ngo.pk for ngo in named]
    assert [ngo.name for ngo in response.context["ngos"]][:2] == ["مهر", "مهر"]
    # No query orders the matches by their rank.
    assert not any("CASE" in q["sql"] and "ORDER BY" in q["sql"] for q in searched)


def test_a_deep_page_costs_one_query_more_than_the_first(ngos, count_queries):
    """The first page, like a list of one page, is read in one query."""
    paginator = LargePaginator(ordered(), 5)
    paginator.count  # noqa: B018  (counted once, like the changelist does)
    with count_queries() as first:
        list(paginator.page(1))
    with count_queries() as deep:
        list(paginator.page(5))
    assert (len(first), len(deep)) == (1, 2)


def test_a_deep_page_reads_only_its_own_rows(ngos, count_queries):
    """The rows' query names the page's keys; only the key query skips."""
    paginator = LargePaginator(ordered(), 5)
    paginator.count  # noqa: B018
    with count_queries() as queries:
        page = list(paginator.page(4))
    keys_query, rows_query = (query["sql"] for query in queries.captured_queries)
    assert "OFFSET 15" in keys_query
    assert "OFFSET" not in rows_query and "LIMIT" not in rows_query
    assert len(page) == 5


def test_up_to_the_limit_the_count_is_exact(ngos):
    paginator = LargePaginator(ordered(), 5)
    paginator.exact_count_limit = 23
    assert paginator.count == 23
    assert not paginator.estimated


def test_beyond_the_limit_other_databases_count(ngos):
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL estimates instead")
    paginator = LargePaginator(ordered(), 5)
    paginator.exact_count_limit = 10
    assert paginator.count == 23
    assert not paginator.estimated


@on_postgresql
def test_beyond_the_limit_postgresql_estimates(ngos):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE ngos_ngo")
    paginator = LargePaginator(ordered(), 5)
    paginator.exact_count_limit = 10
    assert paginator.estimated is False
    # Never less than what the capped count saw.
    assert paginator.count >= 11
    assert paginator.estimated
    assert planner_estimate(NGO.objects.all()) > 0


@on_postgresql
def test_the_admin_says_about_before_an_estimate(client, superuser, ngos, monkeypatch):
    monkeypatch.setattr(LargePaginator, "exact_count_limit", 10)
    client.force_login(superuser)
    page = client.get(reverse("admin:ngos_ngo_changelist")).content.decode()
    assert "حدود" in page


def test_admin_page_links_and_count_are_in_persian_digits(client, superuser):
    NGOFactory.create_batch(30)
    client.force_login(superuser)
    page = client.get(reverse("admin:ngos_ngo_changelist")).content.decode()
    assert '<span class="this-page">۱</span>' in page
    assert 'class="end">۲</a>' in page
    assert "۳۰" in page
    second = client.get(reverse("admin:ngos_ngo_changelist"), {"p": 2})
    assert second.status_code == 200
    assert second.content.decode().count('name="_selected_action"') == 5


def test_admin_page_links_are_in_english_digits_in_english(client, superuser):
    NGOFactory.create_batch(30)
    client.force_login(superuser)
    page = client.get("/en/admin/ngos/ngo/").content.decode()
    assert 'class="end">2</a>' in page


@pytest.mark.parametrize("column", range(1, 10))
@pytest.mark.parametrize("descending", [False, True])
def test_every_proposal_column_sorts_under_every_filter(
    client, superuser, column, descending
):
    """Keys first, rows second must hold whatever the order and the joins."""
    from ngos.models import FocusArea
    from tests.factories import ProposalFactory

    area = FocusArea.objects.first()
    submitted = []
    for _ in range(3):
        proposal = ProposalFactory(provinces=["IR-23", "IR-07"])
        proposal.submitted_at = proposal.last_submitted_at = proposal.created_at
        proposal.status = "submitted"
        proposal.save()
        submitted.append(proposal)
    client.force_login(superuser)
    order = f"-{column}" if descending else str(column)
    for filters in ({}, {"focus": area.code}, {"province": "IR-23"}, {"q": "طرح"}):
        response = client.get(
            reverse("admin:proposals_proposal_changelist"), {"o": order, **filters}
        )
        assert response.status_code == 200
        shown = response.content.decode().count('name="_selected_action"')
        assert shown == len(submitted), (order, filters)


class Overshooting(LargePaginator):
    """An estimate above the real count, as PostgreSQL's planner may give."""

    exact_count_limit = 10

    @cached_property
    def count(self) -> int:
        self.estimated = True
        return 40


def test_a_page_past_an_overshooting_estimate_shows_the_real_last_page(ngos):
    paginator = Overshooting(ordered(), 5)
    assert paginator.num_pages == 8
    page = paginator.page(7)  # 23 rows really: pages 1 to 5
    assert page.number == 5
    assert list(page) == list(Paginator(ordered(), 5).page(5))
    assert (paginator.count, paginator.num_pages) == (23, 5)
    assert not paginator.estimated
    assert not page.has_next()


def test_a_short_page_tells_the_exact_count(ngos):
    paginator = Overshooting(ordered(), 5)
    page = paginator.page(5)
    assert len(page) == 3
    assert (paginator.count, paginator.num_pages) == (23, 5)
    assert not page.has_next()


def test_the_admin_never_shows_pages_past_the_real_end(
    client, superuser, ngos, monkeypatch
):
    from django.contrib import admin

    ngo_admin = admin.site._registry[NGO]
    monkeypatch.setattr(ngo_admin, "paginator", Overshooting)
    monkeypatch.setattr(ngo_admin, "list_per_page", 5)
    client.force_login(superuser)
    response = client.get(reverse("admin:ngos_ngo_changelist"), {"p": 7})
    assert response.status_code == 200
    page = response.content.decode()
    # 23 NGOs, 5 a page: page 7 of the estimate's 8 is past the end; the
    # real last page (5, three rows) is shown, counted exactly.
    assert page.count('name="_selected_action"') == 3
    assert '<span class="this-page">۵</span>' in page
    assert "۲۳" in page
    assert "حدود" not in page
    assert ">۶<" not in page and ">۸<" not in page


class Undershooting(LargePaginator):
    """An estimate below the real count, as PostgreSQL's planner may give
    (seen at 100,000 proposals: the last page was past the estimate)."""

    exact_count_limit = 10

    @cached_property
    def count(self) -> int:
        self.estimated = True
        return 12


def test_a_page_past_an_undershooting_estimate_holds_its_rows(ngos):
    paginator = Undershooting(ordered(), 5)
    assert paginator.num_pages == 3
    page = paginator.page(4)  # 23 rows really: pages 1 to 5
    assert page.number == 4
    assert list(page) == list(Paginator(ordered(), 5).page(4))
    # At least one row more than seen, so the next page is offered.
    assert paginator.count == 21 and page.has_next()
    last = paginator.page(5)
    assert list(last) == list(Paginator(ordered(), 5).page(5))
    assert (paginator.count, paginator.num_pages) == (23, 5)
    assert not last.has_next()


def test_a_page_past_an_undershooting_estimate_and_the_real_end_shows_the_last(
    ngos,
):
    paginator = Undershooting(ordered(), 5)
    page = paginator.page(9)
    assert page.number == 5
    assert list(page) == list(Paginator(ordered(), 5).page(5))


def test_the_admin_shows_the_real_last_page_past_an_estimate_that_undershot(
    client, superuser, ngos, monkeypatch
):
    from django.contrib import admin

    ngo_admin = admin.site._registry[NGO]
    monkeypatch.setattr(ngo_admin, "paginator", Undershooting)
    monkeypatch.setattr(ngo_admin, "list_per_page", 5)
    client.force_login(superuser)
    response = client.get(reverse("admin:ngos_ngo_changelist"), {"p": 5})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('name="_selected_action"') == 3
    assert '<span class="this-page">۵</span>' in page
    assert "۲۳" in page
