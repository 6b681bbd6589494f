"""A meeting secretary records, from the meeting's admin page, a proposal
presented at the meeting and the agenda item it was presented under."""

import pytest

from meetings.models import Meeting
from proposals.models import Proposal
from tests.e2e.test_accessibility import staff_sign_in


@pytest.mark.parametrize("width", [1366, 360])
def test_a_secretary_links_a_proposal_to_the_meeting_and_agenda_item(
    page, demo_data, screenshot, width
):
    page.set_viewport_size({"width": width, "height": 900})
    meeting = Meeting.objects.filter(minutes_status="approved").order_by("starts_at")[0]
    item = meeting.agenda_items.order_by("order")[0]
    proposal = (
        Proposal.objects.seen_by_staff()
        .exclude(presented_at_meeting=meeting)
        .order_by("pk")[0]
    )
    staff_sign_in(page, "fa", "secretary")
    page.goto(f"/admin/meetings/meeting/{meeting.pk}/change/")
    page.locator(".object-tools a[href*='presented-at']").click()
    page.wait_for_url(f"**/presented-at/{meeting.pk}/")
    row = (
        page.locator("fieldset.presented-row")
        .filter(
            has=page.locator("select[name$='-proposal'] option[selected][value='']")
        )
        .first
    )
    row.locator("select[name$='-proposal']").select_option(str(proposal.pk))
    row.locator("select[name$='-agenda_item']").select_option(str(item.pk))
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(f"presented-{width}")
    page.locator("input[type=submit].default").click()
    page.wait_for_url(f"**/meetings/meeting/{meeting.pk}/change/")
    assert page.locator(".messagelist .success").count() == 1
    proposal.refresh_from_db()
    assert proposal.presented_at_meeting_id == meeting.pk
    assert proposal.presented_at_agenda_item_id == item.pk
