"""A reviewer reads what an NGO changed when it sent its proposal again:
old and new side by side on a wide screen, one above the other on a phone,
in Persian and in English."""

import pytest
from django.contrib.auth.models import User

from proposals import drafts, services
from proposals.models import Status
from tests.e2e.axe import Audit
from tests.e2e.test_accessibility import prefixed, staff_sign_in
from tests.factories import ProposalFactory
from tests.proposals import files


def resubmitted():
    rep = User.objects.get(username="rep_a")
    reviewer = User.objects.get(username="reviewer")
    proposal = ProposalFactory(
        ngo=rep.representative.ngo,
        created_by=rep,
        title="توانمندسازی زنان سرپرست خانوار در حاشیه شهر",
        executive_plan=(
            "ماه ۱: شناسایی و ثبت‌نام ۴۰ نفر از زنان سرپرست خانوار.\n"
            "ماه ۲ تا ۴: کارگاه‌های خیاطی و بافندگی در دو محله.\n"
            "ماه ۵ و ۶: برپایی بازارچه و فروش محصولات."
        ),
    )
    drafts.add_attachment(
        proposal=proposal,
        uploaded=files.upload("بودجه-تفصیلی.pdf", files.PDF),
        actor=rep,
    )
    services.transition(proposal=proposal, to_status=Status.SUBMITTED, actor=rep)
    services.transition(
        proposal=proposal, to_status=Status.UNDER_REVIEW, actor=reviewer
    )
    services.transition(
        proposal=proposal,
        to_status=Status.CHANGES_REQUESTED,
        actor=reviewer,
        comment="جدول زمانی را دقیق‌تر کنید و بودجه را توضیح دهید.",
    )
    proposal.executive_plan = (
        "ماه ۱: شناسایی و ثبت‌نام ۶۰ نفر از زنان سرپرست خانوار با همکاری بهزیستی.\n"
        "ماه ۲ تا ۴: کارگاه‌های خیاطی، بافندگی و بازاریابی برخط در سه محله.\n"
        "ماه ۵ و ۶: برپایی بازارچه و فروش محصولات."
    )
    proposal.budget_rials = 1_200_000_000
    proposal.beneficiaries = 60
    proposal.save()
    proposal.provinces.set(["IR-23", "IR-10"])
    drafts.remove_attachment(attachment=proposal.attachments.get(), actor=rep)
    drafts.add_attachment(
        proposal=proposal,
        uploaded=files.upload("بودجه-اصلاح‌شده.pdf", files.PDF),
        actor=rep,
    )
    services.transition(
        proposal=proposal,
        to_status=Status.SUBMITTED,
        actor=rep,
        comment="شمار بهره‌مندان را به ۶۰ رساندیم، بازاریابی برخط افزودیم و "
        "بودجه را با جدول تازه پیوست کردیم.",
    )
    return proposal


@pytest.mark.parametrize("language", ["fa", "en"])
@pytest.mark.parametrize("width", [1366, 360])
def test_a_reviewer_reads_the_changes(page, demo_data, screenshot, language, width):
    proposal = resubmitted()
    page.set_viewport_size({"width": width, "height": 900})
    staff_sign_in(page, language, "reviewer")
    page.goto(prefixed(language, f"/admin/proposals/proposal/{proposal.pk}/change/"))
    page.locator(".object-tools a.changes-link").click()
    page.wait_for_url(f"**/proposal/{proposal.pk}/changes/")
    assert page.locator(".revision-field").count() == 4
    assert page.locator(".revision-files ins").count() == 1
    assert page.locator(".revision-files del").count() == 1
    old = page.locator(".revision-field-executive_plan .revision-old").bounding_box()
    new = page.locator(".revision-field-executive_plan .revision-new").bounding_box()
    if width == 1366:
        # Side by side, "before" where reading starts.
        assert abs(old["y"] - new["y"]) < 2
        assert (old["x"] > new["x"]) == (language == "fa")
    else:
        assert new["y"] > old["y"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(f"changes-{language}-{width}")


@pytest.fixture
def audit(axe_page, request):
    audit = Audit(axe_page)
    yield audit
    audit.write_report(request.node.name)


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_changes_page_has_no_axe_violations(audit, demo_data, language):
    proposal = resubmitted()
    audit.visit(prefixed(language, "/admin/login/"))
    staff_sign_in(audit.page, language, "reviewer")
    audit.visit(prefixed(language, f"/admin/proposals/proposal/{proposal.pk}/changes/"))
    assert audit.found == {}
