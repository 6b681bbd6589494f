import datetime
import re
import zoneinfo

import feedparser
import icalendar
import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from core import roles
from meetings.models import Meeting
from tests.factories import DEFAULT_PASSWORD, NGOFactory, StaffFactory

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
    page.goto(f"/admin/meetings/meeting/{draft.pk}/change/")
    assert page.get_by_role("link", name="تصویب صورت‌جلسه").is_visible()
    # The inlines' "add another" links come from the admin's own scripts,
    # which the Content-Security-Policy allows.
    rows = page.locator("#statements-group tr.dynamic-statements")
    before = rows.count()
    page.locator("#statements-group .add-row a").click()
    assert rows.count() == before + 1
    screenshot("admin-meeting")
    page.goto(f"/admin/meetings/meeting/{demo.pk}/change/")
    assert page.get_by_role("link", name="بازگشایی صورت‌جلسه").is_visible()
    assert page.locator('input[name="_save"]').count() == 0
    assert page.requests.foreign == []
    assert page.console_errors == []


# Journey 3: a secretary records a meeting; the public, calendars and feed
# readers follow it; the next meeting takes up its open action item.

RECORDED = "جلسه پیگیری فراخوان طرح‌ها"
ACTION_ITEM = "تهیه قالب گزارش سه‌ماهه برای سازمان‌ها"


@pytest.fixture
def clerk(migration_data):
    return StaffFactory(username="clerk", groups=[roles.MEETING_SECRETARIES])


def record_a_meeting(admin, ngo, screenshot):
    admin.goto("/admin/meetings/meeting/add/")
    admin.locator("#id_title").fill(RECORDED)
    admin.locator("#id_starts_at_0").fill("۱۴۰۳/۱۰/۱۸")
    admin.locator("#id_starts_at_1").fill("10:00")
    admin.locator("#id_place").fill("سالن جلسات سازمان امور اجتماعی کشور")
    admin.locator("#id_organiser").fill("معاونت مشارکت‌های اجتماعی")
    admin.locator("#id_summary").fill("پیگیری طرح‌های رسیده از سازمان‌های مردم‌نهاد")
    admin.locator("#id_agenda_items-0-title").fill("گزارش طرح‌های رسیده")
    admin.locator("#id_agenda_items-1-title").fill("قالب گزارش‌دهی سازمان‌ها")
    admin.locator("#id_participants-0-name").fill("دکتر اکبری")
    admin.locator("#id_participants-0-position").fill("معاون مشارکت‌های اجتماعی")
    admin.locator("#id_participants-0-role").select_option("chair")
    admin.locator("#id_participants-0-attended").check()
    admin.locator("#id_participants-1-name").fill("مریم احمدی")
    admin.locator("#id_participants-1-role").select_option("ngo_representative")
    admin.locator("#id_participants-1-ngo").select_option(str(ngo.pk))
    admin.locator("#id_participants-1-attended").check()
    admin.locator("#id_decisions-0-kind").select_option("action_item")
    admin.locator("#id_decisions-0-text").fill(ACTION_ITEM)
    admin.locator("#id_decisions-0-responsible_body").fill("دبیرخانه کارگروه")
    admin.locator("#id_decisions-0-due_on").fill("۱۴۰۳/۱۱/۱۵")
    screenshot("secretary-records-the-meeting", admin)
    admin.locator("input[name=_continue]").click()
    admin.wait_for_url(re.compile(r"/admin/meetings/meeting/\d+/change/$"))
    return Meeting.objects.get(title=RECORDED)


def act(admin, label):
    admin.locator(".object-tools").get_by_role("link", name=label).click()
    admin.locator(f"input[type=submit][value='{label}']").click()
    admin.wait_for_url(re.compile(r"/admin/meetings/meeting/\d+/change/$"))


