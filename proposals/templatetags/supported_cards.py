"""The cards of the public list of supported proposals, written in Python.

The list shows twenty cards; as template markup each cost two to three
milliseconds of variable lookups, filters and related managers, most of the
page's time. ``{% supported_card proposal %}`` writes the markup the
template wrote. A card asks for the page's language once and passes it on
(as ``ngos.templatetags.directory`` does).
"""

from django import template
from django.utils.translation import get_language, gettext

from core import jalali
from core.html import format_html
from core.l10n import format_number, join_list, localize_digits, per_language
from core.templatetags.persian import lang_attrs, text_paragraph

register = template.Library()


@per_language
def _words() -> dict[str, str]:
    """What every card says."""
    return {
        "approved": gettext("Amount approved"),
        "requested": gettext("Budget requested"),
        "rials": gettext("%(amount)s rials"),
        "approved_on": gettext("approved"),
    }


def _money(label: str, amount, words: dict, language: str) -> str:
    return format_html(
        '<p class="small mb-1">{}: {}</p>',
        label,
        words["rials"] % {"amount": format_number(amount, language)},
    )


@register.simple_tag
def supported_card(proposal):
    """One supported proposal: title (linked to its page when it has one),
    NGO, reference and date of approval, summary, the amount, where and on
    what it works (as ``ngos.reference.attach`` lists them), and what an
    app above adds (``card_extra``)."""
    language = get_language()
    words = _words(language)
    title = proposal.title
    if getattr(proposal, "public_url", None):
        heading = format_html('<a href="{}">{}</a>', proposal.public_url, title)
    else:
        heading = title
    ngo = proposal.ngo
    name = ngo.display_name_in(language)
    if proposal.approved_amount:
        money = _money(words["approved"], proposal.approved_amount, words, language)
    elif proposal.budget_rials:
        money = _money(words["requested"], proposal.budget_rials, words, language)
    else:
        money = ""
    places = join_list(
        (province.name_in(language) for province in proposal.provinces_listed),
        language,
    )
    areas = proposal.focus_areas_listed
    if areas:
        places = format_html(
            "{} · {}",
            places,
            join_list((area.name_in(language) for area in areas), language),
        )
    return format_html(
        '<li class="card mb-3" id="proposal-{}"><div class="card-body">'
        '<h2 class="h5 card-title"{}>{}</h2>'
        '<p class="mb-2 small"><a href="{}"><bdi{}>{}</bdi></a>'
        ' · <span class="ltr">{}</span> · {} {}</p>'
        "{}{}"
        '<p class="small mb-0 text-body-secondary">{}</p>'
        "{}</div></li>",
        proposal.pk,
        lang_attrs(title, page=language),
        heading,
        ngo.get_absolute_url(language),
        lang_attrs(name, "bdi", page=language),
        name,
        localize_digits(proposal.reference, language) if proposal.reference else "",
        words["approved_on"],
        jalali.format_date(proposal.decided_at, weekday=False, language=language),
        text_paragraph(proposal.summary, 40, "card-text", page=language),
        money,
        places,
        # Escaped unless marked safe, as ``{{ proposal.card_extra }}`` was.
        getattr(proposal, "card_extra", ""),
    )
