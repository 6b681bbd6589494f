"""The people of a meeting's record, written in Python.

A meeting page names up to a hundred people (participants, absentees, the
speaker of every statement) with the same markup; as template includes they
were a fifth of the page's time. These tags write the markup the includes
wrote: ``{% person statement.speaker %}``, ``{% ngo_name ngo %}``.
"""

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext

from core.templatetags.persian import lang_attrs

register = template.Library()


def _span(text, css_class=""):
    return format_html(
        "<span{}{}>{}</span>",
        format_html(' class="{}"', css_class) if css_class else "",
        lang_attrs(text),
        text,
    )


@register.simple_tag
def ngo_name(ngo):
    """An NGO's name in the page's language, linked to its registry profile
    when the profile is public."""
    name = ngo.display_name
    if ngo.is_public:
        return format_html(
            '<a href="{}"{}>{}</a>',
            reverse("ngos:detail", args=[ngo.pk]),
            lang_attrs(name),
            name,
        )
    return _span(name)


@register.simple_tag
def person(person):
    """A participant or speaker: name, position, and NGO (linked as above) or
    affiliation, joined by the language's list separator."""
    if person is None:
        return ""
    parts = [_span(person.name, "fw-semibold")]
    if person.position:
        parts.append(_span(person.position))
    if person.ngo_id:
        parts.append(ngo_name(person.ngo))
    elif person.affiliation:
        parts.append(_span(person.affiliation))
    return mark_safe(conditional_escape(pgettext("list separator", ", ")).join(parts))
