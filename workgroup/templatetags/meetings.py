"""Meeting-record pieces that other apps' pages show.

The registry (``ngos``) must not import the meeting code, so its NGO profile
asks for the meetings an NGO attended through these tags::

    {% load meetings %}
    {% ngo_meetings ngo %}                       {# a ready-made section #}
    {% meetings_attended ngo as meetings %}      {# or the list, to lay out #}
"""

from django import template

from workgroup.models import Meeting

register = template.Library()


@register.simple_tag
def meetings_attended(ngo):
    """Held meetings with approved minutes that someone from ``ngo`` attended.

    Newest first; one query. Draft minutes are not public, so a meeting
    appears here only once its record is.
    """
    return list(
        Meeting.objects.with_public_minutes()
        .filter(participants__ngo=ngo, participants__attended=True)
        .distinct()
        .order_by("-starts_at", "-pk")
    )


@register.inclusion_tag("workgroup/includes/_ngo_meetings.html")
def ngo_meetings(ngo):
    """A section listing the meetings ``ngo`` attended (nothing when none)."""
    return {"ngo": ngo, "meetings": meetings_attended(ngo)}
