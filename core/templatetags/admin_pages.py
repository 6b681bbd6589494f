"""The admin changelist's page links, in the active language's digits; and
the rows of a read-only table inline.

Django's own ``paginator_number`` prints ``17``; a Persian page should say
``۱۷``. The links and classes are Django's, so the admin's styles apply.
"""

from django import template
from django.contrib.admin.utils import (
    display_for_field,
    display_for_value,
    label_for_field,
    lookup_field,
)
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import ObjectDoesNotExist
from django.utils.hashable import make_hashable
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


@register.simple_tag
def readonly_rows(inline_admin_formset):
    """The headings and rows of a ``ReadOnlyTableInline``: each row's cells
    as the admin would show them read-only, from the rows themselves.

    The field names are the inline's own after its Jalali swap (its
    fieldsets), so dates read ``۱۳۹۶/۱۰/۱۸ ۱۰:۰۰`` as elsewhere.
    """
    inline = inline_admin_formset.opts
    names = [
        name
        for _title, options in inline_admin_formset.fieldsets
        for name in options["fields"]
    ]
    empty = inline.get_empty_value_display()
    headings = [
        (name, label_for_field(name, inline.model, model_admin=inline))
        for name in names
    ]
    # A field's choices are looked up once, not once a cell.
    labels = {}
    rows = [
        [(name, _cell(obj, name, inline, empty, labels)) for name in names]
        for obj in inline_admin_formset.formset.get_queryset()
    ]
    return {"headings": headings, "rows": rows}


def _cell(obj, name, inline, empty, labels):
    # As django.contrib.admin.helpers.AdminReadonlyField.contents, without
    # the form and its templates.
    try:
        field, attr, value = lookup_field(name, obj, inline)
    except (AttributeError, ValueError, ObjectDoesNotExist):
        return empty
    if field is None:
        return display_for_value(value, empty, getattr(attr, "boolean", False))
    if field.is_relation:
        return empty if value is None else str(value)
    if field.flatchoices:
        if name not in labels:
            labels[name] = dict(make_hashable(field.flatchoices))
        return labels[name].get(make_hashable(value), empty)
    return display_for_field(value, field, empty)
