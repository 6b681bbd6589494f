"""Calls for proposals in the browser: from the list to the proposal form
with the call chosen, in Persian; and the two public pages on a phone and a
laptop, in both languages."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import DEFAULT_PASSWORD, CallFactory, RepresentativeFactory

SIZES = {"phone": (360, 780), "laptop": (1366, 900)}


def fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def calls():
    now = timezone.now()
    open_ = CallFactory(
        title="فراخوان طرح‌های اشتغال خانگی زنان سرپرست خانوار",
        title_en="Call for home-based employment plans",
        focus_areas=["economic-empowerment"],
        provinces=["IR-23", "IR-10"],
    )
    CallFactory(
        title="فراخوان آموزش مهارت",
        title_en="Call for skills training",
        opens_at=now + datetime.timedelta(days=5),
        closes_at=now + datetime.timedelta(days=40),
    )
    CallFactory(
        title="فراخوان ایده‌ها و طرح‌های اجرایی",
        title_en="Call for ideas and executive plans",
        opens_at=now - datetime.timedelta(days=400),
        closes_at=now - datetime.timedelta(days=300),
    )
    return open_


def test_a_representative_applies_to_a_call_from_its_page(page, screenshot):
    call = calls()
    RepresentativeFactory(user__username="rep_calls")
    page.goto("/accounts/login/")
    page.get_by_label("نام کاربری").fill("rep_calls")
    page.get_by_label("گذرواژه").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="ورود").click()
    page.wait_for_url("**/proposals/")
    page.goto("/calls/")
    page.get_by_role("link", name=call.title).click()
    page.wait_for_url(f"**/calls/{call.pk}/")
    assert call.title in page.locator("h1").inner_text()
    page.locator(f'a[href$="/proposals/new/?call={call.pk}"]').click()
    page.wait_for_url("**/proposals/new/**")
    assert page.locator("#id_call").input_value() == str(call.pk)
    screenshot("form-with-the-call")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", ["fa", "en"])
def test_the_calls_pages_fit_and_are_in_order(page, screenshot, language, size):
    call = calls()
    prefix = "" if language == "fa" else "/en"
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))
    page.goto(f"{prefix}/calls/")
    text = page.locator("main").inner_text()
    if language == "fa":
        titles = [call.title, "فراخوان آموزش مهارت", "فراخوان ایده‌ها"]
    else:
        titles = [call.title_en, "Call for skills training", "Call for ideas"]
    positions = [text.index(title) for title in titles]
    assert positions == sorted(positions)
    assert fits(page)
    screenshot(f"calls-{language}-{size}")
    page.goto(f"{prefix}/calls/{call.pk}/")
    assert fits(page)
    screenshot(f"call-{language}-{size}")
