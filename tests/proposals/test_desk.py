"""The call managers' desk on the admin's front page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core import roles
from proposals.models import ConflictOfInterest, Proposal
from proposals.workflow import Status
from tests.factories import (
    CallFactory,
    ProposalFactory,
    StaffFactory,
    score_enough,
)

pytestmark = pytest.mark.django_db


def under_review(**kwargs):
    proposal = ProposalFactory(**kwargs)
    Proposal.objects.filter(pk=proposal.pk).update(
        status=Status.UNDER_REVIEW, submitted_at=timezone.now()
    )
    return proposal


def test_call_managers_see_calls_closing_and_proposals_ready(client, reviewer):
    now = timezone.now()
    soon = CallFactory(
        title="فراخوان نزدیک به پایان",
        opens_at=now - datetime.timedelta(days=10),
        closes_at=now + datetime.timedelta(days=5),
    )
    CallFactory(
        title="فراخوان دور",
        opens_at=now - datetime.timedelta(days=10),
        closes_at=now + datetime.timedelta(days=40),
    )
    ready = under_review(title="آماده تصمیم")
    score_enough(ready)
    short = under_review(title="یک برگه کم")
    sheets = score_enough(short)
    ConflictOfInterest.objects.create(proposal=short, reviewer=sheets[0].reviewer)
    client.force_login(StaffFactory(groups=[roles.CALL_MANAGERS]))
    page = client.get(reverse("admin:index")).content.decode()
    desk = page[page.index("call-managers-desk") :]
    assert soon.title in desk
    assert "فراخوان دور" not in desk
    assert "آماده تصمیم" in desk
    assert "یک برگه کم" not in desk
    client.force_login(reviewer)
    assert (
        "call-managers-desk" not in client.get(reverse("admin:index")).content.decode()
    )
