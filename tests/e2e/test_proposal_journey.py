"""Journey 2: a proposal from its first draft to the list of supported ones.

The representative signs in with her mobile number, writes, saves, attaches
and submits; the reviewer asks for changes in the admin; she revises and
submits again; the reviewer scores and approves; the proposal is listed as
supported and on the NGO's profile.
"""

import re

import pytest

from core import roles
from core.l10n import to_persian_digits
from proposals.models import Proposal, Status
from tests.factories import (
    DEFAULT_PASSWORD,
    RepresentativeFactory,
    StaffFactory,
    make_sheet,
)
from tests.proposals import files

TITLE = "کارگاه قالی‌بافی برای زنان سرپرست خانوار"


@pytest.fixture
def representative(migration_data):
    """A representative whose account is her mobile number, as the
    registration form makes it."""
    return RepresentativeFactory(
        user__username="09131234567",
        mobile="09131234567",
        ngo__name="خانه مهر کرمان",
        ngo__province_id="IR-08",
    )


def sign_in_with_mobile(page, screenshot):
    page.goto("/accounts/login/")
    # Typed in Persian digits, with spaces.
    page.get_by_label("نام کاربری").fill("۰۹۱۳ ۱۲۳ ۴۵۶۷")
    page.get_by_label("گذرواژه").fill(DEFAULT_PASSWORD)
    screenshot("sign-in-with-mobile-number")
    page.get_by_role("button", name="ورود").click()
    page.wait_for_url("**/proposals/")


def write_attach_and_submit(page, screenshot, tmp_path):
    screenshot("no-proposal-yet")
    page.get_by_role("link", name="نوشتن طرح تازه").first.click()
    page.get_by_label("عنوان").fill(TITLE)
    page.get_by_label("خلاصه *").fill("آموزش قالی‌بافی و فروش جمعی فرش‌ها")
    page.get_by_role("button", name="ذخیره پیش‌نویس").click()
    page.wait_for_url(re.compile(r"/proposals/\d+/$"))
    assert page.get_by_text("پیش‌نویس ذخیره شد.").is_visible()
    screenshot("draft-saved")

    pdf = tmp_path / "طرح اجرایی.pdf"
    pdf.write_bytes(files.PDF)
    page.get_by_label("افزودن پرونده").set_input_files(str(pdf))
    page.get_by_role("button", name="پیوست کن").click()
    assert page.get_by_role("link", name="طرح اجرایی.pdf").is_visible()
    screenshot("file-attached")

    page.get_by_role("link", name="ویرایش").click()
    page.get_by_label("مسئله مورد نظر *").fill("زنان روستا درآمد ثابتی ندارند")
    page.get_by_label("راهکار پیشنهادی *").fill("کارگاه مشترک و فروش مستقیم")
    page.get_by_label("طرح اجرایی *").fill("ماه ۱: خرید دار؛ ماه ۲ تا ۱۰: آموزش و بافت")
    page.get_by_label("گروه هدف *").fill("زنان سرپرست خانوار روستایی")
    page.get_by_label("تعداد بهره‌مندان *").fill("۴۰")
    page.get_by_label("مدت اجرا (ماه) *").fill("۱۰")
    page.get_by_label("بودجه درخواستی (ریال) *").fill("۱٬۸۰۰٬۰۰۰٬۰۰۰")
    page.get_by_label("کرمان", exact=True).check()
    page.get_by_label("آموزش مهارت", exact=True).check()
    screenshot("form-complete")
    page.get_by_role("button", name="ارسال", exact=True).click()
    # The form saves, then asks as the proposal's page does: no going back.
    page.wait_for_url(re.compile(r"/proposals/\d+/submit/$"))
    assert Proposal.objects.get().status == Status.DRAFT
    screenshot("submission-confirmed-from-the-form")
    page.get_by_role("button", name="ارسال", exact=True).click()
    page.wait_for_url(re.compile(r"/proposals/\d+/$"))

    proposal = Proposal.objects.get()
    assert proposal.status == Status.SUBMITTED
    assert proposal.budget_rials == 1_800_000_000
    reference = page.locator(".proposal-reference").inner_text()
    assert reference == to_persian_digits(proposal.reference)
    assert "ارسال‌شده" in page.locator(".timeline").inner_text()
    screenshot("submitted-with-reference")
    return proposal


def reviewer_signs_in(admin):
    admin.goto("/admin/login/")
    admin.locator("#id_username").fill("reviewer")
    admin.locator("#id_password").fill(DEFAULT_PASSWORD)
    admin.locator("input[type=submit]").click()
    admin.wait_for_url(re.compile(r"/admin/$"))


