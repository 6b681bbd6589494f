"""The registry as open data (``/data/ngos.csv``, ``.json``): which public
fields, in which order, and why.

Only verified NGOs, with what their public page shows: the organisation's
own address, phone and e-mail, never its representatives'. The dataset is
registered from ``NgosConfig.ready()`` (see :mod:`core.opendata`).
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.opendata import CODES, DATE_TIME, Dataset, Field, moment
from ngos.models import NGO

FIELDS = [
    Field(
        "id",
        _("integer"),
        _("the NGO's number in the registry; its page is /ngos/<id>/"),
    ),
    Field("name", _("text"), _("name in Persian")),
    Field("name_en", _("text"), _("name in English, if given")),
    Field("national_id", _("text (11 digits)"), _("national ID of the legal entity")),
    Field(
        "registration_number",
        _("text"),
        _("registration number at the licensing authority"),
    ),
    Field(
        "registration_date", _("date (YYYY-MM-DD)"), _("registration date, Gregorian")
    ),
    Field(
        "licensing_authority",
        _("code"),
        _("who licensed the NGO: interior, governorate, welfare, youth or other"),
    ),
    Field("founding_year", _("integer"), _("founding year, Jalali")),
    Field("province", _("code (ISO 3166-2:IR)"), _("province of the NGO's seat")),
    Field("province_name", _("text"), _("name of that province in Persian")),
    Field("city", _("text"), _("city of the NGO's seat")),
    Field("address", _("text"), _("postal address")),
    Field("postal_code", _("text (10 digits)"), _("postal code")),
    Field("phone", _("text"), _("phone number with area code")),
    Field("email", _("text"), _("public e-mail address")),
    Field("website", _("URL"), _("website")),
    Field("description", _("text"), _("what the NGO does, in its own words")),
    Field("focus_areas", CODES, _("what the NGO works on")),
    Field("provinces_served", CODES, _("provinces where it works")),
    Field(
        "households_served",
        _("integer"),
        _("female-headed households served in the last year"),
    ),
    Field(
        "verified_at",
        DATE_TIME,
        _("when the registry office verified the NGO"),
    ),
    Field("url", _("URL path"), _("the NGO's public page on this site")),
]


def public_rows():
    """One tuple per verified NGO, in the order of :data:`FIELDS`."""
    ngos = (
        NGO.objects.public()
        .select_related("province")
        .prefetch_related("focus_areas", "provinces_served")
        .order_by("pk")
    )
    for ngo in ngos.iterator(chunk_size=500):
        yield (
            ngo.pk,
            ngo.name,
            ngo.name_en,
            ngo.national_id,
            ngo.registration_number,
            ngo.registration_date.isoformat() if ngo.registration_date else "",
            ngo.licensing_authority,
            ngo.founding_year,
            ngo.province_id,
            ngo.province.name_fa,
            ngo.city,
            ngo.address,
            ngo.postal_code,
            ngo.phone,
            ngo.email,
            ngo.website,
            ngo.description,
            [area.code for area in ngo.focus_areas.all()],
            [province.code for province in ngo.provinces_served.all()],
            ngo.households_served,
            moment(ngo.verified_at),
            reverse("ngos:detail", args=[ngo.pk]),
        )


DATASET = Dataset(
    slug="ngos",
    order=10,
    title=_("NGOs"),
    description=_("The public fields of every verified NGO in the registry."),
    fields=tuple(FIELDS),
    rows=public_rows,
    count=lambda: NGO.objects.public().count(),
)
