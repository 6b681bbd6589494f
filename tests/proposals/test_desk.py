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


def test_status_counts_come_from_the_cache_and_follow_every_write(
    client, superuser, count_queries
):
    from proposals.models import Proposal, Status

    client.force_login(superuser)
    grouped = 'COUNT("proposals_proposal"."id") AS "n"'

    def counts():
        page = client.get(reverse("admin:index"))
        return {value: n for value, _label, n in page.context["by_status"]}

    proposal = ProposalFactory()
    proposal.status, proposal.submitted_at = Status.SUBMITTED, timezone.now()
    proposal.save()
    with count_queries() as counted:
        assert counts()[Status.SUBMITTED] == 1
    assert any(grouped in q["sql"] for q in counted.captured_queries)
    with count_queries() as cached:
        counts()
    assert not any(grouped in q["sql"] for q in cached.captured_queries)
    # A save, a bulk update and a delete each count again.
    proposal.status = Status.UNDER_REVIEW
    proposal.save()
    assert (counts()[Status.SUBMITTED], counts()[Status.UNDER_REVIEW]) == (0, 1)
    Proposal.objects.filter(pk=proposal.pk).update(status=Status.APPROVED)
    assert (counts()[Status.UNDER_REVIEW], counts()[Status.APPROVED]) == (0, 1)
    Proposal.objects.filter(pk=proposal.pk).delete()
    assert counts()[Status.APPROVED] == 0
