"""The admin at the widths staff use: nothing scrolls sideways, a change
page's buttons stay clear of its title, and the Jalali calendar works from
the keyboard (issue 15, items 18, 19 and 22)."""

import datetime

import pytest

from core.jalali import today_jalali
from core.l10n import to_persian_digits
from meetings.models import Meeting
from ngos.models import NGO
from proposals.models import Proposal
from tests.e2e.axe import violations
from tests.e2e.conftest import open_page
from tests.e2e.test_accessibility import prefixed, staff_sign_in

LANGUAGES = ["fa", "en"]

OVERFLOW = """(selectors) => {
  const wide = [];
  for (const selector of selectors) {
    for (const element of document.querySelectorAll(selector)) {
      if (element.scrollWidth > element.clientWidth) {
        wide.push(`${selector}: ${element.scrollWidth} > ${element.clientWidth}`);
      }
    }
  }
  return wide;
}"""


@pytest.fixture
def admin_page(browser, live_server, demo_data):
    pages = []

    def new(width, language="fa", **options):
        page = open_page(
            browser,
            live_server,
            viewport={"width": width, "height": 900},
            timezone_id="Asia/Tehran",
            **options,
        )
        pages.append(page)
        staff_sign_in(page, language, "admin")
        return page

    yield new
    for page in pages:
        page.context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_proposal_list_and_the_meeting_form_fit_1366_pixels(
    admin_page, screenshot, language
):
    page = admin_page(1366, language)
    page.goto(prefixed(language, "/admin/proposals/proposal/"))
    # Every column is in view, the last ones included.
    assert page.locator("#result_list th.column-days_waiting").is_visible()
    wide = page.evaluate(OVERFLOW, ["html", "#changelist", ".results"])
    screenshot(f"proposals-{language}", page)
    assert wide == []
    meeting = Meeting.objects.filter(minutes_status="draft").order_by("pk")[0]
    page.goto(prefixed(language, f"/admin/meetings/meeting/{meeting.pk}/change/"))
    assert page.locator(".inline-group").count() >= 4
    wide = page.evaluate(
        OVERFLOW, ["html", "#content-main", ".inline-group", ".inline-group .tabular"]
    )
    screenshot(f"meeting-{language}", page)
    assert wide == []
    # The last boxes of a row, "attended" and "delete", are on screen.
    width = page.viewport_size["width"]
    for selector in [
        "#participants-group td.field-attended input",
        "#participants-group td.delete input",
    ]:
        box = page.locator(selector).first.bounding_box()
        assert 0 <= box["x"] and box["x"] + box["width"] <= width, selector
    assert page.console_errors == []


def overlaps(a, b) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.parametrize("width", [1366, 360])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_proposal_page_buttons_stay_clear_of_its_title(
    admin_page, screenshot, width, language
):
    page = admin_page(width, language)
    # The longest title the demo has, so that it would reach the buttons.
    proposal = max(Proposal.objects.seen_by_staff(), key=lambda p: len(str(p)))
    page.goto(prefixed(language, f"/admin/proposals/proposal/{proposal.pk}/change/"))
    titles = [
        page.locator(selector).bounding_box()
        for selector in ["#content > h1", "#content > h2"]
    ]
    buttons = page.locator(".object-tools li")
    assert buttons.count() >= 3
    screenshot(f"proposal-{language}-{width}", page)
    for index in range(buttons.count()):
        button = buttons.nth(index).bounding_box()
        for title in titles:
            assert not overlaps(title, button), (index, title, button)
    assert page.console_errors == []


def test_the_jalali_calendar_picks_a_date_from_the_keyboard(admin_page, screenshot):
    page = admin_page(1366)
    ngo = NGO.objects.order_by("pk")[0]
    page.goto(f"/admin/ngos/ngo/{ngo.pk}/change/")
    box = page.locator("#id_registration_date")
    box.fill("")
    box.focus()
    page.keyboard.press("ArrowDown")
    calendar = page.get_by_role("dialog", name="تقویم")
    assert calendar.is_visible()
    today = today_jalali()
    # The focus is on today, a button named by its date.
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused.startswith(to_persian_digits(f"{today.day} "))
    assert focused.endswith(to_persian_digits(f" {today.year}"))
    screenshot("calendar-open", page)
    # In a right-to-left calendar the next day is on the left; a week down.
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    picked = today + datetime.timedelta(days=8)
    expected = to_persian_digits(f"{picked.year}/{picked.month:02d}/{picked.day:02d}")
    assert box.input_value() == expected
    # The picker opens and closes as the keys are handled: wait for it (a
    # check at once read it before it closed on a busy machine).
    calendar.wait_for(state="hidden", timeout=3000)
    assert page.evaluate("document.activeElement.id") == "id_registration_date"
    # Escape closes it and leaves the focus in the box.
    page.keyboard.press("ArrowDown")
    calendar.wait_for(state="visible", timeout=3000)
    page.keyboard.press("Escape")
    calendar.wait_for(state="hidden", timeout=3000)
    assert page.evaluate("document.activeElement.id") == "id_registration_date"
    assert box.input_value() == expected
    assert page.console_errors == []
    assert page.requests.foreign == []


def test_a_day_picked_at_once_closes_the_calendar_for_good(admin_page):
    # The calendar turns itself visible again 300 ms after it opens; a day
    # picked before then brought it back, open for no box (a CI run).
    page = admin_page(1366)
    ngo = NGO.objects.order_by("pk")[0]
    page.goto(f"/admin/ngos/ngo/{ngo.pk}/change/")
    box = page.locator("#id_registration_date")
    box.fill("")
    box.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    today = today_jalali()
    expected = to_persian_digits(f"{today.year}/{today.month:02d}/{today.day:02d}")
    assert box.input_value() == expected
    # Past the calendar's 300 ms: it must still be closed.
    page.wait_for_timeout(700)
    assert not page.get_by_role("dialog", name="تقویم").is_visible()
    assert box.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.id") == "id_registration_date"
    assert page.console_errors == []


def test_a_day_clicked_with_the_mouse_closes_the_box(admin_page):
    page = admin_page(1366)
    ngo = NGO.objects.order_by("pk")[0]
    page.goto(f"/admin/ngos/ngo/{ngo.pk}/change/")
    box = page.locator("#id_registration_date")
    box.fill("")
    box.click()
    calendar = page.get_by_role("dialog", name="تقویم")
    calendar.wait_for(state="visible", timeout=3000)
    assert box.get_attribute("aria-expanded") == "true"
    calendar.locator("div.jdp-day.today").click()
    calendar.wait_for(state="hidden", timeout=3000)
    today = today_jalali()
    expected = to_persian_digits(f"{today.year}/{today.month:02d}/{today.day:02d}")
    assert box.input_value() == expected
    # The box tells assistive technology that its calendar is closed.
    assert box.get_attribute("aria-expanded") == "false"
    assert page.console_errors == []


def test_the_open_calendar_has_no_axe_violations(admin_page):
    # axe is injected, so this page bypasses the Content-Security-Policy.
    page = admin_page(1366, bypass_csp=True)
    page.goto("/admin/proposals/proposal/")
    page.locator("#id_submitted_at__jfrom").focus()
    page.keyboard.press("ArrowDown")
    assert page.get_by_role("dialog", name="تقویم").is_visible()
    assert violations(page) == []
