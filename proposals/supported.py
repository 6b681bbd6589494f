"""What an app above adds to the cards of the public list of supported
proposals (``/proposals/supported/``).

The list belongs here; how a supported plan is delivered belongs to an app
above (``delivery``), which this one never imports. That app registers a
function that, given the page's proposals, sets on each what its card shows
beside the proposal's own fields: ``public_url`` (the plan's page, which the
title links to) and ``card_extra`` (HTML of its own, such as a progress
bar). It runs a fixed number of queries for the whole page.
"""

from collections.abc import Callable

_cards: list[Callable[[list], None]] = []


def register_card(add: Callable[[list], None]) -> None:
    if add not in _cards:
        _cards.append(add)


def add_to_cards(proposals: list) -> None:
    for add in _cards:
        add(proposals)
