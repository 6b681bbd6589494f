"""Journey 3: a call for proposals from its opening to its outcome, in Persian.

A call manager opens a call in the admin; the representatives of two NGOs
answer it; two reviewers score, one of them first declaring a conflict of
interest with one NGO; staff ask one NGO for changes, which it makes and
sends again; that proposal is approved once it has the call's two score
sheets that count, while the other, with one, cannot be; the call's public
page lists the supported proposal and, once the call has closed, how many
came and how many were supported.
"""

import csv
import datetime
import re

import jdatetime
import pytest
from django.utils import timezone
from django.utils.translation import ngettext

from core import roles
from proposals.models import Call, Proposal, Status
from tests.factories import (
    DEFAULT_PASSWORD,
    TEHRAN,
    RepresentativeFactory,
    StaffFactory,
)

CALL_TITLE = "فراخوان طرح‌های اشتغال خانگی زنان سرپرست خانوار"
TITLES = {
    "mehr": "کارگاه خیاطی محله برای زنان سرپرست خانوار",
    "omid": "بازارچه محصولات خانگی امید",
}


@pytest.fixture
def people(migration_data):
    StaffFactory(username="manager", groups=[roles.CALL_MANAGERS])
    StaffFactory(username="reviewer", first_name="زهرا", groups=[roles.REVIEWERS])
    StaffFactory(username="reviewer2", first_name="نرگس", groups=[roles.REVIEWERS])
    RepresentativeFactory(user__username="rep_mehr", ngo__name="خانه مهر")
    RepresentativeFactory(user__username="rep_omid", ngo__name="انجمن امید")


def jalali(moment):
    local = moment.astimezone(TEHRAN)
    return jdatetime.date.fromgregorian(date=local.date()).strftime("%Y/%m/%d")


def staff_signs_in(admin, username):
    admin.goto("/admin/login/")
    admin.locator("#id_username").fill(username)
    admin.locator("#id_password").fill(DEFAULT_PASSWORD)
    admin.locator("input[type=submit]").click()
    admin.wait_for_url(re.compile(r"/admin/$"))


def representative_signs_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("نام کاربری").fill(username)
    page.get_by_label("گذرواژه").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="ورود").click()
    page.wait_for_url("**/proposals/")


def open_the_call(admin, screenshot):
    """The call manager opens a call from yesterday for a month."""
    now = timezone.now()
    admin.goto("/admin/proposals/call/add/")
    admin.locator("#id_title").fill(CALL_TITLE)
    admin.locator("#id_opens_at_0").fill(jalali(now - datetime.timedelta(days=1)))
    admin.locator("#id_opens_at_1").fill("08:00")
    admin.locator("#id_closes_at_0").fill(jalali(now + datetime.timedelta(days=30)))
    admin.locator("#id_closes_at_1").fill("14:00")
    assert admin.locator("#id_min_score_sheets").input_value() == "2"
    screenshot("manager-opens-the-call", admin)
    admin.locator("input[name=_save]").click()
    admin.wait_for_url(re.compile(r"/admin/proposals/call/$"))
    call = Call.objects.get(title=CALL_TITLE)
    assert call.criteria.count() == 5  # the working group's rubric
    return call


def answer_the_call(page, call, title, screenshot, name):
    """A representative finds the call on its public page and answers it."""
    page.goto(f"/calls/{call.pk}/")
    page.locator(f'a[href$="/proposals/new/?call={call.pk}"]').click()
    page.wait_for_url("**/proposals/new/**")
    assert page.locator("#id_call").input_value() == str(call.pk)
    page.get_by_label("عنوان").fill(title)
    page.get_by_label("خلاصه *").fill("آموزش مهارت و فروش جمعی")
    page.get_by_label("مسئله مورد نظر *").fill("زنان محله درآمد ثابتی ندارند")
    page.get_by_label("راهکار پیشنهادی *").fill("کارگاه مشترک و فروش مستقیم")
    page.get_by_label("طرح اجرایی *").fill("ماه ۱: آماده‌سازی؛ ماه ۲ تا ۶: آموزش")
    page.get_by_label("گروه هدف *").fill("زنان سرپرست خانوار")
    page.get_by_label("تعداد بهره‌مندان *").fill("۳۰")
    page.get_by_label("مدت اجرا (ماه) *").fill("۶")
    page.get_by_label("بودجه درخواستی (ریال) *").fill("۹۰۰٬۰۰۰٬۰۰۰")
    page.get_by_label("کرمان", exact=True).check()
    page.get_by_label("آموزش مهارت", exact=True).check()
    screenshot(f"{name}-answers-the-call", page)
    page.get_by_role("button", name="ارسال", exact=True).click()
    page.wait_for_url(re.compile(r"/proposals/\d+/submit/$"))
    page.get_by_role("button", name="ارسال", exact=True).click()
    page.wait_for_url(re.compile(r"/proposals/\d+/$"))
    proposal = Proposal.objects.get(title=title)
    assert (proposal.call_id, proposal.status) == (call.pk, Status.SUBMITTED)
    return proposal


