"""The admin changelist's page links, in the active language's digits; the
rows of a read-only table inline; and the list of applications and models.

Django's own ``paginator_number`` prints ``17``; a Persian page should say
``۱۷``. The links and classes are Django's, so the admin's styles apply.
"""

from urllib.parse import quote

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
from django.utils.translation import gettext

from core import html
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


@register.simple_tag(takes_context=True)
def app_list(context, apps, show_changelinks):
    """Django's ``admin/app_list.html`` (the index's list of models and the
    sidebar on every admin page), the same markup written in Python.

    As a template it was about a tenth of each admin page's time (a
    changelist 46 ms in process, 3 ms of it this list, drawn for the
    sidebar); ``tests/core/test_admin_app_list.py`` compares the two for the
    same applications, current page and permissions.
    """
    if not apps:
        return html.format_html(
            "<p>{}</p>", gettext("You don’t have permission to view or edit anything.")
        )
    # Django's template asks ``url in request.path|urlencode``.
    path = quote(context["request"].path, safe="/")
    add, view, change = gettext("Add"), gettext("View"), gettext("Change")
    parts = []
    for app in apps:
        label = app["app_label"]
        parts.append(
            html.format_html(
                '<div class="app-{}{}"><table><caption>'
                '<a href="{}" class="section" title="{}">{}</a></caption>'
                '<thead class="visually-hidden"><tr><th scope="col">{}</th>'
                '<th scope="col">{}</th><th scope="col">{}</th></tr></thead>',
                label,
                " module current-app" if app["app_url"] in path else " module",
                app["app_url"],
                mark_safe(  # noqa: S308 - the name escaped, as blocktranslate does
                    gettext("Models in the %(name)s application")
                    % {"name": html.escaped(app["name"])}
                ),
                app["name"],
                gettext("Model name"),
                gettext("Add link"),
                gettext("Change or view list link"),
            )
        )
        for model in app["models"]:
            row_id = f"{label}-{model['object_name'].lower()}"
            url = model.get("admin_url")
            current = bool(url) and url in path
            if url:
                name = html.format_html(
                    '<a href="{}"{}>{}</a>',
                    url,
                    mark_safe(' aria-current="page"') if current else "",
                    model["name"],
                )
            else:
                name = html.escaped(model["name"])
            cells = [
                html.format_html(
                    '<tr class="model-{}{}"><th scope="row" id="{}">{}</th>',
                    model["object_name"].lower(),
                    " current-model" if current else "",
                    row_id,
                    name,
                )
            ]
            if model.get("add_url"):
                cells.append(
                    html.format_html(
                        '<td><a href="{}" class="addlink" aria-describedby="{}">'
                        "{}</a></td>",
                        model["add_url"],
                        row_id,
                        add,
                    )
                )
            else:
                cells.append("<td></td>")
            if url and show_changelinks:
                view_only = model.get("view_only")
                cells.append(
                    html.format_html(
                        '<td><a href="{}" class="{}" aria-describedby="{}">{}</a></td>',
                        url,
                        "viewlink" if view_only else "changelink",
                        row_id,
                        view if view_only else change,
                    )
                )
            elif show_changelinks:
                cells.append("<td></td>")
            cells.append("</tr>")
            parts.append("".join(cells))
        parts.append("</table></div>")
    return mark_safe("".join(parts))  # noqa: S308 - every part escaped above
