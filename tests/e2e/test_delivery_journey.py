"""Journey: from an approved proposal to a completed plan on its public page.

The representative proposes milestones; a call manager accepts them in the
admin; she sends a progress report, which is accepted; the milestones are
marked done; her final report is accepted, and the public page shows the
plan completed, every milestone done and the households reached.
"""

import datetime
import re

import pytest
from django.utils import timezone

from core import roles
from delivery.models import Milestone, Plan, ProgressReport
from proposals.models import Proposal, Status
from tests.factories import (
    DEFAULT_PASSWORD,
    ProposalFactory,
    RepresentativeFactory,
    StaffFactory,
)

TITLE = "کارگاه قالی‌بافی برای زنان سرپرست خانوار"


@pytest.fixture
def approved(migration_data):
    representative = RepresentativeFactory(
        user__username="rep_kerman", ngo__name="خانه مهر کرمان"
    )
    proposal = ProposalFactory(
        ngo=representative.ngo,
        created_by=representative.user,
        title=TITLE,
        provinces=["IR-08"],
    )
    Proposal.objects.filter(pk=proposal.pk).update(
        status=Status.APPROVED,
        reference="1405-00042",
        submitted_at=timezone.now() - datetime.timedelta(days=90),
        decided_at=timezone.now() - datetime.timedelta(days=60),
    )
    StaffFactory(username="manager", groups=[roles.CALL_MANAGERS])
    return proposal


def sign_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("نام کاربری").fill(username)
    page.get_by_label("گذرواژه").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="ورود").click()
    page.wait_for_load_state()


def admin_move(admin, url, action):
    admin.goto(url)
    admin.get_by_role("link", name=action).click()
    admin.get_by_role("button", name=action).click()
    admin.wait_for_url(re.compile(r"/change/$"))


def send_report(page, *, start, end, households, final=False):
    page.get_by_role("link", name="ارسال گزارش پیشرفت").click()
    page.locator("#id_period_start").fill(start)
    page.locator("#id_period_end").fill(end)
    page.locator("#id_work_done").fill("کارگاه‌های قالی‌بافی برگزار شد.")
    page.locator("#id_funds_spent").fill("۴۰۰٬۰۰۰٬۰۰۰")
    page.locator("#id_reach-0-households").fill(households)
    page.locator("#id_reach-0-children").fill("۳۰")
    page.locator("#id_public_summary").fill(
        "بیست زن سرپرست خانوار قالی‌بافی آموختند."
        if not final
        else "بازارچه فرش راه افتاد و طرح به پایان رسید."
    )
    if final:
        page.locator("#id_is_final").check()


def test_an_approved_proposal_becomes_a_completed_plan(
    page, other_page, screenshot, approved
):
    sign_in(page, "rep_kerman")
    page.goto(approved.get_absolute_url())
    page.get_by_role("link", name="طرح در حال اجرا").click()
    page.wait_for_url(re.compile(r"/plan/$"))
    for title, due in [("خرید دار قالی", "۱۴۰۵/۱۰/۰۱"), ("آموزش بافت", "۱۴۰۶/۰۲/۰۱")]:
        page.get_by_role("link", name="پیشنهاد مرحله").click()
        page.locator("#id_title").fill(title)
        page.locator("#id_due_date").fill(due)
        page.locator("#id_deliverable").fill("فهرست و عکس")
        page.locator("#id_amount").fill("۵۰۰٬۰۰۰٬۰۰۰")
        page.get_by_role("button", name="پیشنهاد").click()
        page.wait_for_url(re.compile(r"/plan/$"))
    screenshot("milestones-proposed")

    admin = other_page()
    admin.goto("/admin/login/")
    admin.locator("#id_username").fill("manager")
    admin.locator("#id_password").fill(DEFAULT_PASSWORD)
    admin.locator("input[type=submit]").click()
    admin.wait_for_url(re.compile(r"/admin/$"))
    milestones = list(Milestone.objects.order_by("pk"))
    for milestone in milestones:
        admin_move(
            admin, f"/admin/delivery/milestone/{milestone.pk}/change/", "پذیرش مرحله"
        )
    screenshot("milestone-accepted-in-the-admin", admin)

    page.reload()
    send_report(page, start="۱۴۰۵/۰۶/۰۱", end="۱۴۰۵/۰۸/۳۰", households="۲۰")
    screenshot("report-form")
    page.get_by_role("button", name="ارسال گزارش").click()
    page.wait_for_url(re.compile(r"/plan/$"))
    assert page.get_by_text("گزارش برای کارگروه فرستاده شد.").is_visible()

    report = ProgressReport.objects.get()
    admin_move(
        admin, f"/admin/delivery/progressreport/{report.pk}/change/", "پذیرش گزارش"
    )
    for milestone in milestones:
        admin_move(
            admin,
            f"/admin/delivery/milestone/{milestone.pk}/change/",
            "ثبت انجام مرحله",
        )

    page.goto(f"/proposals/{approved.pk}/plan/")
    send_report(page, start="۱۴۰۵/۰۹/۰۱", end="۱۴۰۵/۰۹/۱۰", households="۱۵", final=True)
    page.get_by_role("button", name="ارسال گزارش").click()
    page.wait_for_url(re.compile(r"/plan/$"))
    final = ProgressReport.objects.get(is_final=True)
    admin_move(
        admin, f"/admin/delivery/progressreport/{final.pk}/change/", "پذیرش گزارش"
    )
    assert Plan.objects.get().status == "completed"

    public = other_page()
    public.goto("/proposals/supported/")
    public.get_by_role("link", name=TITLE).click()
    public.wait_for_url(re.compile(rf"/proposals/supported/{approved.pk}/$"))
    assert public.locator(".status-badge").first.inner_text() == "پایان‌یافته"
    assert public.locator("#plan-progress").get_attribute("value") == "100"
    assert public.get_by_text("بازارچه فرش راه افتاد و طرح به پایان رسید.").is_visible()
    assert public.get_by_text("۳۵", exact=True).first.is_visible()
    assert "خرید دار قالی" in public.content()
    screenshot("public-page-completed", public)
    assert page.requests.foreign == []
