"""The directory's rows, written in Python.

The directory shows twenty NGOs a page; as template markup each row cost
a few hundred variable lookups and filter calls. ``{% directory_row ngo %}``
writes the markup the template wrote. A row asks for the page's language
once and passes it on: asked by every name, link and label, it was ten
lookups a row in Django's context-local translation state.
"""

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from core.html import escaped, format_html
from core.l10n import per_language
from core.templatetags.persian import in_language, lang_attrs, text_paragraph

register = template.Library()


@register.simple_tag
def directory_row(ngo):
    """An NGO of the directory: name linked to its profile, city and
    province, the start of its description, its focus areas (as
    ``ngos.reference.attach`` lists them)."""
    language = get_language()
    words = _words(language)
    name = ngo.display_name_in(language)
    return format_html(
        '<li class="card mb-3"><div class="card-body">'
        '<h2 class="h5 card-title mb-1"><a href="{}"{}>{}</a></h2>'
        '<p class="text-body-secondary small mb-2">{}</p>{}'
        '<ul class="list-inline mb-0" aria-label="{}">{}</ul></div></li>',
        ngo.get_absolute_url(language),
        lang_attrs(name, page=language),
        name,
        # The translation is ours; both values are escaped.
        mark_safe(  # noqa: S308
            words["place"]
            % {
                "city": in_language(ngo.city, page=language),
                "province": escaped(ngo.province.name_in(language)),
            }
        ),
        text_paragraph(ngo.description, 30, "card-text mb-2", page=language),
        words["focus_areas"],
        format_html_join(
            "",
            '<li class="list-inline-item badge text-bg-secondary fw-normal">{}</li>',
            ((area.name_in(language),) for area in ngo.focus_areas_listed),
        ),
    )


@per_language
def _words() -> dict[str, str]:
    """What every row says."""
    return {
        "place": gettext("%(city)s, %(province)s"),
        "focus_areas": gettext("Focus areas"),
    }
