"""Applying with mistakes and signing in, as applicants and representatives
meet them: in Persian and English, on a phone (360 px) and a laptop
(1366 px)."""

import pytest

from tests.factories import DEFAULT_PASSWORD, RepresentativeFactory, UserFactory

SIZES = {"phone": (360, 780), "laptop": (1366, 900)}
WORDS = {
    "fa": {
        "prefix": "",
        "send": "ارسال درخواست",
        "note": "برای امنیت شما گذرواژه نگه داشته نمی‌شود",
        "date_hint": "سال/ماه/روز",
        "sign_in": "ورود",
    },
    "en": {
        "prefix": "/en",
        "send": "Send the application",
        "note": "For your safety the password is not kept",
        "date_hint": "YYYY-MM-DD",
        "sign_in": "Sign in",
    },
}


def fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", WORDS)
def test_a_form_sent_back_keeps_what_was_typed_and_says_why_passwords_are_empty(
    page, screenshot, language, size
):
    words = WORDS[language]
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))
    page.goto(f"{words['prefix']}/ngos/register/")
    date_box = page.locator("#id_registration_date")
    assert date_box.get_attribute("placeholder") == words["date_hint"]
    assert date_box.input_value() == ""
    page.locator("#id_name").fill("انجمن یاری زنان کرمان")
    page.locator("#id_city").fill("کرمان")
    page.locator("#id_mobile").fill("۰۹۱۳ ۱۲۳ ۴۵۶۷")
    page.locator("#id_password1").fill(DEFAULT_PASSWORD)
    page.locator("#id_password2").fill(DEFAULT_PASSWORD + "x")
    page.get_by_role("button", name=words["send"]).click()
    page.wait_for_selector("#form-errors")
    assert page.locator("#id_name").input_value() == "انجمن یاری زنان کرمان"
    assert page.locator("#id_city").input_value() == "کرمان"
    assert page.locator("#id_mobile").input_value() == "۰۹۱۳ ۱۲۳ ۴۵۶۷"
    assert page.locator("#id_password1").input_value() == ""
    note = page.locator("#id_password1_helptext")
    assert words["note"] in note.inner_text()
    assert note.is_visible()
    assert page.locator("#id_password1").get_attribute("aria-describedby") == (
        "id_password1_helptext"
    )
    assert fits(page)
    page.locator("#id_password1").scroll_into_view_if_needed()
    screenshot(f"registration-errors-{language}-{size}")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", WORDS)
def test_a_representative_made_by_staff_signs_in_with_the_mobile_in_persian_digits(
    page, screenshot, language, size
):
    words = WORDS[language]
    RepresentativeFactory(
        user=UserFactory(username="zahra.kermani"), mobile="09131234567"
    )
    page.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))
    page.goto(f"{words['prefix']}/accounts/login/")
    page.locator("#id_username").fill("+۹۸ ۹۱۳ ۱۲۳ ۴۵۶۷")
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    assert fits(page)
    screenshot(f"sign-in-{language}-{size}")
    with page.expect_navigation():
        page.locator("form button[type=submit]").click()
    assert "/login/" not in page.url, page.url
