"""Staff withdraw a proposal from review: a decision with a reason and a
letter, beside the NGO's own withdrawal, which issues none."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from core.jalali import jalali_year
from core.transitions import TransitionError
from proposals import letter_pdf, services
from proposals.models import DecisionLetter, Proposal
from proposals.workflow import (
    AWAITING_STAFF_STATUSES,
    DECIDED_STATUSES,
    PROPOSAL_MOVES,
    STAFF_WITHDRAW,
    Status,
)
from tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db

OPEN = [Status.SUBMITTED, Status.UNDER_REVIEW, Status.CHANGES_REQUESTED]


def sent(rep, status):
    proposal = ProposalFactory(ngo=rep.representative.ngo, created_by=rep)
    Proposal.objects.filter(pk=proposal.pk).update(
        status=status,
        submitted_at=timezone.now(),
        reference=f"{jalali_year(timezone.now())}-{proposal.pk:05d}",
    )
    proposal.refresh_from_db()
    return proposal


@pytest.mark.parametrize("status", OPEN)
def test_staff_withdraw_an_open_proposal_with_a_letter_and_a_mail(
    rep_a, reviewer, status, django_capture_on_commit_callbacks
):
    proposal = sent(rep_a, status)
    with django_capture_on_commit_callbacks(execute=True):
        event = services.transition(
            proposal=proposal,
            to_status=Status.WITHDRAWN,
            actor=reviewer,
            comment="سازمان درخواست انصراف داد",
        )
    proposal.refresh_from_db()
    assert proposal.status == Status.WITHDRAWN
    # Not a decision on the merits: no decision date for the statistics.
    assert proposal.decided_at is None
    letter = proposal.letters.get()
    assert (letter.kind, letter.event, letter.reason) == (
        DecisionLetter.Kind.WITHDRAWN,
        event,
        "سازمان درخواست انصراف داد",
    )
    (message,) = mail.outbox
    assert message.to == ["rep_a@example.org"]
    assert "کارگروه" in message.subject
    assert "سازمان درخواست انصراف داد" in message.body
    assert letter.get_absolute_url() in message.body
    assert message.attachments[0][0] == letter_pdf.filename(letter, "fa")


def test_staff_withdrawal_needs_a_reason(rep_a, reviewer):
    proposal = sent(rep_a, Status.UNDER_REVIEW)
    with pytest.raises(TransitionError) as error:
        services.transition(
            proposal=proposal, to_status=Status.WITHDRAWN, actor=reviewer, comment=" "
        )
    assert error.value.code == "reason_required"
    proposal.refresh_from_db()
    assert proposal.status == Status.UNDER_REVIEW


def test_staff_cannot_withdraw_a_draft(rep_a, reviewer):
    # A draft is the NGO's: only its own withdrawal leaves it.
    proposal = ProposalFactory(ngo=rep_a.representative.ngo, created_by=rep_a)
    with pytest.raises(PermissionDenied):
        services.transition(
            proposal=proposal, to_status=Status.WITHDRAWN, actor=reviewer, comment="x"
        )


def test_the_ngo_cannot_make_the_staff_withdrawal(rep_a):
    proposal = sent(rep_a, Status.UNDER_REVIEW)
    with pytest.raises(PermissionDenied):
        services.transition(
            proposal=proposal, to_status=Status.WITHDRAWN, actor=rep_a, comment="x"
        )


def test_the_ngos_own_withdrawal_stays_without_a_letter(
    rep_a, django_capture_on_commit_callbacks
):
    proposal = sent(rep_a, Status.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(proposal=proposal, to_status=Status.WITHDRAWN, actor=rep_a)
    proposal.refresh_from_db()
    assert proposal.status == Status.WITHDRAWN
    assert proposal.letters.count() == 0
    (message,) = mail.outbox
    assert "کارگروه" not in message.subject


def test_the_named_groups_leave_the_staff_withdrawal_out():
    assert PROPOSAL_MOVES.sources(action=STAFF_WITHDRAW) == tuple(OPEN)
    assert AWAITING_STAFF_STATUSES == (Status.SUBMITTED, Status.UNDER_REVIEW)
    assert DECIDED_STATUSES == (Status.APPROVED, Status.REJECTED)


def test_the_admin_offers_the_withdrawal_with_a_confirmation(client, rep_a, reviewer):
    proposal = sent(rep_a, Status.UNDER_REVIEW)
    client.force_login(reviewer)
    url = reverse("admin:proposals_proposal_move", args=[proposal.pk, STAFF_WITHDRAW])
    change = client.get(reverse("admin:proposals_proposal_change", args=[proposal.pk]))
    assert url in change.content.decode()
    page = client.get(url)
    assert page.status_code == 200
    assert "این طرح از بررسی خارج شود؟" in page.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Status.UNDER_REVIEW
    refused = client.post(url, {"apply": "1", "reason": ""})
    assert refused.status_code == 200
    proposal.refresh_from_db()
    assert proposal.status == Status.UNDER_REVIEW
    done = client.post(url, {"apply": "1", "reason": "تکراری با طرح دیگر"})
    assert done.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Status.WITHDRAWN
    assert proposal.letters.get().kind == DecisionLetter.Kind.WITHDRAWN
