"""Pagination: the public lists' pages, and the admin's paginator.

The public lists (the NGO directory, the meeting archive, the supported
proposals, an NGO's own proposals) take their page with
:class:`PaginationMixin` or :func:`paginate` and show its links with
``templates/includes/_pagination.html``. A page number past the end shows
the last page and one that is not a number shows the first, never an
error: links to page 9 outlive deleted rows.

The admin's changelists use :class:`LargePaginator`, which stays fast at a
national programme's size. Two costs of a plain Django page grow with the
table rather than the page:

* ``COUNT(*)`` over every matching row, only to print "98,214 proposals"
  and the number of the last page;
* ``OFFSET``, which makes the database build every row before the page,
  annotations and joins included, and then throw them away.

:class:`LargePaginator` counts exactly up to :attr:`~LargePaginator.exact_count_limit`
rows and beyond that takes PostgreSQL's planner estimate (the page then says
"about"); and it reads a page in two steps: first the primary keys of the
page's rows (a narrow query that an index on the ordering answers), then the
rows themselves with all their annotations, joins and prefetches, for those
keys only. A deep page therefore costs about what the first page costs: one
query more (the first page, with nothing to skip, is read in one).

The directory's search counts the same way and reads its ranked matches
with :class:`TieredPaginator`, rank by rank along indexes.

A public list whose count is the same for every visitor may keep it in the
shared cache until public data changes (:func:`keep_count`, :func:`kept`).
"""

import hashlib
import json
from collections.abc import Callable
from functools import cached_property
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import EmptyPage, Page, Paginator
from django.db import connections

from core import pagecache

T = TypeVar("T")

#: Rows on a page of a public list.
PAGE_SIZE = 20

#: Beyond this a page number is surely past the end (and its OFFSET could
#: overflow the database's integers): the last page is shown.
MAX_PAGE = 1_000_000


def paginate(request, object_list, per_page: int = PAGE_SIZE) -> Page:
    """The page of ``object_list`` that ``request`` asks for in ``?page=``.

    For function views; class-based lists use :class:`PaginationMixin`.
    """
    return Paginator(object_list, per_page).get_page(request.GET.get("page"))


class PaginationMixin:
    """For a public ``ListView``: :data:`PAGE_SIZE` rows a page, and a bad
    page number shows the nearest page instead of a 404."""

    paginate_by = PAGE_SIZE

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()


class LargePaginator(Paginator):
    """A paginator for querysets that may hold hundreds of thousands of rows."""

    #: Up to this many matching rows the count is exact.
    exact_count_limit = 1000
    #: The first page is read whole in one query (nothing to skip).
    first_page_whole = True

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        capped = queryset.order_by().values("pk")[: self.exact_count_limit + 1].count()
        if capped <= self.exact_count_limit:
            return capped
        estimate = planner_estimate(queryset)
        if estimate is None:
            return queryset.count()
        self.estimated = True
        # The planner may guess low; the count is at least what was seen.
        return max(estimate, capped)

    #: Whether :attr:`count` is the planner's estimate rather than exact.
    estimated = False

    def validate_number(self, number):
        try:
            return super().validate_number(number)
        except EmptyPage:
            if not self.estimated or not 1 <= int(number) <= MAX_PAGE:
                # Past any estimate's reach (and an OFFSET the database
                # would refuse): the last page, as past an exact count.
                raise
            # The planner may guess low: a page past the estimate may still
            # hold rows, and page() finds out.
            return int(number)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if bottom == 0 and self.first_page_whole:
            # Nothing to skip: one query, as Django's own first page.
            return self._get_page(list(self.object_list[: self.per_page]), 1, self)
        keys = self._keys(bottom)
        if self.estimated and len(keys) == self.per_page:
            # A full page past an estimate that undershot: there are at
            # least these rows, and perhaps more after them.
            seen = bottom + len(keys) + 1
            if seen > self.count:
                self.__dict__["count"] = seen
                self.__dict__.pop("num_pages", None)
        if self.estimated and len(keys) < self.per_page:
            # Past the real end of an estimate that overshot: a short page
            # is the last one and tells the exact count; an empty one
            # counts, and the real last page is shown instead.
            exact = bottom + len(keys) if keys else self.object_list.count()
            self._know_count(exact)
            if not keys and exact:
                number = self.num_pages
                bottom = (number - 1) * self.per_page
                keys = self._keys(bottom)
        rows = {row.pk: row for row in self.object_list.order_by().filter(pk__in=keys)}
        self.shown = number
        return self._get_page([rows[key] for key in keys if key in rows], number, self)

    def _keys(self, bottom: int) -> list:
        return list(
            self.object_list.values_list("pk", flat=True)[
                bottom : bottom + self.per_page
            ]
        )

    def _know_count(self, exact: int) -> None:
        self.__dict__["count"] = exact
        self.__dict__.pop("num_pages", None)
        self.estimated = False


