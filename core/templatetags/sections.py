"""``{% sections "place" obj %}``: what upper apps show on a lower app's page.

See :mod:`core.sections`.
"""

from django import template
from django.utils.safestring import mark_safe

from core import sections as registry

register = template.Library()


@register.simple_tag(takes_context=True)
def sections(context, place, obj=None):
    return mark_safe(
        registry.render(place, obj, request=context.get("request"), context=context)
    )
