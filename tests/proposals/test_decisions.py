"""Decisions the working group can defend: a reason, enough score sheets that
count, a verified NGO. Two deciders at once: see test_admin."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from core.transitions import TransitionError
from proposals import services
from proposals.models import ConflictOfInterest, Proposal, ProposalEvent
from proposals.review import counted_sheets
from proposals.workflow import PROPOSAL_MOVES, Status
from tests.factories import (
    CallFactory,
    ProposalFactory,
    RepresentativeFactory,
    StaffFactory,
    make_sheet,
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
    make_sheet(proposal, StaffFactory())
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


def test_set_aside_sheets_and_conflicts_with_the_ngo_do_not_count(rep_a):
    proposal = under_review(rep_a)
    counted = make_sheet(proposal, StaffFactory())
    set_aside = make_sheet(proposal, StaffFactory())
    set_aside.set_aside_at = timezone.now()
    set_aside.save()
    # A conflict declared on another proposal of the same NGO covers this one.
    declared = make_sheet(proposal, StaffFactory())
    other = ProposalFactory(ngo=proposal.ngo)
    ConflictOfInterest.objects.create(proposal=other, reviewer=declared.reviewer)
    # A member of staff who represents the NGO.
    representative = make_sheet(proposal, StaffFactory())
    RepresentativeFactory(user=representative.reviewer, ngo=proposal.ngo)
    assert list(counted_sheets(proposal)) == [counted]


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


def test_the_decision_page_shows_the_sheets_that_count(client, rep_a, reviewer):
    proposal = under_review(rep_a)
    low = make_sheet(
        proposal, StaffFactory(), comment="بودجه سنگین است.", default=2, capacity=1
    )
    make_sheet(proposal, StaffFactory(), comment="برنامه روشن است.", default=4)
    conflicted = make_sheet(proposal, StaffFactory(), comment="نظر کنار گذاشته")
    ConflictOfInterest.objects.create(proposal=proposal, reviewer=conflicted.reviewer)
    client.force_login(reviewer)
    for action in ("approve", "reject"):
        url = reverse("admin:proposals_proposal_move", args=[proposal.pk, action])
        page = client.get(url)
        assert page.status_code == 200
        assert [s.pk for s in page.context["sheets"]][0] == low.pk
        assert len(page.context["sheets"]) == 2
        summary = page.context["summary"]
        assert summary["highest"] == 4
        # Each sheet's scores per criterion of the call's rubric, from its Scores.
        assert page.context["sheets"][0].values == [2, 2, 2, 2, 1]
        assert [c["mean"] for c in page.context["criteria"]] == [3, 3, 3, 3, 2.5]
        html = page.content.decode()
        assert "بودجه سنگین است." in html
        assert "برنامه روشن است." in html
        assert "نظر کنار گذاشته" not in html
    start = reverse(
        "admin:proposals_proposal_move", args=[proposal.pk, "request_changes"]
    )
    assert "sheets" not in client.get(start).context


def test_the_decision_page_keeps_the_reason_when_sheets_are_missing(
    client, rep_a, reviewer
):
    proposal = under_review(rep_a)
    make_sheet(proposal, StaffFactory())
    client.force_login(reviewer)
    url = reverse("admin:proposals_proposal_move", args=[proposal.pk, "approve"])
    page = client.post(url, {"apply": "1", "reason": "هم‌خوان با اولویت‌ها"})
    assert page.status_code == 200
    (error,) = page.context["form"].non_field_errors()
    assert "۱" in error and "۲" in error  # how many there are, how many needed
    assert "هم‌خوان با اولویت‌ها" in page.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Status.UNDER_REVIEW


def test_suspending_an_ngo_flags_its_open_proposals(client, rep_a, rep_b, reviewer):
    open_one = under_review(rep_a, title="باز")
    decided = under_review(rep_a, title="تصمیم‌گرفته")
    Proposal.objects.filter(pk=decided.pk).update(status=Status.REJECTED)
    other = under_review(rep_b, title="دیگری")
    ngo = open_one.ngo
    ngo.status = ngo.Status.SUSPENDED
    ngo.save()
    client.force_login(reviewer)
    changelist = reverse("admin:proposals_proposal_changelist")
    html = client.get(changelist).content.decode()
    assert html.count("ngo-not-verified") == 1
    flagged = client.get(changelist, {"ngo_standing": "unverified"})
    assert [p.pk for p in flagged.context["cl"].result_list] == [open_one.pk]
    page = client.get(
        reverse("admin:proposals_proposal_change", args=[open_one.pk])
    ).content.decode()
    assert "errornote ngo-not-verified" in page
    for proposal in (decided, other):
        page = client.get(
            reverse("admin:proposals_proposal_change", args=[proposal.pk])
        ).content.decode()
        assert "ngo-not-verified" not in page


# Moves the decider may not make now are shown, disabled, with why ------------


def move_url(proposal, action):
    return reverse("admin:proposals_proposal_move", args=[proposal.pk, action])


def test_a_decision_refused_now_is_shown_disabled_with_why(client, rep_a, reviewer):
    proposal = under_review(rep_a)
    make_sheet(proposal, StaffFactory())
    client.force_login(reviewer)
    change = reverse("admin:proposals_proposal_change", args=[proposal.pk])
    response = client.get(change)
    moves = {m["move"].action: m for m in response.context["moves"]}
    assert set(moves) == {"request_changes", "approve", "reject", "staff_withdraw"}
    assert moves["request_changes"]["refusal"] == ""
    # Withdrawing is no decision on the merits: it needs no score sheets.
    assert moves["staff_withdraw"]["refusal"] == ""
    for action in ("approve", "reject"):
        assert moves[action]["refusal"].startswith(
            "برگه‌های امتیاز برای تصمیم کافی نیست: ۱ از ۲ برگهٔ لازم."
        )
    html = response.content.decode()
    assert move_url(proposal, "request_changes") in html
    assert move_url(proposal, "approve") not in html
    assert html.count('class="historylink move-disabled" aria-disabled="true"') == 2
    assert "۱ از ۲ برگهٔ لازم" in html
    # The confirmation page says why too, and its button is disabled.
    page = client.get(move_url(proposal, "approve")).content.decode()
    assert 'disabled aria-describedby="move-refused-note"' in page


def test_approving_for_a_suspended_ngo_is_shown_disabled_with_why(
    client, rep_a, reviewer
):
    proposal = under_review(rep_a)
    score_enough(proposal)
    proposal.ngo.__class__.objects.filter(pk=proposal.ngo_id).update(status="suspended")
    client.force_login(reviewer)
    change = reverse("admin:proposals_proposal_change", args=[proposal.pk])
    moves = {m["move"].action: m for m in client.get(change).context["moves"]}
    with translation.override("fa"):
        suspended = str(proposal.ngo.Status.SUSPENDED.label)
    assert suspended in moves["approve"]["refusal"]
    assert moves["reject"]["refusal"] == ""
    page = client.get(move_url(proposal, "reject")).content.decode()
    assert "move-refused-note" not in page


def test_a_conflicted_reviewer_sees_the_moves_disabled_with_why(
    client, rep_a, reviewer
):
    proposal = under_review(rep_a)
    score_enough(proposal)
    ConflictOfInterest.objects.create(proposal=proposal, reviewer=reviewer)
    client.force_login(reviewer)
    change = reverse("admin:proposals_proposal_change", args=[proposal.pk])
    moves = client.get(change).context["moves"]
    assert {m["refusal"] for m in moves} == {"شما با این طرح تعارض منافع دارید."}
    assert len(moves) == 4
