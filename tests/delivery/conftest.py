import datetime

import pytest
from django.utils import timezone

from core import roles
from delivery import services
from proposals.models import Proposal, Status
from tests.factories import ProposalFactory, StaffFactory


@pytest.fixture
def follower(db):
    """A call manager: follows supported plans."""
    return StaffFactory(username="manager", groups=[roles.CALL_MANAGERS])


def approved_proposal(user, **kwargs):
    proposal = ProposalFactory(
        ngo=user.representative.ngo,
        created_by=user,
        reference=kwargs.pop("reference", "1405-00007"),
        **kwargs,
    )
    Proposal.objects.filter(pk=proposal.pk).update(
        status=Status.APPROVED,
        submitted_at=timezone.now() - datetime.timedelta(days=60),
        decided_at=timezone.now() - datetime.timedelta(days=30),
    )
    proposal.refresh_from_db()
    return proposal


@pytest.fixture
def plan(rep_a):
    return services.plan_for(approved_proposal(rep_a))


def milestone_fields(**overrides):
    return {
        "title": "کارگاه‌های مهارت‌آموزی",
        "due_date": timezone.localdate() + datetime.timedelta(days=30),
        "deliverable": "فهرست شرکت‌کنندگان",
        "amount": 300_000_000,
        **overrides,
    }


def report_fields(**overrides):
    today = timezone.localdate()
    return {
        "period_start": today - datetime.timedelta(days=60),
        "period_end": today - datetime.timedelta(days=1),
        "work_done": "شش کارگاه برگزار شد.",
        "funds_spent": 250_000_000,
        "public_summary": "شش کارگاه خیاطی برای ۴۰ زن سرپرست خانوار",
        "is_final": False,
        **overrides,
    }
