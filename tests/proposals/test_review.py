import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from core import roles
from core.transitions import TransitionError
from proposals import review
from proposals.models import ConflictOfInterest, Proposal, ScoreSheet
from proposals.workflow import AWAITING_DECISION_STATUSES, SCORING_STATUSES, Status
from tests.factories import ProposalFactory, StaffFactory, rubric_scores

pytestmark = pytest.mark.django_db


def proposal_in(status):
    proposal = ProposalFactory()
    # Past a draft, the NGO has submitted it: staff see it from then on.
    submitted_at = None if status == Status.DRAFT else timezone.now()
    Proposal.objects.filter(pk=proposal.pk).update(
        status=status, submitted_at=submitted_at
    )
    proposal.refresh_from_db()
    return proposal


@pytest.mark.parametrize("status", Status.values)
def test_scores_only_where_a_decision_can_be_made(reviewer, status):
    proposal = proposal_in(status)
    if status in SCORING_STATUSES:
        sheet = review.score_proposal(
            proposal=proposal,
            actor=reviewer,
            scores=rubric_scores(proposal.call, 4),
            comment="روشن",
        )
        assert (sheet.reviewer, sheet.mean) == (reviewer, 4)
    else:
        with pytest.raises(TransitionError) as error:
            review.score_proposal(
                proposal=proposal,
                actor=reviewer,
                scores=rubric_scores(proposal.call, 4),
                comment="روشن",
            )
        assert error.value.code == (
            "not_sent" if status == Status.DRAFT else "not_under_review"
        )
        assert not ScoreSheet.objects.exists()


@pytest.mark.parametrize("status", Status.values)
def test_reviewers_are_assigned_while_a_decision_is_awaited(reviewer, status):
    proposal = proposal_in(status)
    if status in AWAITING_DECISION_STATUSES:
        review.assign_reviewer(proposal=proposal, reviewer=reviewer, actor=reviewer)
        assert proposal.reviewer == reviewer
    else:
        with pytest.raises(TransitionError) as error:
            review.assign_reviewer(proposal=proposal, reviewer=reviewer, actor=reviewer)
        assert error.value.code == (
            "not_sent" if status == Status.DRAFT else "not_awaiting"
        )
        assert not proposal.events.exists()


def test_a_conflicted_reviewer_cannot_score(reviewer):
    proposal = proposal_in(Status.UNDER_REVIEW)
    review.declare_conflict(proposal=proposal, actor=reviewer, note="خویشاوند")
    with pytest.raises(TransitionError) as error:
        review.score_proposal(
            proposal=proposal,
            actor=reviewer,
            scores=rubric_scores(proposal.call, 4),
            comment="روشن",
        )
    assert error.value.code == "conflict"
    assert ConflictOfInterest.objects.get().note == "خویشاوند"


SERVICES = {
    "comment": lambda proposal, actor: review.add_comment(
        proposal=proposal, actor=actor, comment="یادداشت", visibility="internal"
    ),
    "assign": lambda proposal, actor: review.assign_reviewer(
        proposal=proposal,
        reviewer=StaffFactory(groups=[roles.REVIEWERS]),
        actor=actor,
    ),
    "conflict": lambda proposal, actor: review.declare_conflict(
        proposal=proposal, actor=actor
    ),
    "score": lambda proposal, actor: review.score_proposal(
        proposal=proposal,
        actor=actor,
        scores=rubric_scores(proposal.call, 4),
        comment="روشن",
    ),
}


@pytest.mark.parametrize("name", SERVICES)
def test_staff_without_the_right_are_refused(secretary, rep_a, name):
    proposal = proposal_in(Status.UNDER_REVIEW)
    for outsider in (secretary, rep_a):
        with pytest.raises(PermissionDenied):
            SERVICES[name](proposal, outsider)
    assert not proposal.events.exists()
    assert not ScoreSheet.objects.exists()


@pytest.mark.parametrize(
    ("name", "event"),
    [
        ("comment", "proposal.commented"),
        ("assign", "proposal.reviewer_assigned"),
        ("conflict", "proposal.conflict_declared"),
        ("score", "proposal.scored"),
    ],
)
def test_each_writes_one_audit_line(reviewer, caplog, name, event):
    proposal = proposal_in(Status.UNDER_REVIEW)
    caplog.set_level(logging.INFO, logger="workgroup.audit")
    SERVICES[name](proposal, reviewer)
    # (Making the reviewer to assign writes lines about that account.)
    lines = [
        r.audit
        for r in caplog.records
        if r.name == "workgroup.audit" and r.audit["event"].startswith("proposal.")
    ]
    assert [(line["event"], line["proposal"]) for line in lines] == [
        (event, proposal.pk)
    ]