def test_a_proposal_from_first_draft_to_support(
    page, other_page, representative, reviewer, screenshot, tmp_path
):
    sign_in_with_mobile(page, screenshot)
    proposal = write_attach_and_submit(page, screenshot, tmp_path)

    # The reviewer finds it among the submitted ones and reads its file.
    admin = other_page()
    reviewer_signs_in(admin)
    admin.goto("/admin/proposals/proposal/")
    admin.get_by_role("link", name="ارسال‌شده").first.click()
    admin.wait_for_url("**status__exact=submitted*")
    screenshot("reviewer-lists-submitted-proposals", admin)
    admin.get_by_role("link", name=TITLE).click()
    with admin.expect_download() as download:
        admin.get_by_role("link", name="طرح اجرایی.pdf").click()
    assert download.value.suggested_filename == "طرح اجرایی.pdf"
    with open(download.value.path(), "rb") as downloaded:
        assert downloaded.read() == files.PDF

    admin.get_by_role("link", name="آغاز بررسی").click()
    admin.get_by_role("button", name="آغاز بررسی").click()
    admin.get_by_role("link", name="درخواست اصلاح").click()
    admin.get_by_label("توضیح برای سازمان").fill("جدول زمانی ماه‌به‌ماه را اضافه کنید.")
    screenshot("reviewer-requests-changes", admin)
    admin.get_by_role("button", name="درخواست اصلاح").click()
    admin.wait_for_url(re.compile(r"/change/$"))
    proposal.refresh_from_db()
    assert proposal.status == Status.CHANGES_REQUESTED

    # The representative reads the comment, revises and submits again.
    page.reload()
    assert (
        "جدول زمانی ماه‌به‌ماه را اضافه کنید." in page.locator(".timeline").inner_text()
    )
    # ... and at the top of the page, with its date.
    request = page.locator(".changes-request")
    assert "جدول زمانی ماه‌به‌ماه را اضافه کنید." in request.inner_text()
    assert request.locator("time").inner_text()
    screenshot("changes-requested", page)

    # Sending it again unchanged is refused, and what she typed stays.
    page.get_by_role("link", name="ارسال دوباره").click()
    page.wait_for_url(re.compile(r"/proposals/\d+/submit/$"))
    assert "جدول زمانی ماه‌به‌ماه" in page.locator(".changes-request").inner_text()
    page.locator("#id_changes").fill("جدول را دیدیم")
    page.locator(".resubmit-form button[type=submit]").click()
    page.locator("#form-errors").wait_for()
    assert page.locator("#id_changes").input_value() == "جدول را دیدیم"
    proposal.refresh_from_db()
    assert proposal.status == Status.CHANGES_REQUESTED
    screenshot("resubmission-unchanged-refused", page)

    # She revises: the request stands at the top of the form too.
    page.locator(".resubmit-form a[href$='/edit/']").click()
    assert "جدول زمانی ماه‌به‌ماه" in page.locator(".changes-request").inner_text()
    page.get_by_label("طرح اجرایی *").fill(
        "ماه ۱: خرید دار؛ ماه ۲ تا ۸: آموزش و بافت؛ ماه ۹ و ۱۰: بازارچه"
    )
    page.get_by_role("button", name="ارسال", exact=True).click()
    page.wait_for_url(re.compile(r"/proposals/\d+/submit/$"))
    page.locator("#id_changes").fill("جدول زمانی را ماه‌به‌ماه نوشتیم.")
    screenshot("resubmission-says-what-changed", page)
    page.locator(".resubmit-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/proposals/\d+/$"))
    proposal.refresh_from_db()
    assert proposal.status == Status.SUBMITTED
    assert "جدول زمانی را ماه‌به‌ماه نوشتیم." in page.locator(".timeline").inner_text()
    assert page.locator(".changes-request").count() == 0
    screenshot("resubmitted", page)

    # The reviewer scores and approves, and prints the paper for the meeting.
    admin.reload()
    admin.get_by_role("link", name="آغاز بررسی").click()
    admin.get_by_role("button", name="آغاز بررسی").click()
    admin.get_by_role("link", name="امتیازدهی").click()
    # Four criteria of the default rubric at 4, the NGO's capacity at 5,
    # each score labelled with what it means.
    *four, capacity = proposal.call.criteria.all()
    for criterion in four:
        admin.get_by_label(f"۴ — {criterion.meaning_4}", exact=True).check()
    admin.get_by_label(f"۵ — {capacity.meaning_5}", exact=True).check()
    admin.get_by_label("توضیح").fill("طرح روشن و اجراپذیر است.")
    screenshot("reviewer-scores", admin)
    admin.get_by_role("button", name="ذخیره").click()
    # A decision needs the call's two score sheets: a second reviewer's.
    make_sheet(
        proposal,
        StaffFactory(groups=[roles.REVIEWERS]),
        comment="برنامه زمانی روشن شد.",
        default=4,
        capacity=5,
    )
    admin.reload()  # the approval was refused with one sheet; two now count
    admin.get_by_role("link", name="تصویب").click()
    admin.locator("#id_reason").fill("با اولویت‌های کارگروه هم‌خوان است.")
    admin.get_by_role("button", name="تصویب").click()
    admin.wait_for_url(re.compile(r"/change/$"))
    screenshot("approved", admin)
    proposal.refresh_from_db()
    assert proposal.status == Status.APPROVED
    assert proposal.score_sheets.get(reviewer__username="reviewer").mean == 4.2

    admin.get_by_role("link", name="چاپ برای جلسه بررسی").click()
    admin.emulate_media(media="print")
    assert admin.locator("h1").inner_text() == TITLE
    assert not admin.get_by_role("link", name="بازگشت به طرح").is_visible()
    assert "میانگین ۴٫۲ از ۵" in admin.locator("main").inner_text()
    screenshot("paper-for-the-review-meeting", admin)

    # Anyone sees it among the supported proposals and on the NGO's profile.
    visitor = other_page()
    visitor.goto("/proposals/supported/")
    assert visitor.get_by_role("heading", name=TITLE).is_visible()
    screenshot("listed-as-supported", visitor)
    visitor.get_by_role("link", name="خانه مهر کرمان").first.click()
    supported = visitor.locator("section", has=visitor.locator("#supported-title"))
    assert TITLE in supported.inner_text()
    screenshot("on-the-ngo-profile", visitor)

    for browser_page in (page, admin, visitor):
        assert browser_page.requests.foreign == []
        assert browser_page.console_errors == []
