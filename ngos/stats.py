"""The registry's figures, registered with ``core.stats`` by ``NgosConfig``."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from core.stats import Figure, Headline, by_count
from ngos.models import NGO, Province


def ngos_by_province() -> list[tuple]:
    provinces = Province.objects.annotate(
        verified=Count("ngos", filter=Q(ngos__status=NGO.Status.VERIFIED))
    )
    return by_count([(province.name, province.verified) for province in provinces])


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