def test_a_secretary_records_a_meeting_that_the_public_and_the_next_meeting_follow(
    page, other_page, clerk, screenshot, live_server
):
    ngo = NGOFactory(name="انجمن حامیان زنان سرپرست خانوار")
    admin = page
    admin.goto("/admin/login/")
    admin.locator("#id_username").fill("clerk")
    admin.locator("#id_password").fill(DEFAULT_PASSWORD)
    admin.locator("input[type=submit]").click()
    admin.wait_for_url(re.compile(r"/admin/$"))
    meeting = record_a_meeting(admin, ngo, screenshot)

    act(admin, "ثبت برگزاری جلسه")
    agenda_item = meeting.agenda_items.get(title="گزارش طرح‌های رسیده")
    chair = meeting.participants.get(name="دکتر اکبری")
    admin.locator("#id_statements-0-agenda_item").select_option(str(agenda_item.pk))
    admin.locator("#id_statements-0-speaker").select_option(str(chair.pk))
    admin.locator("#id_statements-0-text").fill(
        "دوازده طرح رسیده است و کارشناسان تا پایان ماه آن‌ها را بررسی می‌کنند."
    )
    admin.locator("input[name=_continue]").click()
    admin.wait_for_url(re.compile(r"/change/$"))
    screenshot("held-with-statements", admin)
    act(admin, "تصویب صورت‌جلسه")
    meeting.refresh_from_db()
    assert (meeting.status, meeting.minutes_status) == ("held", "approved")
    screenshot("minutes-approved-and-locked", admin)

    # The public record.
    visitor = other_page()
    visitor.goto(f"/meetings/{meeting.pk}/")
    assert visitor.locator("h1").inner_text() == RECORDED
    assert "دوازده طرح رسیده است" in visitor.locator("li.statement").inner_text()
    decisions = visitor.get_by_role("table", name=re.compile("آنچه جلسه تصویب کرد"))
    assert ACTION_ITEM in decisions.inner_text()
    screenshot("public-record", visitor)

    # The calendar file and the feed.
    ics = visitor.request.get(f"/meetings/{meeting.pk}/calendar.ics")
    assert ics.headers["content-type"] == "text/calendar; charset=utf-8"
    event = icalendar.Calendar.from_ical(ics.body()).walk("VEVENT")[0]
    assert str(event["summary"]) == RECORDED
    assert event.decoded("dtstart") == datetime.datetime(
        2025, 1, 7, 10, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Tehran")
    )
    feed = feedparser.parse(visitor.request.get("/meetings/feed/").text())
    assert RECORDED in [entry.title for entry in feed.entries]
    entry = next(entry for entry in feed.entries if entry.title == RECORDED)
    assert entry.link == f"{live_server.url}/meetings/{meeting.pk}/"

    # The next meeting opens with the action item that is still open.
    admin.locator(".object-tools").get_by_role("link", name="آغاز جلسه بعد").click()
    assert ACTION_ITEM in admin.locator("#content-main").inner_text()
    admin.locator("#id_title").fill("جلسه بعدی کارگروه")
    admin.locator("#id_starts_at_0").fill("۱۴۰۳/۱۱/۲۰")
    admin.locator("#id_starts_at_1").fill("10:00")
    screenshot("start-the-next-meeting", admin)
    admin.get_by_role("button", name="برنامه‌ریزی جلسه بعد").click()
    admin.wait_for_url(re.compile(r"/change/$"))
    following = Meeting.objects.get(title="جلسه بعدی کارگروه")
    assert [item.text for item in following.agenda_items.get().follow_up.all()] == [
        ACTION_ITEM
    ]
    visitor.goto(f"/meetings/{following.pk}/")
    agenda = visitor.locator("ol.agenda").inner_text()
    assert ACTION_ITEM in agenda
    screenshot("next-meeting-follows-up-the-action-item", visitor)

    for browser_page in (admin, visitor):
        assert browser_page.requests.foreign == []
        assert browser_page.console_errors == []


# Journey 4: a visitor browses the archive by Jalali year, opens the seed
# meeting, and reads it in English and in Persian again.


def test_a_visitor_browses_by_jalali_year_and_reads_the_seed_meeting_in_both_languages(
    page, demo, screenshot, live_server
):
    page.goto("/")
    page.get_by_role("navigation", name="ناوبری اصلی").get_by_role(
        "link", name="جلسه‌ها"
    ).click()
    page.wait_for_url("**/meetings/")
    screenshot("archive")
    search = page.get_by_role("search", name="جست‌وجو در جلسه‌ها")
    search.get_by_label("سال").select_option(label="۱۳۹۶")
    search.get_by_role("button", name="جست‌وجو").click()
    page.wait_for_url("**year=1396*")
    titles = page.locator("article.meeting-summary h2").all_inner_texts()
    assert SEED_TITLE in titles
    # Every meeting listed took place in 1396 (21 March 2017 – 20 March 2018).
    listed = Meeting.objects.filter(title__in=titles)
    assert all(
        datetime.date(2017, 3, 21)
        <= timezone.localtime(meeting.starts_at).date()
        < datetime.date(2018, 3, 21)
        for meeting in listed
    )
    screenshot("archive-of-1396")

    page.get_by_role("link", name=SEED_TITLE).first.click()
    page.wait_for_url(f"**/meetings/{demo.pk}/")
    assert "دوشنبه ۱۸ دی ۱۳۹۶" in page.locator("main time").first.inner_text()
    screenshot("seed-meeting-in-persian")

    page.get_by_role("navigation", name="ناوبری اصلی").get_by_role(
        "link", name="English"
    ).click()
    page.wait_for_url(f"**/en/meetings/{demo.pk}/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Monday 8 January 2018" in page.locator("main time").first.inner_text()
    assert page.get_by_role("heading", name="Officials").is_visible()
    screenshot("seed-meeting-in-english")

    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="فارسی"
    ).click()
    page.wait_for_url(f"{live_server.url}/meetings/{demo.pk}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == SEED_TITLE
    screenshot("back-in-persian")
    assert page.requests.foreign == []
    assert page.console_errors == []
