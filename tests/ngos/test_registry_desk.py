"""The registry officers' desk on the admin's front page."""

import datetime

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from core import roles
from ngos.dashboard import registry_desk
from ngos.models import NGO, NGOChangeRequest
from tests.factories import NGOChangeRequestFactory, NGOFactory, StaffFactory

pytestmark = pytest.mark.django_db


def applied(days_ago, **kwargs):
    ngo = NGOFactory(status=NGO.Status.PENDING, **kwargs)
    NGO.objects.filter(pk=ngo.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return ngo


def asked(days_ago, **kwargs):
    change = NGOChangeRequestFactory(**kwargs)
    NGOChangeRequest.objects.filter(pk=change.pk).update(
        requested_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return change


def desk_of(client, user, language="fa"):
    client.force_login(user)
    with translation.override(language):
        html = client.get(reverse("admin:index")).content.decode()
    if "registry-desk" not in html:
        return None
    start = html.index("registry-desk")
    return html[start : html.index("</div>", start)]


def test_registry_officers_see_applications_oldest_first(client, registry_officer):
    newer = applied(3, name="سازمان تازه")
    older = applied(12, name="سازمان قدیمی")
    NGOFactory(name="سازمان تأییدشده")
    desk = desk_of(client, registry_officer)
    assert desk.index(older.name) < desk.index(newer.name)
    assert "سازمان تأییدشده" not in desk
    assert "۱۲ روز در انتظار" in desk
    assert reverse("admin:ngos_ngo_change", args=[older.pk]) in desk
    assert reverse("admin:ngos_ngo_changelist") + "?status__exact=pending" in desk


def test_registry_officers_see_change_requests_oldest_first(client, registry_officer):
    newer = asked(1, ngo=NGOFactory(name="درخواست تازه"))
    older = asked(7, ngo=NGOFactory(name="درخواست قدیمی"))
    decided = asked(20, ngo=NGOFactory(name="درخواست بررسی‌شده"))
    NGOChangeRequest.objects.filter(pk=decided.pk).update(
        status=NGOChangeRequest.Status.APPROVED
    )
    desk = desk_of(client, registry_officer)
    changes = desk[desk.index("تغییرهایی") :]
    assert changes.index("درخواست قدیمی") < changes.index("درخواست تازه")
    assert "درخواست بررسی‌شده" not in desk
    assert "۷ روز در انتظار" in changes
    assert reverse("admin:ngos_ngochangerequest_change", args=[older.pk]) in changes
    assert reverse("admin:ngos_ngochangerequest_change", args=[newer.pk]) in changes


def test_the_desk_reads_in_english_with_western_digits(client, registry_officer):
    applied(1, name="Bright Futures")
    applied(12)
    desk = desk_of(client, registry_officer, "en")
    assert "Applications awaiting verification" in desk
    assert "waiting 1 day)" in desk
    assert "waiting 12 days" in desk


def test_an_application_of_today_waits_since_today(client, registry_officer):
    applied(0, name="سازمان امروز")
    desk = desk_of(client, registry_officer)
    assert "سازمان امروز</bdi></a> (از امروز)" in desk


def test_an_empty_desk_says_so(client, registry_officer):
    desk = desk_of(client, registry_officer)
    assert "درخواست عضویتی در انتظار نیست" in desk
    assert "درخواست تغییری در انتظار نیست" in desk


@pytest.mark.parametrize(
    "groups", [[roles.REVIEWERS], [roles.MEETING_SECRETARIES], [roles.CALL_MANAGERS]]
)
def test_staff_who_keep_no_register_have_no_desk(client, groups):
    applied(3)
    assert desk_of(client, StaffFactory(groups=groups)) is None


def test_each_list_only_for_who_may_act_on_it(client):
    from django.contrib.auth.models import Permission

    officer = StaffFactory()
    officer.user_permissions.add(
        Permission.objects.get(codename="decide_change_request")
    )
    applied(3, name="سازمان منتظر")
    asked(2, ngo=NGOFactory(name="تغییر منتظر"))
    desk = desk_of(client, officer)
    assert "تغییر منتظر" in desk
    assert "سازمان منتظر" not in desk


@pytest.mark.parametrize("rows", [2, 20])
def test_the_desk_costs_two_queries(registry_officer, count_queries, rows):
    for i in range(rows):
        applied(i)
        asked(i)
    request = RequestFactory().get("/")
    request.user = registry_officer
    registry_officer.has_perm("ngos.verify_ngo")  # the permissions cached
    with count_queries() as queries:
        context = registry_desk(request)
    assert len(context["applications"]) == min(rows, 10)
    assert len(context["change_requests"]) == min(rows, 10)
    assert len(queries) == 2
