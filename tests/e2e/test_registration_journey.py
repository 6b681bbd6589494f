"""Journey 1: a new NGO applies, the registrar verifies it, the public finds it.

In Persian and in English. The directory search is typed with the Arabic
letters ي and ك, as many keyboards produce them.
"""

import re

import pytest

from core import roles
from core.l10n import to_persian_digits
from ngos.models import NGO, FocusArea
from tests.factories import (
    DEFAULT_PASSWORD,
    StaffFactory,
    valid_legal_id,
    valid_national_code,
)

NAME = "انجمن یاری زنان کرمان"
NAME_EN = "Kerman Women's Aid Society"
# The same name as a keyboard with Arabic letters types it: ي (U+064A)
# for ی and ك (U+0643) for ک.
TYPED_WITH_ARABIC_LETTERS = "انجمن ياري زنان كرمان"

WORDS = {
    "fa": {
        "prefix": "",
        "send": "ارسال درخواست",
        "pending": "در انتظار تأیید",
        "verify": "تأیید",
        "verified": "تأییدشده",
        "search": "جست‌وجو",
        "found": "۱ سازمان یافت شد",
    },
    "en": {
        "prefix": "/en",
        "send": "Send the application",
        "pending": "pending verification",
        "verify": "Verify",
        "verified": "verified",
        "search": "Search",
        "found": "1 NGO found",
    },
}


@pytest.fixture
def registrar(migration_data):
    return StaffFactory(username="registrar", groups=[roles.REGISTRY_OFFICERS])


def apply(page, words, screenshot):
    page.goto(f"{words['prefix']}/ngos/register/")
    page.locator("#id_name").fill(NAME)
    page.locator("#id_name_en").fill(NAME_EN)
    # Identifiers typed in Persian digits, as the applicant would.
    page.locator("#id_national_id").fill(to_persian_digits(valid_legal_id(4242)))
    page.locator("#id_province").select_option("IR-08")
    page.locator("#id_city").fill("کرمان")
    page.locator("#id_description").fill(
        "آموزش مهارت و کارآفرینی خانگی برای زنان سرپرست خانوار در کرمان"
    )
    for code in ("skills-training", "economic-empowerment"):
        area = FocusArea.objects.get(code=code)
        page.locator(f"input[name=focus_areas][value='{area.pk}']").check()
    page.locator("#id_first_name").fill("زهرا")
    page.locator("#id_last_name").fill("کرمانی")
    page.locator("#id_role").select_option("director")
    page.locator("#id_national_code").fill(valid_national_code(4242))
    page.locator("#id_mobile").fill("۰۹۱۳ ۱۲۳ ۴۵۶۷")
    page.locator("#id_representative_email").fill("zahra@example.org")
    page.locator("#id_password1").fill(DEFAULT_PASSWORD)
    page.locator("#id_password2").fill(DEFAULT_PASSWORD)
    screenshot("application-form-filled")
    page.get_by_role("button", name=words["send"]).click()
    page.wait_for_url(re.compile(r"/ngos/application/$"))
    assert page.locator(".status-badge").inner_text() == words["pending"]
    screenshot("application-received-pending")


def verify_in_admin(admin, words, screenshot):
    admin.goto(f"{words['prefix']}/admin/login/")
    admin.locator("#id_username").fill("registrar")
    admin.locator("#id_password").fill(DEFAULT_PASSWORD)
    admin.locator("input[type=submit]").click()
    admin.wait_for_url(re.compile(r"/admin/$"))
    admin.goto(f"{words['prefix']}/admin/ngos/ngo/?status__exact=pending")
    admin.get_by_role("link", name=NAME).click()
    screenshot("registrar-opens-the-application", admin)
    admin.locator(".object-tools").get_by_role("link", name=words["verify"]).click()
    admin.locator("#id_basis").select_option("licence")
    admin.locator("#id_evidence").fill("پروانه فعالیت شماره ۱۲۳۴ از استانداری کرمان")
    screenshot("verification-basis", admin)
    admin.get_by_role("button", name=words["verify"]).click()
    admin.wait_for_url(re.compile(r"/admin/ngos/ngo/\d+/change/$"))
    assert admin.locator(".status-badge").first.inner_text() == words["verified"]
    screenshot("verified-in-the-admin", admin)


@pytest.mark.parametrize("language", ["fa", "en"])
def test_an_ngo_applies_is_verified_and_found_with_arabic_letters(
    page, other_page, registrar, screenshot, language
):
    words = WORDS[language]
    apply(page, words, screenshot)
    ngo = NGO.objects.get(name=NAME)
    assert ngo.status == "pending"

    admin = other_page()
    verify_in_admin(admin, words, screenshot)
    ngo.refresh_from_db()
    assert ngo.status == "verified"
    assert ngo.status_changes.last().basis == "licence"

    visitor = other_page()
    visitor.goto(f"{words['prefix']}/ngos/")
    visitor.get_by_label(words["search"], exact=True).fill(TYPED_WITH_ARABIC_LETTERS)
    visitor.get_by_role("button", name=words["search"]).click()
    visitor.wait_for_url("**q=*")
    # An English page gives the NGO's English name (found by its Persian one).
    shown = NAME if language == "fa" else NAME_EN
    assert visitor.locator(".ngo-results h2").all_inner_texts() == [shown]
    assert visitor.locator("#result-count").inner_text() == words["found"]
    screenshot("directory-search-with-arabic-letters", visitor)
    visitor.get_by_role("link", name=shown).click()
    assert visitor.locator("h1").inner_text() == shown
    screenshot("public-profile", visitor)

    for browser_page in (page, admin, visitor):
        assert browser_page.requests.foreign == []
        assert browser_page.console_errors == []
