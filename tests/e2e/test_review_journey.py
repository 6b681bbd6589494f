import re

from proposals import services
from proposals.models import Proposal, Status
from tests.factories import DEFAULT_PASSWORD, ProposalFactory
from tests.proposals import files


def sign_in_admin(page, username):
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEFAULT_PASSWORD)
    page.click("input[type=submit]")


def sign_in_site(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("نام کاربری").fill(username)
    page.get_by_label("گذرواژه").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="ورود").click()


def test_review_request_changes_resubmit_approve(
    browser, live_server, page, rep_a, reviewer, screenshot, tmp_path
):
    proposal = ProposalFactory(
        ngo=rep_a.representative.ngo, created_by=rep_a, title="کارگاه سفال‌گری"
    )
    services.add_attachment(
        proposal=proposal, uploaded=files.upload("طرح.pdf", files.PDF), actor=rep_a
    )
    services.transition(proposal=proposal, to_status=Status.SUBMITTED, actor=rep_a)
    proposal.refresh_from_db()

    # The reviewer filters the list, opens the proposal and downloads its file.
    sign_in_admin(page, "reviewer")
    page.goto("/admin/proposals/proposal/")
    page.get_by_role("link", name="ارسال‌شده").first.click()
    page.wait_for_url("**status__exact=submitted*")
    screenshot("admin-filtered")
    page.get_by_role("link", name="کارگاه سفال‌گری").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="طرح.pdf").click()
    assert download.value.suggested_filename == "طرح.pdf"
    with open(download.value.path(), "rb") as downloaded:
        assert downloaded.read() == files.PDF

    page.get_by_role("link", name="آغاز بررسی").click()
    page.get_by_role("button", name="آغاز بررسی").click()
    page.get_by_role("link", name="درخواست اصلاح").click()
    page.get_by_label("توضیح برای سازمان").fill("جدول زمانی ماه‌به‌ماه را اضافه کنید.")
    screenshot("request-changes")
    page.get_by_role("button", name="درخواست اصلاح").click()
    page.wait_for_url(re.compile(r"/change/$"))
    proposal.refresh_from_db()
    assert proposal.status == Status.CHANGES_REQUESTED

    # The representative reads the comment, revises and submits again.
    site = browser.new_context(base_url=live_server.url)
    rep_page = site.new_page()
    sign_in_site(rep_page, "rep_a")
    rep_page.goto(proposal.get_absolute_url())
    assert (
        "جدول زمانی ماه‌به‌ماه را اضافه کنید."
        in rep_page.locator(".timeline").inner_text()
    )
    rep_page.get_by_role("link", name="ویرایش").click()
    rep_page.get_by_label("طرح اجرایی *").fill(
        "ماه ۱: خرید کوره؛ ماه ۲ تا ۶: آموزش؛ ماه ۷: نمایشگاه"
    )
    rep_page.get_by_role("button", name="ارسال", exact=True).click()
    rep_page.wait_for_url(re.compile(r"/proposals/\d+/$"))
    screenshot("resubmitted", rep_page)
    proposal.refresh_from_db()
    assert proposal.status == Status.SUBMITTED

    # The reviewer scores and approves.
    page.goto(f"/admin/proposals/proposal/{proposal.pk}/change/")
    page.get_by_role("link", name="آغاز بررسی").click()
    page.get_by_role("button", name="آغاز بررسی").click()
    page.get_by_role("link", name="امتیازدهی").click()
    for field in (
        "relevance",
        "feasibility",
        "impact",
        "cost_effectiveness",
        "capacity",
    ):
        page.locator(f"input[name={field}][value='4']").check()
    page.get_by_label("توضیح").fill("طرح روشن و اجراپذیر است.")
    page.get_by_role("button", name="ذخیره").click()
    page.get_by_role("link", name="تصویب").click()
    page.get_by_role("button", name="تصویب").click()
    screenshot("approved")
    proposal.refresh_from_db()
    assert proposal.status == Status.APPROVED

    # It is listed among the supported proposals.
    page.goto("/proposals/supported/")
    assert page.get_by_role("heading", name="کارگاه سفال‌گری").is_visible()
    screenshot("supported")
    assert Proposal.objects.get().score_sheets.count() == 1
    assert page.requests.foreign == []
    assert page.console_errors == []
    site.close()
