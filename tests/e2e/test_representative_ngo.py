"""Journey: a representative reads what the registry holds about her NGO and
asks for a new phone number and province; the registrar approves it in the
admin, old and new side by side; she sees the outcome and the history."""

import re

import pytest

from core import roles
from core.l10n import to_persian_digits
from ngos.models import NGOChangeRequest
from tests.factories import DEFAULT_PASSWORD, RepresentativeFactory, StaffFactory

OLD_PHONE = "03432221111"
NEW_PHONE = "03432225555"


@pytest.fixture
def representative(migration_data):
    representative = RepresentativeFactory(
        user__username="09131234567",
        mobile="09131234567",
        ngo__name="خانه مهر کرمان",
        ngo__province_id="IR-08",
        ngo__phone=OLD_PHONE,
    )
    representative.ngo.provinces_served.set(["IR-08"])
    return representative


@pytest.fixture
def registrar(migration_data):
    return StaffFactory(username="registrar", groups=[roles.REGISTRY_OFFICERS])


def test_a_representative_asks_for_changes_and_the_registrar_approves(
    page, other_page, representative, registrar, screenshot
):
    page.goto("/accounts/login/")
    page.locator("#id_username").fill("09131234567")
    page.locator("#id_password").fill(DEFAULT_PASSWORD)
    page.locator("main [type=submit]").click()
    page.wait_for_url("**/proposals/")

    # "My account" in the menu leads to the NGO's page.
    page.get_by_role("link", name="حساب من").click()
    page.wait_for_url("**/ngos/application/")
    record = page.locator(".registry-record").last.inner_text()
    assert to_persian_digits(OLD_PHONE) in record
    screenshot("ngo-page")

    page.locator("a[href$='/ngos/application/changes/new/']").click()
    page.wait_for_url("**/ngos/application/changes/new/")
    assert page.locator("#id_phone").input_value() == to_persian_digits(OLD_PHONE)
    # A mistake: the form says so and keeps the rest.
    page.locator("#id_phone").fill("۰۳۴-۳۲۲۲ ۵۵۵۵")
    page.locator("#id_email").fill("not an address")
    page.locator("input[value='IR-28']").check()
    page.locator("[name=send]").click()
    page.locator("#form-errors").wait_for()
    assert page.locator("#id_phone").input_value() == "۰۳۴-۳۲۲۲ ۵۵۵۵"
    assert page.locator("input[value='IR-28']").is_checked()
    screenshot("change-request-with-an-error")
    page.locator("#id_email").fill("info@mehr.example.org")
    page.locator("[name=send]").click()
    page.wait_for_url("**/ngos/application/")
    pending = page.locator(".change-request").first
    assert to_persian_digits(NEW_PHONE) in pending.inner_text()
    # While it waits, no second request.
    assert page.locator("a[href$='/ngos/application/changes/new/']").count() == 0
    screenshot("change-request-pending")
    change_request = NGOChangeRequest.objects.get()
    assert change_request.phone == NEW_PHONE

    # The registrar compares and approves.
    admin = other_page()
    admin.goto("/admin/login/")
    admin.locator("#id_username").fill("registrar")
    admin.locator("#id_password").fill(DEFAULT_PASSWORD)
    admin.locator("input[type=submit]").click()
    admin.wait_for_url(re.compile(r"/admin/$"))
    admin.goto("/admin/ngos/ngochangerequest/")
    admin.get_by_role("link", name="خانه مهر کرمان").click()
    admin.wait_for_url(re.compile(r"/change/$"))
    screenshot("registrar-compares", admin)
    table = admin.locator(".change-comparison")
    changed = table.locator("tr.changed").all_inner_texts()
    assert any(
        to_persian_digits(OLD_PHONE) in row and to_persian_digits(NEW_PHONE) in row
        for row in changed
    )
    admin.locator("a[href$='/move/approve/']").click()
    admin.locator("input[type=submit]").click()
    admin.wait_for_url(re.compile(r"/change/$"))
    change_request.refresh_from_db()
    assert change_request.status == NGOChangeRequest.Status.APPROVED

    # She sees the outcome, the new number and the history entry.
    page.reload()
    assert (
        to_persian_digits(NEW_PHONE)
        in page.locator(".registry-record").last.inner_text()
    )
    assert page.locator("a[href$='/ngos/application/changes/new/']").count() == 1
    history = page.locator("#history-title + ol").inner_text()
    assert to_persian_digits(NEW_PHONE) in history
    screenshot("change-request-approved")

    page.goto("/en/ngos/application/")
    assert NEW_PHONE in page.locator(".registry-record").last.inner_text()
    screenshot("ngo-page-in-english")
