"""What an app above adds to the cards of the public list of supported
proposals (``/proposals/supported/``).

The list belongs here; how a supported plan is delivered belongs to an app
above (``delivery``), which this one never imports. That app registers a
function that, given the page's proposals, sets on each what its card shows
beside the proposal's own fields: ``public_url`` (the plan's page, which the
title links to) and ``card_extra`` (HTML of its own, such as a progress
bar). It runs a fixed number of queries for the whole page. It may also
register where a supported plan's own page is (:func:`register_page`), for
what links to it outside the list (the open dataset of supported plans).
"""

from collections.abc import Callable

from django.core.cache import cache

from proposals.models import (
    STATUS_COUNTS_SECONDS,
    SUPPORTED_COUNT_KEY,
    Proposal,
)

_cards: list[Callable[[list], None]] = []
_page: list[Callable[[int], str]] = []


def register_card(add: Callable[[list], None]) -> None:
    if add not in _cards:
        _cards.append(add)


def add_to_cards(proposals: list) -> None:
    for add in _cards:
        add(proposals)


def register_page(url_for: Callable[[int], str]) -> None:
    """``url_for(pk)``: the path of the page of the supported proposal ``pk``."""
    _page[:] = [url_for]


def page_url(proposal) -> str | None:
    """The supported proposal's own page, or its card in the list when no
    app gives it a page of its own."""
    return _page[0](proposal.pk) if _page else proposal.get_public_url()


def supported_count() -> int:
    """How many proposals are supported, as the unfiltered list prints it:
    from the cache, counted when it has none. Any write of a proposal
    forgets it (``proposals.models.forget_status_counts``), as it forgets
    the admin's counts by status; counting 32,000 supported proposals on
    every view was a third of the list's database time."""
    count = cache.get(SUPPORTED_COUNT_KEY)
    if count is None:
        count = Proposal.objects.supported().count()
        cache.set(SUPPORTED_COUNT_KEY, count, STATUS_COUNTS_SECONDS)
    return count
