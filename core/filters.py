"""The filters in force on a public list, shown as chips that remove them.

A list view passes the label of each filter in force, by query-string
parameter, to :func:`filter_chips`; ``templates/includes/_filter_chips.html``
shows the chips with a link that clears them all.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class FilterChip:
    #: The query-string parameter of the filter.
    name: str
    #: What the reader sees: the words searched, the province's name...
    label: str
    #: The same list without this filter, from its first page.
    remove_url: str


def filter_chips(request, labels: dict[str, str]) -> list[FilterChip]:
    """One chip for each filter in ``labels`` (parameter → label), in order;
    a filter whose label is empty is not in force and has no chip.

    Each chip links to the list at ``request.path`` with every other
    parameter of the query string kept, except the page number: without a
    filter the list is longer, and its page 3 is another page.
    """
    chips = []
    for name, label in labels.items():
        if not label:
            continue
        query = request.GET.copy()
        query.pop(name, None)
        query.pop("page", None)
        url = f"{request.path}?{query.urlencode()}" if query else request.path
        chips.append(FilterChip(name=name, label=str(label), remove_url=url))
    return chips
