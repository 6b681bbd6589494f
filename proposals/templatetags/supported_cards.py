"""The cards of the public list of supported proposals, written in Python.

The list shows twenty cards; as template markup each cost two to three
milliseconds of variable lookups, filters and related managers, most of the
page's time. ``{% supported_card proposal %}`` writes the markup the
template wrote.
"""

from django import template
from django.utils.translation import gettext

from core import jalali
from core.html import format_html
from core.l10n import format_number, join_list, localize_digits
from core.templatetags.persian import lang_attrs, text_paragraph

register = template.Library()


def _money(label: str, amount) -> str:
    return format_html(
        '<p class="small mb-1">{}: {}</p>',
        label,
        gettext("%(amount)s rials") % {"amount": format_number(amount)},
    )


@register.simple_tag
def supported_card(proposal):
    """One supported proposal: title (linked to its page when it has one),
    NGO, reference and date of approval, summary, the amount, where and on
    what it works (as ``ngos.reference.attach`` lists them), and what an
    app above adds (``card_extra``)."""
    title = proposal.title
    if getattr(proposal, "public_url", None):
        heading = format_html('<a href="{}">{}</a>', proposal.public_url, title)
    else:
        heading = title
    ngo = proposal.ngo
    name = ngo.display_name
    if proposal.approved_amount:
        money = _money(gettext("Amount approved"), proposal.approved_amount)
    elif proposal.budget_rials:
        money = _money(gettext("Budget requested"), proposal.budget_rials)
    else:
        money = ""
    places = join_list(proposal.provinces_listed)
    areas = proposal.focus_areas_listed
    if areas:
        places = format_html("{} · {}", places, join_list(areas))
    return format_html(
        '<li class="card mb-3" id="proposal-{}"><div class="card-body">'
        '<h2 class="h5 card-title"{}>{}</h2>'
        '<p class="mb-2 small"><a href="{}"><bdi{}>{}</bdi></a>'
        ' · <span class="ltr">{}</span> · {} {}</p>'
        "{}{}"
        '<p class="small mb-0 text-body-secondary">{}</p>'
        "{}</div></li>",
        proposal.pk,
        lang_attrs(title),
        heading,
        ngo.get_absolute_url(),
        lang_attrs(name, "bdi"),
        name,
        localize_digits(proposal.reference) if proposal.reference else "",
        gettext("approved"),
        jalali.format_date(proposal.decided_at, weekday=False),
        text_paragraph(proposal.summary, 40, "card-text"),
        money,
        places,
        # Escaped unless marked safe, as ``{{ proposal.card_extra }}`` was.
        getattr(proposal, "card_extra", ""),
    )
