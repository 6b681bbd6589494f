"""Each role's desk on the admin's front page, at the widths staff use, in
both languages: it is there, it reads, and nothing scrolls sideways."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from meetings.models import Meeting
from ngos.models import NGO
from proposals.models import Proposal, ReviewAssignment
from proposals.reminders import OVERDUE_SCORE_DAYS
from proposals.workflow import Status
from tests.e2e.conftest import open_page
from tests.e2e.test_accessibility import prefixed, staff_sign_in
from tests.factories import (
    DecisionFactory,
    MeetingFactory,
    NGOFactory,
    ProposalFactory,
    RepresentativeFactory,
)

DESKS = {
    "reviewer": "reviewer-desk",
    "registrar": "registry-desk",
    "secretary": "secretary-desk",
}


def something_late():
    """A late row on each desk, whatever the demo holds today."""
    reviewer = User.objects.get(username="reviewer")
    late = timezone.now() - datetime.timedelta(days=OVERDUE_SCORE_DAYS + 3)
    for days in (OVERDUE_SCORE_DAYS + 3, 2):
        representative = RepresentativeFactory()
        proposal = ProposalFactory(
            ngo=representative.ngo, created_by=representative.user
        )
        moment = timezone.now() - datetime.timedelta(days=days)
        Proposal.objects.filter(pk=proposal.pk).update(
            status=Status.UNDER_REVIEW,
            submitted_at=moment,
            last_submitted_at=moment,
            status_changed_at=moment,
            reference=f"1405-{proposal.pk:05d}",
        )
        ReviewAssignment.objects.create(
            proposal=proposal, reviewer=reviewer, assigned_by=reviewer
        )
    ngo = NGOFactory(status=NGO.Status.PENDING, name="انجمن یاری زنان سرپرست خانوار")
    NGO.objects.filter(pk=ngo.pk).update(created_at=late)
    MeetingFactory(
        status=Meeting.Status.SCHEDULED,
        starts_at=timezone.now() - datetime.timedelta(days=4),
        title="نشست فصلی کارگروه",
    )
    DecisionFactory(due_on=timezone.localdate() - datetime.timedelta(days=12))


@pytest.mark.parametrize("username", DESKS)
def test_each_role_finds_its_desk_at_both_widths(
    browser, live_server, demo_data, screenshot, username
):
    something_late()
    for language in ("fa", "en"):
        for width in (1366, 360):
            page = open_page(
                browser,
                live_server,
                viewport={"width": width, "height": 900},
                timezone_id="Asia/Tehran",
            )
            staff_sign_in(page, language, username)
            page.goto(prefixed(language, "/admin/"))
            assert page.locator(f".{DESKS[username]}").count() == 1
            others = [desk for name, desk in DESKS.items() if name != username]
            for desk in others:
                assert page.locator(f".{desk}").count() == 0
            wide = page.evaluate(
                "() => document.documentElement.scrollWidth"
                " > document.documentElement.clientWidth"
            )
            assert not wide
            screenshot(f"{username}-{language}-{width}", page)
            page.context.close()
