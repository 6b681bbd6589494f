"""The open data page and a dataset's dictionary, on a phone and a desktop,
in Persian and English: nothing sticks out, every stacked cell is labelled,
and the downloads are there."""

import pytest

from tests.e2e.test_mobile import PHONE, overflow, prefixed
from tests.e2e.test_public_pages import UNLABELLED_OR_CUT

DESKTOP = {"width": 1366, "height": 900}


@pytest.mark.parametrize("language", ["fa", "en"])
@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["360", "1366"])
def test_open_data_pages_read_well(page, demo_data, language, size, screenshot):
    page.set_viewport_size(size)
    page.goto(prefixed(language, "/"))
    page.locator("footer").get_by_role(
        "link", name="داده‌های باز" if language == "fa" else "Open data"
    ).click()
    page.wait_for_url(f"**{prefixed(language, '/data/')}")
    assert overflow(page) is None
    if size == PHONE:  # tables are stacked cards on a phone only
        assert page.evaluate(UNLABELLED_OR_CUT) == []
    assert page.locator("main a", has_text="CSV").count() == 6
    assert page.locator("main a", has_text="JSON").count() == 6
    assert page.locator('main p[lang="fa"]').count() == 1
    assert page.locator('main p[lang="en"]').count() == 1
    screenshot(f"data-{language}-{size['width']}")

    page.locator('main th a[href$="/data/supported-plans/"]').click()
    page.wait_for_url(f"**{prefixed(language, '/data/supported-plans/')}")
    assert overflow(page) is None
    if size == PHONE:  # tables are stacked cards on a phone only
        assert page.evaluate(UNLABELLED_OR_CUT) == []
    assert page.locator("main tbody code").count() == 13
    screenshot(f"dataset-{language}-{size['width']}")
    assert page.console_errors == []
    assert page.requests.foreign == []


@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_meeting_archive_offers_the_calendar(page, demo_data, language, screenshot):
    page.set_viewport_size(PHONE)
    page.goto(prefixed(language, "/meetings/"))
    link = page.locator('main a[href$="/meetings/calendar.ics"]')
    assert link.count() == 1
    assert overflow(page) is None
    link.scroll_into_view_if_needed()
    screenshot(f"meetings-{language}-360")
    response = page.request.get(link.get_attribute("href"))
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.text().count("BEGIN:VEVENT") >= 1
