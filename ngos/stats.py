"""The registry's figures, registered with ``core.stats`` by ``NgosConfig``."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.l10n import format_number
from core.stats import Figure, Headline
from ngos.models import NGO, Province


def other_provinces(count: int) -> str:
    """The row that stands for the provinces with nothing to count."""
    return ngettext(
        "%(count)s other province: none",
        "%(count)s other provinces: none",
        count,
    ) % {"count": format_number(count)}


def other_focus_areas(count: int) -> str:
    return ngettext(
        "%(count)s other focus area: none",
        "%(count)s other focus areas: none",
        count,
    ) % {"count": format_number(count)}


def ngos_by_province() -> list[tuple]:
    provinces = Province.objects.annotate(
        verified=Count("ngos", filter=Q(ngos__status=NGO.Status.VERIFIED))
    )
    # The province itself is the label: its str() follows the language.
    return [(province, province.verified) for province in provinces]


def verified_ngos() -> int:
    return NGO.objects.public().count()


FIGURES = [
    Figure(
        slug="ngos-by-province",
        order=10,
        title=_("NGOs by province"),
        description=_(
            "Verified NGOs in the registry, by the province of their seat, most first."
        ),
        columns=(_("Province"), _("Verified NGOs")),
        rows=ngos_by_province,
        empty=_("No NGO has been verified yet."),
        ranked=True,
        others=other_provinces,
    ),
]

HEADLINES = [
    Headline(
        slug="verified-ngos",
        order=10,
        label=_("verified NGOs"),
        count=verified_ngos,
        url_name="ngos:list",
    ),
]
