"""The directory's rows, written in Python.

The directory shows twenty NGOs a page; as template markup each row cost
a few hundred variable lookups and filter calls. ``{% directory_row ngo %}``
writes the markup the template wrote.
"""

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from core.html import escaped, format_html
from core.templatetags.persian import in_language, lang_attrs, text_paragraph

register = template.Library()


@register.simple_tag
def directory_row(ngo):
    """An NGO of the directory: name linked to its profile, city and
    province, the start of its description, its focus areas (as
    ``ngos.reference.attach`` lists them)."""
    name = ngo.display_name
    return format_html(
        '<li class="card mb-3"><div class="card-body">'
        '<h2 class="h5 card-title mb-1"><a href="{}"{}>{}</a></h2>'
        '<p class="text-body-secondary small mb-2">{}</p>{}'
        '<ul class="list-inline mb-0" aria-label="{}">{}</ul></div></li>',
        ngo.get_absolute_url(),
        lang_attrs(name),
        name,
        # The translation is ours; both values are escaped.
        mark_safe(  # noqa: S308
            gettext("%(city)s, %(province)s")
            % {
                "city": in_language(ngo.city),
                "province": escaped(ngo.province.name),
            }
        ),
        text_paragraph(ngo.description, 30, "card-text mb-2"),
        gettext("Focus areas"),
        format_html_join(
            "",
            '<li class="list-inline-item badge text-bg-secondary fw-normal">{}</li>',
            ((area.name,) for area in ngo.focus_areas_listed),
        ),
    )
