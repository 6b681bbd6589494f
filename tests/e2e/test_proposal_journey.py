import re

from proposals.models import Proposal
from tests.factories import DEFAULT_PASSWORD
from tests.proposals import files


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("نام کاربری").fill(username)
    page.get_by_label("گذرواژه").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="ورود").click()


def test_representative_writes_saves_attaches_and_submits(
    page, rep_a, screenshot, tmp_path
):
    sign_in(page, "rep_a")
    page.wait_for_url("**/proposals/")
    screenshot("my-proposals-empty")
    page.get_by_role("link", name="نوشتن طرح تازه").first.click()

    page.get_by_label("عنوان").fill("کارگاه قالی‌بافی برای زنان سرپرست خانوار")
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
    screenshot("attached")

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
    page.wait_for_url(re.compile(r"/proposals/\d+/$"))

    proposal = Proposal.objects.get()
    assert proposal.status == "submitted"
    assert proposal.budget_rials == 1_800_000_000
    reference = page.locator(".proposal-reference").inner_text()
    persian = proposal.reference.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert reference == persian
    timeline = page.locator(".timeline").inner_text()
    assert "ارسال‌شده" in timeline
    screenshot("submitted-with-reference")
    assert page.requests.foreign == []
    assert page.console_errors == []
