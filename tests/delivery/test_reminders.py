import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from delivery import services
from delivery.models import Milestone
from proposals.models import Reminder
from tests.delivery.conftest import milestone_fields

pytestmark = pytest.mark.django_db


def test_overdue_milestone_and_report_are_reminded_once(
    plan, rep_a, follower, mailoutbox
):
    milestone = services.milestone_add(plan=plan, actor=follower, **milestone_fields())
    Milestone.objects.filter(pk=milestone.pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=3)
    )
    type(plan.proposal).objects.filter(pk=plan.pk).update(
        decided_at=timezone.now() - datetime.timedelta(days=120)
    )
    call_command("send_reminders", stdout=StringIO())
    kinds = sorted(Reminder.objects.values_list("kind", flat=True))
    assert kinds == ["milestone_overdue", "report_overdue"]
    subjects = sorted(message.subject for message in mailoutbox)
    assert len(subjects) == 2
    assert any("مراحل" in s for s in subjects)
    call_command("send_reminders", stdout=StringIO())
    assert Reminder.objects.count() == 2
    assert len(mailoutbox) == 2


def test_nothing_is_reminded_on_time(plan, follower, mailoutbox):
    services.milestone_add(plan=plan, actor=follower, **milestone_fields())
    call_command("send_reminders", stdout=StringIO())
    assert not Reminder.objects.filter(
        kind__in=["milestone_overdue", "report_overdue"]
    ).exists()
    assert mailoutbox == []
