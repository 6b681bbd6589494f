"""The page links of a public list (``includes/_pagination.html``)."""

from django import template

register = template.Library()


@register.filter
def page_links(page):
    """The page numbers to link around ``page``: the first and last pages,
    the neighbours of this one, and an ellipsis between (Django's elided
    range, for this page: called from a template without the page's number
    it would always be page 1's, which leaves a page past the fourth out of
    its own links)."""
    return page.paginator.get_elided_page_range(page.number)
