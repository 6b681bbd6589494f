"""Query counts of the NGO registry's pages (the directory, profiles,
registration, the application status) and of its admin pages: as many
queries with many rows as with few (see :mod:`tests.query_counts`; the open
data downloads are measured in ``tests/core/test_opendata.py``).
"""

import pytest
from django.urls import reverse

from ngos.models import NGO, FocusArea, NGOChangeRequest, NGOStatusChange, Province
from proposals.models import Status
from tests.factories import (
    NGOChangeRequestFactory,
    NGOFactory,
    RepresentativeFactory,
    StaffFactory,
)
from tests.query_counts import (
    Page,
    add_ngos,
    admin_change,
    admin_list,
    check_query_count,
    each,
    fixed,
    rep_ngo,
    sent,
    unmeasured_admin_pages,
)

pytestmark = pytest.mark.django_db

# The most queries each page may run, whatever the number of rows: today's
# count, rounded up a little. Raise one only with a reason.
CEILINGS = {
    "ngo list": 7,
    "ngo list, filtered": 7,
    # Its supported proposals' count is a query of its own, kept between
    # requests only in a shared cache (core.pagination.kept).
    "ngo profile": 8,
    "registration form": 4,
    # The NGO's page also lists its latest change requests (and their
    # provinces, by name).
    "application status": 10,
    "provinces": 7,
    "focus areas": 7,
    "ngos": 11,
    "ngos, filtered": 11,
    "representatives": 7,
    "province": 6,
    "focus area": 6,
    "ngo": 15,
    "ngo move page": 7,
    "representative": 9,
    "change requests": 7,
    "change request": 9,
    "change request move page": 7,
    "ngo export csv (admin)": 14,
    "ngo export xlsx (admin)": 14,
}


def grow_ngo(ngo, n):
    ngo.focus_areas.set(FocusArea.objects.all()[: 1 + n // 4])
    ngo.provinces_served.set(Province.objects.all()[:n])
    for _ in range(n):
        RepresentativeFactory(ngo=ngo)
        NGOStatusChange.objects.create(
            ngo=ngo,
            from_status=NGO.Status.VERIFIED,
            to_status=NGO.Status.VERIFIED,
            actor=StaffFactory(),
            reason="بررسی دوباره",
        )
        sent(ngo=ngo, status=Status.APPROVED)
        NGOChangeRequestFactory(
            ngo=ngo,
            status=NGOChangeRequest.Status.REJECTED,
            reason="شماره درست نیست",
            provinces_served=Province.objects.all()[:n],
        )


def add_change_requests(n):
    for _ in range(n):
        NGOChangeRequestFactory(provinces_served=Province.objects.all()[:3])


def focus_area():
    number = FocusArea.objects.count()
    return FocusArea.objects.create(
        code=f"area-{number}", name_fa=f"حوزه {number}", name_en=f"area {number}"
    )


PUBLIC_PAGES = [
    Page("ngo list", fixed("/ngos/"), lambda s, n: add_ngos(n)),
    Page(
        "ngo list, filtered",
        fixed("/ngos/?province=IR-23&focus=economic-empowerment&q=سازمان"),
        lambda s, n: add_ngos(n),
    ),
    Page("ngo profile", lambda ngo: ngo.get_absolute_url(), grow_ngo, NGOFactory),
    Page("registration form", fixed("/ngos/register/"), lambda s, n: add_ngos(n)),
]

REPRESENTATIVE_PAGES = [
    Page(
        "application status",
        fixed("/ngos/application/"),
        lambda s, n: grow_ngo(rep_ngo(), n),
        who="rep_a",
    ),
]

ADMIN_PAGES = [
    # The 31 provinces come from a migration; their number is fixed.
    admin_list(
        "provinces",
        "ngos.province",
        lambda s, n: None,
        who="superuser",
        fixed_rows=True,
    ),
    admin_list(
        "focus areas",
        "ngos.focusarea",
        each(focus_area),
        who="superuser",
    ),
    admin_list("ngos", "ngos.ngo", lambda s, n: add_ngos(n), who="superuser"),
    Page(
        "ngos, filtered",
        fixed(
            reverse("admin:ngos_ngo_changelist")
            + "?status__exact=verified&province__code__exact=IR-23&q=سازمان"
        ),
        lambda s, n: add_ngos(n),
        who="superuser",
    ),
    admin_list(
        "representatives",
        "ngos.representative",
        lambda s, n: add_ngos(n),
        who="superuser",
    ),
    admin_change(
        "province",
        "ngos.province",
        lambda s, n: add_ngos(n),
        lambda: Province.objects.get(pk="IR-23"),
        who="superuser",
    ),
    admin_change(
        "focus area",
        "ngos.focusarea",
        lambda s, n: add_ngos(n),
        FocusArea.objects.first,
        who="superuser",
    ),
    admin_change("ngo", "ngos.ngo", grow_ngo, NGOFactory, who="superuser"),
    Page(
        "ngo move page",
        lambda ngo: reverse("admin:ngos_ngo_move", args=[ngo.pk, "suspend"]),
        grow_ngo,
        NGOFactory,
        who="superuser",
    ),
    admin_change(
        "representative",
        "ngos.representative",
        lambda rep, n: grow_ngo(rep.ngo, n),
        RepresentativeFactory,
        who="superuser",
    ),
    admin_list(
        "change requests",
        "ngos.ngochangerequest",
        lambda s, n: add_change_requests(n),
        who="superuser",
    ),
    admin_change(
        "change request",
        "ngos.ngochangerequest",
        lambda request, n: grow_ngo(request.ngo, n),
        NGOChangeRequestFactory,
        who="superuser",
    ),
    Page(
        "change request move page",
        lambda request: reverse(
            "admin:ngos_ngochangerequest_move", args=[request.pk, "reject"]
        ),
        lambda request, n: grow_ngo(request.ngo, n),
        NGOChangeRequestFactory,
        who="superuser",
    ),
    Page(
        "ngo export csv (admin)",
        fixed(reverse("admin:ngos_ngo_export", args=["csv"])),
        lambda s, n: add_ngos(n),
        who="superuser",
    ),
    Page(
        "ngo export xlsx (admin)",
        fixed(reverse("admin:ngos_ngo_export", args=["xlsx"])),
        lambda s, n: add_ngos(n),
        who="superuser",
    ),
]

PAGES = PUBLIC_PAGES + REPRESENTATIVE_PAGES + ADMIN_PAGES


def test_every_admin_list_and_change_page_is_measured():
    """A model registered in the admin later gets its pages measured too."""
    assert unmeasured_admin_pages(ADMIN_PAGES, {"ngos"}) == set()


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_query_count_does_not_grow_with_rows(page, signed_in, count_queries):
    check_query_count(page, signed_in(page.who), count_queries, CEILINGS[page.name])
