"""The admin changelist's page links, in the active language's digits.

Django's own ``paginator_number`` prints ``17``; a Persian page should say
``۱۷``. The links and classes are Django's, so the admin's styles apply.
"""

from django import template
from django.contrib.admin.views.main import PAGE_VAR
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.l10n import localize_digits

register = template.Library()


@register.simple_tag
def page_link(cl, number):
    if number == cl.paginator.ELLIPSIS:
        return format_html("{} ", cl.paginator.ELLIPSIS)
    label = localize_digits(number)
    if number == cl.page_num:
        return format_html('<span class="this-page">{}</span> ', label)
    return format_html(
        '<a href="{}"{}>{}</a> ',
        cl.get_query_string({PAGE_VAR: number}),
        mark_safe(' class="end"') if number == cl.paginator.num_pages else "",
        label,
    )
