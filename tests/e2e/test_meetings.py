import re

import pytest
from django.contrib.auth.models import Group

from tests.factories import DEFAULT_PASSWORD, StaffFactory
from workgroup import roles
from workgroup.models import Meeting

SEED_TITLE = "جلسه کارگروه تخصصی سازمان‌های مردم‌نهاد حوزه زنان سرپرست خانوار"


@pytest.fixture
def demo(demo_data):
    assert Group.objects.filter(name=roles.MEETING_SECRETARIES).exists()
    return Meeting.objects.get(title=SEED_TITLE)


def test_seed_meeting_in_persian_shows_the_date_the_officials_and_what_they_said(
    page, demo, screenshot
):
    page.goto(f"/meetings/{demo.pk}/")
    main = page.locator("main")
    assert page.locator("h1").inner_text() == SEED_TITLE
    assert "دوشنبه ۱۸ دی ۱۳۹۶" in main.locator("time").first.inner_text()

    officials = page.get_by_role("heading", name="مسئولان دولتی")
    assert officials.is_visible()
    chair = page.locator("ul.participants li", has_text="دکتر اکبری")
    assert "معاون مشارکت‌های اجتماعی سازمان امور اجتماعی کشور" in chair.inner_text()
    abedini = page.locator("ul.participants li", has_text="خانم عابدینی")
    assert "مدیر طرح و توسعه نهادهای اجتماعی" in abedini.inner_text()

    statements = page.locator("li.statement")
    by_akbari = statements.filter(has_text="دکتر اکبری")
    by_abedini = statements.filter(has_text="خانم عابدینی")
    assert by_akbari.count() == 4
    assert by_abedini.count() == 3
    assert "جز با مشارکت مردم و سازمان‌های مردم‌نهاد" in by_akbari.first.inner_text()
    assert "دستگاه‌های دولتی به‌تنهایی" in by_abedini.first.inner_text()

    decisions = page.get_by_role("table", name=re.compile("آنچه جلسه تصویب کرد"))
    assert "فراخوان عمومی" in decisions.inner_text()
    screenshot("seed-meeting-fa")
    assert page.requests.foreign == []
    assert page.console_errors == []


def test_seed_meeting_prints_as_clean_minutes(page, demo, screenshot):
    page.goto(f"/meetings/{demo.pk}/")
    assert page.get_by_role("button", name="چاپ صورت‌جلسه").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".site-nav").is_visible()
    assert not page.locator(".site-footer").is_visible()
    assert not page.get_by_role("button", name="چاپ صورت‌جلسه").is_visible()
    assert page.locator(".print-only").is_visible()
    assert page.get_by_role("heading", name="آنچه گفته شد").is_visible()
    screenshot("seed-meeting-print")
    assert page.console_errors == []


def test_seed_meeting_in_english_has_the_gregorian_date(page, demo):
    page.goto(f"/en/meetings/{demo.pk}/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert (
        "Monday 8 January 2018, 10:00" in page.locator("main time").first.inner_text()
    )
    assert page.get_by_role("heading", name="Officials").is_visible()
    assert page.console_errors == []


def test_archive_search_with_arabic_letters_finds_the_seed_meeting(page, demo):
    page.goto("/")
    page.get_by_role("navigation", name="ناوبری اصلی").get_by_role(
        "link", name="جلسه‌ها"
    ).click()
    page.wait_for_url("**/meetings/")
    search = page.get_by_role("search", name="جست‌وجو در جلسه‌ها")
    search.get_by_label("واژه‌ها").fill("تشكل‌هاي اجتماعي")  # ك and ي
    search.get_by_label("سال").select_option("1396")
    search.get_by_role("button", name="جست‌وجو").click()
    page.wait_for_url("**/meetings/?*")
    results = page.locator("article.meeting-summary h2")
    assert results.all_inner_texts() == [SEED_TITLE]
    assert page.locator(".filter-chips").is_visible()
    assert page.requests.foreign == []
    assert page.console_errors == []


def test_draft_minutes_are_not_public_in_the_browser(page, demo):
    draft = Meeting.objects.get(status="held", minutes_status="draft")
    response = page.goto(f"/meetings/{draft.pk}/")
    assert response.status == 404


def test_a_secretary_opens_the_meeting_in_the_admin_without_errors(
    page, demo, live_server, screenshot
):
    StaffFactory(username="clerk", groups=[roles.MEETING_SECRETARIES])
    page.goto("/admin/login/")
    page.get_by_label("نام کاربری").fill("clerk")
    page.get_by_label("گذرواژه").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="ورود").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    draft = Meeting.objects.get(status="held", minutes_status="draft")
    page.goto(f"/admin/workgroup/meeting/{draft.pk}/change/")
    assert page.get_by_role("link", name="تصویب صورت‌جلسه").is_visible()
    # The inlines' "add another" links come from the admin's own scripts,
    # which the Content-Security-Policy allows.
    rows = page.locator("#statements-group tr.dynamic-statements")
    before = rows.count()
    page.locator("#statements-group .add-row a").click()
    assert rows.count() == before + 1
    screenshot("admin-meeting")
    page.goto(f"/admin/workgroup/meeting/{demo.pk}/change/")
    assert page.get_by_role("link", name="بازگشایی صورت‌جلسه").is_visible()
    assert page.locator('input[name="_save"]').count() == 0
    assert page.requests.foreign == []
    assert page.console_errors == []
