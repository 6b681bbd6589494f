"""``send_reminders``: each kind, once, however often and wherever it runs."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core import roles
from proposals import services
from proposals.models import Proposal, Reminder
from proposals.reminders import claim, send_reminders
from proposals.workflow import Status
from tests.factories import (
    CallFactory,
    ProposalFactory,
    StaffFactory,
    make_sheet,
)

pytestmark = pytest.mark.django_db


def in_status(rep, status, **fields):
    proposal = ProposalFactory(ngo=rep.representative.ngo, created_by=rep)
    now = timezone.now()
    Proposal.objects.filter(pk=proposal.pk).update(
        status=status,
        submitted_at=now,
        last_submitted_at=now,
        status_changed_at=now,
        reference=f"1405-{proposal.pk:05d}",
        **fields,
    )
    proposal.refresh_from_db()
    return proposal


def test_requesting_changes_sets_the_response_deadline(rep_a, reviewer):
    proposal = in_status(rep_a, Status.UNDER_REVIEW)
    services.transition(
        proposal=proposal,
        to_status=Status.CHANGES_REQUESTED,
        actor=reviewer,
        comment="جدول زمانی را بنویسید",
    )
    due = proposal.response_due_at - proposal.status_changed_at
    assert due == datetime.timedelta(days=services.RESPONSE_DAYS)


def test_the_ngo_sees_its_deadline_in_jalali(client, rep_a, reviewer):
    proposal = in_status(rep_a, Status.UNDER_REVIEW)
    services.transition(
        proposal=proposal,
        to_status=Status.CHANGES_REQUESTED,
        actor=reviewer,
        comment="جدول زمانی را بنویسید",
    )
    client.force_login(rep_a)
    html = client.get(proposal.get_absolute_url()).content.decode()
    due = html[html.index("changes-request-due") :][:300]
    assert "۱۴۰" in due  # a Jalali year in Persian digits


def test_a_late_resubmission_is_allowed_and_flagged(client, rep_a, reviewer):
    proposal = in_status(
        rep_a,
        Status.UNDER_REVIEW,
    )
    services.transition(
        proposal=proposal,
        to_status=Status.CHANGES_REQUESTED,
        actor=reviewer,
        comment="جدول زمانی را بنویسید",
    )
    Proposal.objects.filter(pk=proposal.pk).update(
        response_due_at=timezone.now() - datetime.timedelta(days=1),
        summary="خلاصه تازه",
    )
    services.transition(
        proposal=proposal,
        to_status=Status.SUBMITTED,
        actor=rep_a,
        comment="جدول را افزودیم",
    )
    assert proposal.status == Status.SUBMITTED
    client.force_login(reviewer)
    page = client.get(reverse("admin:proposals_proposal_change", args=[proposal.pk]))
    assert "answered-late" in page.content.decode()


def test_ngos_are_reminded_before_their_answer_is_due_once(rep_a):
    soon = timezone.now() + datetime.timedelta(days=3)
    later = timezone.now() + datetime.timedelta(days=20)
    due = in_status(rep_a, Status.CHANGES_REQUESTED, response_due_at=soon)
    in_status(rep_a, Status.CHANGES_REQUESTED, response_due_at=later)
    assert send_reminders()[Reminder.Kind.CHANGES_DUE] == 1
    assert [m.to for m in mail.outbox] == [["rep_a@example.org"]]
    assert due.get_absolute_url() in mail.outbox[0].body
    assert send_reminders()[Reminder.Kind.CHANGES_DUE] == 0
    assert len(mail.outbox) == 1


def test_reviewers_are_reminded_of_overdue_scores_weekly(rep_a, reviewer):
    reviewer.email = "reviewer@example.org"
    reviewer.save()
    old = timezone.now() - datetime.timedelta(days=20)
    overdue = in_status(rep_a, Status.UNDER_REVIEW, reviewer_id=reviewer.pk)
    Proposal.objects.filter(pk=overdue.pk).update(status_changed_at=old)
    scored = in_status(rep_a, Status.UNDER_REVIEW, reviewer_id=reviewer.pk)
    Proposal.objects.filter(pk=scored.pk).update(status_changed_at=old)
    make_sheet(scored, reviewer)
    in_status(rep_a, Status.UNDER_REVIEW, reviewer_id=reviewer.pk)  # recent
    assert send_reminders()[Reminder.Kind.OVERDUE_SCORE] == 1
    assert [m.to for m in mail.outbox] == [["reviewer@example.org"]]
    assert send_reminders()[Reminder.Kind.OVERDUE_SCORE] == 0
    next_week = timezone.now() + datetime.timedelta(days=7)
    assert send_reminders(next_week)[Reminder.Kind.OVERDUE_SCORE] == 1


def test_call_managers_hear_once_that_a_call_closed(rep_a):
    StaffFactory(email="manager@example.org", groups=[roles.CALL_MANAGERS])
    now = timezone.now()
    closed = CallFactory(
        opens_at=now - datetime.timedelta(days=30),
        closes_at=now - datetime.timedelta(hours=2),
    )
    CallFactory(
        opens_at=now - datetime.timedelta(days=90),
        closes_at=now - datetime.timedelta(days=60),
    )
    CallFactory(
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=10),
    )
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "call_closed: 1" in out.getvalue()
    assert [m.to for m in mail.outbox] == [["manager@example.org"]]
    assert Reminder.objects.get(kind="call_closed").key == f"call_closed:{closed.pk}"
    call_command("send_reminders", stdout=StringIO())
    assert len(mail.outbox) == 1


def test_of_two_runs_at_once_only_the_one_whose_insert_wins_sends(rep_a):
    """A second server's run finds the unique key taken and sends nothing."""
    soon = timezone.now() + datetime.timedelta(days=3)
    due = in_status(rep_a, Status.CHANGES_REQUESTED, response_due_at=soon)
    key = f"{due.pk}:{soon:%Y%m%d%H%M}"
    # The other server inserted first.
    assert claim(Reminder.Kind.CHANGES_DUE, key, ["rep_a@example.org"])
    assert not claim(Reminder.Kind.CHANGES_DUE, key, ["rep_a@example.org"])
    assert send_reminders()[Reminder.Kind.CHANGES_DUE] == 0
    assert mail.outbox == []
    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(kind="changes_due", key=f"changes_due:{key}")