class TieredPaginator(LargePaginator):
    """A search's pages, read tier by tier along indexes.

    A search that ranks its matches (the NGO directory's: the NGO of exactly
    that name, then those whose name starts with it, then the rest, each in
    name order) makes the database read and sort every match for any page
    when it orders by the rank: for a word in half the NGOs, every NGO. Its
    ``tiers`` (disjoint querysets, in rank order, each ordered by an index)
    are read instead, each only up to the end of the page, and the page is
    cut from them joined; its rows are then read by key. The count is
    :class:`LargePaginator`'s: exact up to :attr:`exact_count_limit`
    matches, the planner's estimate ("about") beyond.
    """

    first_page_whole = False
    # Twenty-five pages of a directory: past them nobody reads the exact
    # number, and counting a common word's first 1,000 matches cost more
    # than the page's own queries together.
    exact_count_limit = 500

    def __init__(self, object_list, per_page, *, tiers, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.tiers = tiers

    def _keys(self, bottom: int) -> list:
        end = bottom + self.per_page
        keys = []
        for tier in self.tiers:
            if len(keys) >= end:
                break
            keys += tier.values_list("pk", flat=True)[: end - len(keys)]
        return keys[bottom:end]


#: A kept count outlives no change of public data (see :func:`kept`); this
#: bounds what a write that bumps no generation leaves.
KEPT_COUNT_SECONDS = 600


def kept(name: str, count: Callable[[], T]) -> T:
    """What ``count()`` gives for ``name`` (a list and its filters, e.g.
    ``"ngos|province|focus|q"``), kept while public data is unchanged.

    The value goes with the public data's generation (``core.pagecache``),
    read before counting, so a change that commits meanwhile makes the next
    request count again. Only in a cache every server process shares (a
    change in one process could not reach another's value); otherwise
    ``count()`` runs every time. Counting the directory's NGOs of a
    province working on a focus area (two semi-joins over 10,000 NGOs) was
    4 ms of the database's time on each of its pages.
    """
    if not settings.SHARED_CACHE:
        return count()
    key = "pagination:count:" + hashlib.sha256(name.encode()).hexdigest()
    current, known = pagecache.read_with_generation(key)
    if known is not None and known[0] == current:
        return known[1]
    value = count()
    cache.set(key, (current, value), KEPT_COUNT_SECONDS)
    return value


def keep_count(paginator: Paginator, name: str) -> Paginator:
    """``paginator`` with its count (and whether it is an estimate) kept
    for ``name`` as :func:`kept` keeps it."""
    count, estimated = kept(
        name, lambda: (paginator.count, getattr(paginator, "estimated", False))
    )
    # Paginator.count is a cached property: this is its value.
    paginator.__dict__["count"] = count
    paginator.estimated = estimated
    return paginator


def planner_estimate(queryset) -> int | None:
    """PostgreSQL's estimate of how many rows ``queryset`` matches, or None.

    ``EXPLAIN`` plans the query without running it; the top node's row
    estimate comes from the table statistics that ANALYZE (and autovacuum)
    keep. Other databases give None and the caller counts.
    """
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        (plan,) = cursor.fetchone()
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])
