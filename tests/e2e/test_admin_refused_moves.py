"""A decision the rules refuse now is shown on the proposal's admin page as
a disabled button with why, legible at a phone's width and a desktop's."""

import pytest
from django.utils import timezone

from proposals.models import Proposal
from proposals.workflow import Status
from tests.e2e.conftest import open_page
from tests.e2e.test_accessibility import prefixed, staff_sign_in
from tests.factories import ProposalFactory, StaffFactory, make_sheet

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("language", ["fa", "en"])
@pytest.mark.parametrize("width", [360, 1366])
def test_a_refused_decision_is_shown_disabled_with_why(
    browser, live_server, demo_data, screenshot, language, width
):
    proposal = ProposalFactory(title="طرح با یک برگه امتیاز")
    Proposal.objects.filter(pk=proposal.pk).update(
        status=Status.UNDER_REVIEW, submitted_at=timezone.now()
    )
    make_sheet(proposal, StaffFactory())
    page = open_page(
        browser,
        live_server,
        viewport={"width": width, "height": 900},
        timezone_id="Asia/Tehran",
    )
    staff_sign_in(page, language, "admin")
    page.goto(prefixed(language, f"/admin/proposals/proposal/{proposal.pk}/change/"))
    disabled = page.locator(".object-tools .move-disabled")
    assert disabled.count() == 2
    why = page.locator(".object-tools .move-refusal").first
    assert why.is_visible()
    expected = "۱ از ۲" if language == "fa" else "1 of the 2"
    assert expected in why.inner_text()
    # A disabled move is no link; the move the rules allow still is.
    assert page.locator(".object-tools a[href$='/move/approve/']").count() == 0
    assert page.locator(".object-tools a[href$='/move/request_changes/']").count() == 1
    width_now = page.evaluate("document.documentElement.scrollWidth")
    assert width_now <= width
    screenshot(f"change-page-{language}-{width}", page)
    page.context.close()