def open_proposal(admin, proposal):
    admin.goto(f"/admin/proposals/proposal/{proposal.pk}/change/")
    admin.locator("h1, h2").first.wait_for()


def move(admin, proposal, label, reason=None):
    """A status change from the proposal's page: its button, then the page
    that asks for the reason and confirms."""
    open_proposal(admin, proposal)
    admin.get_by_role("link", name=label, exact=True).click()
    if reason is not None:
        admin.locator("#id_reason").fill(reason)
    admin.get_by_role("button", name=label, exact=True).click()


def score(admin, proposal, value, screenshot, name):
    open_proposal(admin, proposal)
    admin.locator(".review-link-score").click()
    admin.wait_for_url(re.compile(r"/score/$"))
    persian = "۰۱۲۳۴۵"[value]
    for criterion in proposal.call.criteria.all():
        meaning = getattr(criterion, f"meaning_{value}")
        admin.get_by_label(f"{persian} — {meaning}", exact=True).check()
    admin.get_by_label("توضیح").fill("طرح روشن و اجراپذیر است.")
    screenshot(name, admin)
    admin.get_by_role("button", name="ذخیره").click()
    admin.wait_for_url(re.compile(r"/change/$"))


def test_a_call_from_its_opening_to_its_outcome(page, other_page, people, screenshot):
    manager = page
    staff_signs_in(manager, "manager")
    call = open_the_call(manager, screenshot)

    # Two NGOs answer it.
    mehr, omid = other_page(), other_page()
    representative_signs_in(mehr, "rep_mehr")
    representative_signs_in(omid, "rep_omid")
    first = answer_the_call(mehr, call, TITLES["mehr"], screenshot, "mehr")
    second = answer_the_call(omid, call, TITLES["omid"], screenshot, "omid")

    # The first reviewer starts reviewing both and asks Mehr for changes.
    reviewer = other_page()
    staff_signs_in(reviewer, "reviewer")
    move(reviewer, second, "آغاز بررسی")
    reviewer.wait_for_url(re.compile(r"/change/$"))
    move(reviewer, first, "آغاز بررسی")
    reviewer.wait_for_url(re.compile(r"/change/$"))
    open_proposal(reviewer, first)
    reviewer.get_by_role("link", name="درخواست اصلاح").click()
    reviewer.get_by_label("توضیح برای سازمان").fill("تعداد بهره‌مندان را توضیح دهید.")
    screenshot("staff-request-changes", reviewer)
    reviewer.get_by_role("button", name="درخواست اصلاح").click()
    reviewer.wait_for_url(re.compile(r"/change/$"))
    first.refresh_from_db()
    assert first.status == Status.CHANGES_REQUESTED

    # Mehr's representative reads the request, revises and sends it again.
    mehr.reload()
    request = mehr.locator(".changes-request")
    assert "تعداد بهره‌مندان را توضیح دهید." in request.inner_text()
    mehr.goto(f"/proposals/{first.pk}/edit/")
    mehr.get_by_label("گروه هدف *").fill("سی زن سرپرست خانوار محله، با فهرست نام")
    mehr.get_by_role("button", name="ارسال", exact=True).click()
    mehr.wait_for_url(re.compile(r"/proposals/\d+/submit/$"))
    mehr.locator("#id_changes").fill("فهرست بهره‌مندان را افزودیم.")
    screenshot("mehr-resubmits", mehr)
    mehr.locator(".resubmit-form button[type=submit]").click()
    mehr.wait_for_url(re.compile(r"/proposals/\d+/$"))
    first.refresh_from_db()
    assert first.status == Status.SUBMITTED
    move(reviewer, first, "آغاز بررسی")
    reviewer.wait_for_url(re.compile(r"/change/$"))

    # The second reviewer knows Omid: she declares a conflict of interest
    # with it, and may no longer score its proposal; she scores Mehr's.
    reviewer2 = other_page()
    staff_signs_in(reviewer2, "reviewer2")
    open_proposal(reviewer2, second)
    reviewer2.locator(".review-link-conflict").click()
    reviewer2.get_by_label("چرا (اختیاری)").fill("عضو هیئت مدیره این انجمن بوده‌ام.")
    screenshot("reviewer-declares-a-conflict", reviewer2)
    reviewer2.locator(".submit-row input[type=submit]").click()
    reviewer2.wait_for_url(re.compile(r"/change/$"))
    assert reviewer2.locator(".review-link-score").count() == 0
    score(reviewer2, first, 4, screenshot, "second-reviewer-scores-mehr")

    # The first reviewer scores both.
    score(reviewer, first, 5, screenshot, "first-reviewer-scores-mehr")
    score(reviewer, second, 3, screenshot, "first-reviewer-scores-omid")

    # Omid's proposal has one sheet that counts of the two the call needs:
    # it cannot be decided yet.
    # Approval is shown disabled, with why, and is no link.
    open_proposal(reviewer, second)
    refusal = reviewer.locator(".object-tools .move-refusal").first
    refusal.wait_for()
    assert "۱ از ۲" in refusal.inner_text()
    assert reviewer.locator(".object-tools a[href$='/move/approve/']").count() == 0
    screenshot("too-few-sheets-to-decide", reviewer)
    second.refresh_from_db()
    assert second.status == Status.UNDER_REVIEW

    # Mehr's has two: it is approved, with its reason.
    move(reviewer, first, "تصویب", reason="با اولویت‌های کارگروه هم‌خوان است.")
    reviewer.wait_for_url(re.compile(r"/change/$"))
    screenshot("approved", reviewer)
    first.refresh_from_db()
    assert first.status == Status.APPROVED

    # The call manager downloads the call's scores from its admin page.
    manager.goto(f"/admin/proposals/call/{call.pk}/change/")
    with manager.expect_download() as download:
        manager.get_by_role("link", name="خروجی امتیازها (CSV)").click()
    assert download.value.suggested_filename == f"call-{call.pk}-scores.csv"
    with open(download.value.path(), encoding="utf-8-sig") as exported:
        rows = {row[1]: row for row in csv.reader(exported)}
    assert rows[TITLES["mehr"]][5:8] == ["2", "4.5", "0.5"]
    assert rows[TITLES["omid"]][5:7] == ["1", "3.0"]
    screenshot("manager-exports-the-scores", manager)

    # The call's public page lists it under the call.
    visitor = other_page()
    visitor.goto(f"/calls/{call.pk}/")
    supported = visitor.locator(".call-supported")
    supported.wait_for()
    assert TITLES["mehr"] in supported.inner_text()
    assert TITLES["omid"] not in supported.inner_text()
    screenshot("listed-under-the-call", visitor)

    # Once the call has closed, its page says how many came and were supported.
    Call.objects.filter(pk=call.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    visitor.reload()
    outcome = visitor.locator("section", has=visitor.locator("#call-result"))
    outcome.wait_for()
    text = outcome.inner_text()
    received = ngettext(
        "%(shown)s proposal received", "%(shown)s proposals received", 2
    ) % {"shown": "۲"}
    assert received in text
    assert (
        ngettext("%(shown)s supported", "%(shown)s supported", 1) % {"shown": "۱"}
        in text
    )
    assert visitor.locator(f'a[href$="/proposals/new/?call={call.pk}"]').count() == 0
    screenshot("outcome-after-closing", visitor)

    for browser_page in (manager, mehr, omid, reviewer, reviewer2, visitor):
        assert browser_page.requests.foreign == []
        assert browser_page.console_errors == []
