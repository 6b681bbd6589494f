"""A 360-pixel-wide phone: nothing scrolls sideways, the menu folds away,
and the forms can be filled and sent."""

import re

import pytest

from meetings.models import Meeting
from ngos.models import NGO
from proposals.models import Proposal, Status
from tests.factories import DEFAULT_PASSWORD

PHONE = {"width": 360, "height": 740}

# What sticks out furthest past the right edge, to say why a page is wide.
WIDEST = """() => {
    let widest = null, right = window.innerWidth;
    for (const element of document.body.querySelectorAll("*")) {
        const box = element.getBoundingClientRect();
        if (box.right > right + 0.5 || box.left < -0.5) {
            right = Math.max(right, box.right);
            widest = element.tagName.toLowerCase()
                + (element.id ? "#" + element.id : "")
                + (element.className && typeof element.className === "string"
                   ? "." + element.className.trim().split(/\\s+/).join(".") : "");
        }
    }
    return widest;
}"""


def overflow(page):
    """``None`` when the page fits the screen, else what sticks out."""
    if page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"):
        return None
    return page.evaluate(WIDEST) or "?"


def prefixed(language, path):
    return path if language == "fa" else f"/en{path}"


def sign_in(page, language):
    page.goto(prefixed(language, "/accounts/login/"))
    page.locator("#id_username").fill("rep_a")
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(re.compile(r"/proposals/$"))


@pytest.mark.parametrize("language", ["fa", "en"])
def test_no_page_scrolls_sideways_on_a_phone(page, demo_data, language, screenshot):
    page.set_viewport_size(PHONE)
    ngo = NGO.objects.public().order_by("pk")[0]
    seed = Meeting.objects.filter(minutes_status="approved").order_by("starts_at")[0]
    paths = [
        "/",
        "/ngos/",
        "/ngos/?q=هیچ‌سازمانی",
        f"/ngos/{ngo.pk}/",
        "/ngos/register/",
        "/data/",
        "/data/ngos/",
        "/meetings/",
        f"/meetings/{seed.pk}/",
        "/proposals/supported/",
        "/stats/",
        "/about/",
        "/contact/",
        "/privacy/",
        "/accounts/login/",
        "/accounts/password_reset/",
    ]
    wide = {}
    for path in paths:
        page.goto(prefixed(language, path))
        if found := overflow(page):
            wide[path] = found
    page.goto(prefixed(language, "/no-such-page/"))
    if found := overflow(page):
        wide["404"] = found

    sign_in(page, language)
    proposals = Proposal.objects.filter(ngo__representatives__user__username="rep_a")
    draft = proposals.filter(status=Status.DRAFT).first()
    for path in [
        "/proposals/",
        "/proposals/new/",
        f"/proposals/{draft.pk}/",
        f"/proposals/{draft.pk}/edit/",
        "/ngos/application/",
    ]:
        page.goto(prefixed(language, path))
        if found := overflow(page):
            wide[path] = found
    screenshot("proposal-on-a-phone")
    assert wide == {}


def test_the_menu_folds_away_and_opens_on_a_phone(page, demo_data, screenshot):
    page.set_viewport_size(PHONE)
    page.goto("/")
    toggler = page.get_by_role("button", name="نمایش یا پنهان کردن فهرست")
    links = page.locator("#site-nav-links")
    assert toggler.get_attribute("aria-expanded") == "false"
    assert not links.is_visible()
    screenshot("menu-folded")
    toggler.click()
    links.wait_for(state="visible")
    assert toggler.get_attribute("aria-expanded") == "true"
    screenshot("menu-open")
    links.get_by_role("link", name="آمار").click()
    page.wait_for_url("**/stats/")
    assert overflow(page) is None
    assert page.console_errors == []


def test_a_phone_fills_and_sends_the_registration_form(
    page, migration_data, screenshot
):
    page.set_viewport_size(PHONE)
    page.goto("/ngos/register/")
    fields = page.locator(
        "form.registration-form :is(input:not([type=hidden]), select, textarea)"
    )
    outside = [
        fields.nth(index).get_attribute("name")
        for index in range(fields.count())
        if not (
            0 <= fields.nth(index).bounding_box()["x"]
            and fields.nth(index).bounding_box()["x"]
            + fields.nth(index).bounding_box()["width"]
            <= PHONE["width"]
        )
    ]
    assert outside == []
    # Sent empty: the errors come first, on screen, and the page still fits.
    page.get_by_role("button", name="ارسال درخواست").click()
    summary = page.locator("#form-errors")
    summary.wait_for()
    box = summary.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert overflow(page) is None
    screenshot("registration-errors-on-a-phone")