def test_every_assigned_reviewer_who_is_late_is_reminded_once_a_week(rep_a):
    from proposals.models import ConflictOfInterest, ReviewAssignment

    old = timezone.now() - datetime.timedelta(days=20)
    proposal = in_status(rep_a, Status.UNDER_REVIEW)
    Proposal.objects.filter(pk=proposal.pk).update(status_changed_at=old)
    late, scored, recent, conflicted, gone = (
        StaffFactory(groups=[roles.REVIEWERS], email=f"r{n}@example.org")
        for n in range(5)
    )
    gone.is_active = False
    gone.save()
    for user in (late, scored, recent, conflicted, gone):
        ReviewAssignment.objects.create(
            proposal=proposal, reviewer=user, assigned_by=scored
        )
    ReviewAssignment.objects.exclude(reviewer=recent).update(assigned_at=old)
    make_sheet(proposal, scored)
    ConflictOfInterest.objects.create(proposal=proposal, reviewer=conflicted)
    assert send_reminders()[Reminder.Kind.OVERDUE_SCORE] == 1
    assert [m.to for m in mail.outbox] == [[late.email]]
    assert send_reminders()[Reminder.Kind.OVERDUE_SCORE] == 0
    later = timezone.now() + datetime.timedelta(days=15)
    sent = send_reminders(later)[Reminder.Kind.OVERDUE_SCORE]
    # Two weeks on, the recently assigned reviewer is late too.
    assert sent == 2
    assert sorted(m.to[0] for m in mail.outbox[1:]) == [late.email, recent.email]
    assert Reminder.objects.filter(kind=Reminder.Kind.OVERDUE_SCORE).count() == 3
