"""axe-core on every page people use, in Persian and in English: no violation.

Each test visits a group of pages in one language and collects axe's
findings per page, so a failure lists every page and rule at once; the
figures of every page land in artifacts/e2e/axe/.
"""

import re

import pytest

from meetings.models import ActionItem, Meeting
from ngos.models import NGO
from proposals.models import Proposal, Status
from tests.e2e.axe import Audit
from tests.factories import DEFAULT_PASSWORD

LANGUAGES = ["fa", "en"]


def prefixed(language, path):
    return path if language == "fa" else f"/en{path}"


@pytest.fixture
def audit(axe_page, request):
    audit = Audit(axe_page)
    yield audit
    audit.write_report(request.node.name)


def sign_in(page, language, username):
    page.goto(prefixed(language, "/accounts/login/"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/(proposals|ngos/application)/"))


def staff_sign_in(page, language, username):
    """Staff sign in on the admin's page (the public one refuses them)."""
    page.goto(prefixed(language, "/admin/login/"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def seed_meeting():
    return Meeting.objects.filter(minutes_status="approved").order_by("starts_at")[0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_have_no_axe_violations(audit, demo_data, language):
    ngo = NGO.objects.public().order_by("pk")[0]
    for path in [
        "/",
        "/ngos/",
        "/ngos/?q=هیچ‌سازمانی",
        f"/ngos/{ngo.pk}/",
        "/ngos/register/",
        "/data/",
        "/data/ngos/",
        "/meetings/",
        "/meetings/?year=1300",
        f"/meetings/{seed_meeting().pk}/",
        "/proposals/supported/",
        "/stats/",
        "/about/",
        "/contact/",
        "/privacy/",
        "/accounts/login/",
        "/accounts/password_reset/",
    ]:
        audit.visit(prefixed(language, path))
    audit.visit(prefixed(language, "/no-such-page/"), status=404)
    assert audit.found == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_forms_with_errors_have_no_axe_violations(audit, demo_data, language):
    page = audit.page
    page.goto(prefixed(language, "/ngos/register/"))
    page.locator("form.registration-form [type=submit]").click()
    page.locator("#form-errors").wait_for()
    audit.check(prefixed(language, "/ngos/register/") + " with errors")

    page.goto(prefixed(language, "/accounts/login/"))
    page.locator("#id_username").fill("nobody")
    page.locator("#id_password").fill("wrong")
    page.locator("main button[type=submit]").click()
    page.locator("#form-errors").wait_for()
    audit.check(prefixed(language, "/accounts/login/") + " with errors")
    assert audit.found == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_representative_pages_have_no_axe_violations(audit, demo_data, language):
    sign_in(audit.page, language, "rep_a")
    proposals = Proposal.objects.filter(ngo__representatives__user__username="rep_a")
    draft = proposals.filter(status=Status.DRAFT).first()
    submitted = proposals.exclude(status=Status.DRAFT).first()
    sent_back = proposals.filter(status=Status.CHANGES_REQUESTED).first()
    for path in [
        "/proposals/",
        "/proposals/new/",
        f"/proposals/{draft.pk}/",
        f"/proposals/{draft.pk}/edit/",
        f"/proposals/{draft.pk}/submit/",
        f"/proposals/{submitted.pk}/",
        f"/proposals/{sent_back.pk}/",
        f"/proposals/{sent_back.pk}/edit/",
        f"/proposals/{sent_back.pk}/submit/",
        "/ngos/application/",
        "/ngos/application/changes/new/",
    ]:
        audit.visit(prefixed(language, path))

    # Sending it back unchanged: the refusal, with the form kept.
    audit.page.goto(prefixed(language, f"/proposals/{sent_back.pk}/submit/"))
    audit.page.locator("#id_changes").fill("—")
    audit.page.locator(".resubmit-form button[type=submit]").click()
    audit.page.locator("#form-errors").wait_for()
    audit.check(prefixed(language, "/proposals/<pk>/submit/") + " with errors")

    audit.page.goto(prefixed(language, f"/proposals/{draft.pk}/edit/"))
    audit.page.locator("#id_title").fill("")
    audit.page.locator("button[name=submit]").click()
    audit.page.locator("#form-errors").wait_for()
    audit.check(prefixed(language, "/proposals/<pk>/edit/") + " with errors")
    assert audit.found == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_admin_pages_have_no_axe_violations(audit, demo_data, language):
    audit.visit(prefixed(language, "/admin/login/"))
    staff_sign_in(audit.page, language, "admin")
    proposal = Proposal.objects.filter(status=Status.UNDER_REVIEW).first()
    ngo = NGO.objects.filter(status="pending").first()
    meeting = seed_meeting()
    draft = Meeting.objects.filter(status="held", minutes_status="draft").first()
    action_item = ActionItem.objects.first()
    for path in [
        "/admin/",
        "/admin/proposals/proposal/",
        "/admin/proposals/proposal/?status__exact=submitted",
        f"/admin/proposals/proposal/{proposal.pk}/change/",
        f"/admin/proposals/proposal/{proposal.pk}/move/request_changes/",
        f"/admin/proposals/proposal/{proposal.pk}/move/start_review/",
        f"/admin/proposals/proposal/{proposal.pk}/assign/",
        f"/admin/proposals/proposal/{proposal.pk}/score/",
        f"/admin/proposals/proposal/{proposal.pk}/print/",
        f"/admin/proposals/proposal/{proposal.pk}/comment/",
        f"/admin/proposals/proposal/{proposal.pk}/history/",
        f"/admin/proposals/proposal/presented-at/{meeting.pk}/",
        "/admin/axes/accesslog/",
        "/admin/ngos/ngo/",
        f"/admin/ngos/ngo/{ngo.pk}/change/",
        f"/admin/ngos/ngo/{ngo.pk}/move/verify/",
        "/admin/meetings/meeting/",
        f"/admin/meetings/meeting/{meeting.pk}/change/",
        f"/admin/meetings/meeting/{draft.pk}/change/",
        f"/admin/meetings/meeting/{draft.pk}/move/approve/",
        f"/admin/meetings/meeting/{meeting.pk}/start-next/",
        "/admin/meetings/meeting/add/",
        "/admin/meetings/actionitem/",
        f"/admin/meetings/actionitem/{action_item.pk}/change/",
    ]:
        audit.visit(prefixed(language, path))
    assert audit.found == {}
