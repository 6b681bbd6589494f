"""Parts of the public lists: the page links (``includes/_pagination.html``)
and the options of their filters."""

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from core.html import format_html

register = template.Library()


@register.filter
def page_links(page):
    """The page numbers to link around ``page``: the first and last pages,
    the neighbours of this one, and an ellipsis between (Django's elided
    range, for this page: called from a template without the page's number
    it would always be page 1's, which leaves a page past the fourth out of
    its own links)."""
    return page.paginator.get_elided_page_range(page.number)


@register.simple_tag
def code_options(choices, selected):
    """The ``<option>`` of each province or focus area (``.code``,
    ``.name_in(language)``) of a list's filter, the ``selected`` code
    marked: 31 provinces written by a template loop were a tenth of the
    directory's time."""
    language = get_language()
    return SafeString(
        "".join(
            format_html(
                '<option value="{}"{}>{}</option>',
                choice.code,
                SafeString(" selected" if choice.code == selected else ""),
                choice.name_in(language),
            )
            for choice in choices
        )
    )
