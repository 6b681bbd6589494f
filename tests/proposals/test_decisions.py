"""Decisions the working group can defend: a reason, enough score sheets that
count, a verified NGO. Two deciders at once: see test_admin."""

import pytest
from django.utils import timezone, translation

from core.transitions import TransitionError
from proposals import services
from proposals.models import ConflictOfInterest, Proposal, ProposalEvent
from proposals.review import counted_sheets
from proposals.workflow import PROPOSAL_MOVES, Status
from tests.factories import (
    CallFactory,
    ProposalFactory,
    ScoreSheetFactory,
    score_enough,
)

pytestmark = pytest.mark.django_db


def under_review(rep, **kwargs):
    proposal = ProposalFactory(ngo=rep.representative.ngo, created_by=rep, **kwargs)
    Proposal.objects.filter(pk=proposal.pk).update(
        status=Status.UNDER_REVIEW, submitted_at=timezone.now()
    )
    proposal.refresh_from_db()
    return proposal


def decide(proposal, to_status, actor, **kwargs):
    if to_status == Status.REJECTED:
        kwargs.setdefault("reason_code", "budget")
    return services.transition(
        proposal=proposal, to_status=to_status, actor=actor, **kwargs
    )


def test_approve_and_reject_both_require_a_reason_in_the_table():
    for action in ("approve", "reject"):
        (move,) = [m for m in PROPOSAL_MOVES.moves if m.action == action]
        assert move.reason_required


@pytest.mark.parametrize("to_status", [Status.APPROVED, Status.REJECTED])
def test_a_decision_without_a_reason_is_refused(rep_a, reviewer, to_status):
    proposal = under_review(rep_a)
    score_enough(proposal)
    with pytest.raises(TransitionError) as error:
        decide(proposal, to_status, reviewer, comment="  ")
    assert error.value.code == "reason_required"
    proposal.refresh_from_db()
    assert proposal.status == Status.UNDER_REVIEW


@pytest.mark.parametrize("to_status", [Status.APPROVED, Status.REJECTED])
def test_a_decision_needs_the_calls_minimum_of_sheets(rep_a, reviewer, to_status):
    proposal = under_review(rep_a, call=CallFactory(min_score_sheets=3))
    score_enough(proposal, 2)
    with translation.override("fa"), pytest.raises(TransitionError) as error:
        decide(proposal, to_status, reviewer, comment="دلیل")
    assert error.value.code == "too_few_sheets"
    assert "۲" in str(error.value.messages[0])
    assert "۳" in str(error.value.messages[0])
    assert not ProposalEvent.objects.filter(proposal=proposal).exists()
    ScoreSheetFactory(proposal=proposal)
    decide(proposal, to_status, reviewer, comment="دلیل")
    proposal.refresh_from_db()
    assert proposal.status == to_status


def test_sheets_of_conflicted_reviewers_do_not_count(rep_a, reviewer):
    proposal = under_review(rep_a)
    first, second = score_enough(proposal)
    ConflictOfInterest.objects.create(proposal=proposal, reviewer=second.reviewer)
    assert list(counted_sheets(proposal)) == [first]
    with pytest.raises(TransitionError) as error:
        decide(proposal, Status.APPROVED, reviewer, comment="دلیل")
    assert error.value.code == "too_few_sheets"


@pytest.mark.parametrize("ngo_status", ["pending", "suspended", "rejected"])
def test_a_proposal_of_an_unverified_ngo_cannot_be_approved(
    rep_a, reviewer, ngo_status
):
    proposal = under_review(rep_a)
    score_enough(proposal)
    proposal.ngo.__class__.objects.filter(pk=proposal.ngo_id).update(status=ngo_status)
    with pytest.raises(TransitionError) as error:
        decide(proposal, Status.APPROVED, reviewer, comment="دلیل")
    assert error.value.code == "ngo_not_verified"
    # It can still be rejected.
    decide(proposal, Status.REJECTED, reviewer, comment="دلیل")
    proposal.refresh_from_db()
    assert proposal.status == Status.REJECTED
