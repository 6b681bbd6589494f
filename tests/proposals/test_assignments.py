"""Several reviewers per proposal: by hand, automatically, and the queue."""

import pytest
from django.urls import reverse

from core import roles
from proposals import review
from proposals.models import (
    ConflictOfInterest,
    Proposal,
    ProposalEvent,
    ReviewAssignment,
)
from proposals.workflow import Status
from tests.factories import (
    CallFactory,
    ProposalFactory,
    RepresentativeFactory,
    StaffFactory,
    make_sheet,
)

pytestmark = pytest.mark.django_db


def in_status(status=Status.UNDER_REVIEW, **kwargs):
    proposal = ProposalFactory(**kwargs)
    Proposal.objects.filter(pk=proposal.pk).update(
        status=status, submitted_at=proposal.created_at
    )
    proposal.refresh_from_db()
    return proposal


@pytest.fixture
def chief(db):
    return StaffFactory(username="chief", groups=[roles.REVIEWERS])


def test_assigning_by_hand_adds_an_assignment_and_keeps_the_one_in_charge(
    chief, reviewer
):
    proposal = in_status()
    other = StaffFactory(groups=[roles.REVIEWERS])
    review.assign_reviewer(proposal=proposal, reviewer=reviewer, actor=chief)
    review.assign_reviewer(proposal=proposal, reviewer=other, actor=chief)
    assert set(proposal.assignments.values_list("reviewer", flat=True)) == {
        reviewer.pk,
        other.pk,
    }
    assert proposal.assignments.get(reviewer=reviewer).assigned_by == chief
    assert proposal.reviewer == other


def test_automatic_assignment_spreads_evenly_and_skips_conflicts(chief):
    call = CallFactory(reviewers_per_proposal=2)
    rep = RepresentativeFactory()
    proposals = [in_status(call=call) for _ in range(5)]
    conflicted = in_status(call=call, ngo=rep.ngo)
    draft = ProposalFactory(call=call)
    decided = in_status(Status.APPROVED, call=call)
    elsewhere = in_status()
    # chief is a representative of one NGO: never assigned to its proposal.
    rep.user.is_staff = True
    rep.user.save()
    rep.user.groups.add(*chief.groups.all())
    reviewers = [
        chief,
        rep.user,
        *(StaffFactory(groups=[roles.REVIEWERS]) for _ in range(2)),
    ]
    ConflictOfInterest.objects.create(
        proposal=proposals[0], reviewer=reviewers[2], note=""
    )
    made = review.assign_automatically(call=call, actor=chief)
    assert made == 12
    assignments = ReviewAssignment.objects.all()
    for proposal in [*proposals, conflicted]:
        assert assignments.filter(proposal=proposal).count() == 2
    assert not assignments.filter(proposal=conflicted, reviewer=rep.user).exists()
    assert not assignments.filter(proposal=proposals[0], reviewer=reviewers[2]).exists()
    assert not assignments.filter(proposal__in=[draft, decided, elsewhere]).exists()
    loads = sorted(assignments.filter(reviewer=r).count() for r in reviewers)
    assert loads == [3, 3, 3, 3]
    assert ProposalEvent.objects.filter(kind="assignment").count() == 12
    # Pressing again makes nothing new.
    assert review.assign_automatically(call=call, actor=chief) == 0


def test_the_admin_action_assigns_a_calls_proposals(client, chief, reviewer):
    call = CallFactory(reviewers_per_proposal=1)
    proposal = in_status(call=call)
    client.force_login(chief)
    response = client.post(
        reverse("admin:proposals_call_changelist"),
        {"action": "assign_automatically", "_selected_action": [call.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert proposal.assignments.count() == 1
    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith("۱ ")


def test_the_queue_lists_what_awaits_my_score(client, reviewer, chief):
    waiting = in_status(title="در انتظار امتیاز")
    scored = in_status(title="امتیازداده")
    not_mine = in_status(title="دیگری")
    for proposal in (waiting, scored):
        review.assign_reviewer(proposal=proposal, reviewer=reviewer, actor=chief)
    review.assign_reviewer(proposal=not_mine, reviewer=chief, actor=chief)
    make_sheet(scored, reviewer)
    client.force_login(reviewer)
    response = client.get(
        reverse("admin:proposals_proposal_changelist"),
        {"assigned": "score", "all": ""},
    )
    assert [p.pk for p in response.context["cl"].result_list] == [waiting.pk]


def test_declaring_a_conflict_removes_the_assignment(reviewer, chief):
    proposal = in_status()
    review.assign_reviewer(proposal=proposal, reviewer=reviewer, actor=chief)
    review.declare_conflict(proposal=proposal, actor=reviewer)
    assert not proposal.assignments.exists()


# Independent scores -------------------------------------------------------------


def change_page(client, user, proposal):
    client.force_login(user)
    return client.get(
        reverse("admin:proposals_proposal_change", args=[proposal.pk])
    ).content.decode()


def test_an_assigned_reviewer_sees_the_others_scores_once_theirs_is_in(
    client, reviewer, chief
):
    proposal = in_status()
    review.assign_reviewer(proposal=proposal, reviewer=reviewer, actor=chief)
    make_sheet(proposal, chief, comment="نظر داور نخست", default=5)
    html = change_page(client, reviewer, proposal)
    assert "نظر داور نخست" not in html
    listed = (
        client.get(reverse("admin:proposals_proposal_changelist"), {"all": ""})
        .context["cl"]
        .result_list
    )
    assert [p.score_mean for p in listed if p.pk == proposal.pk] == [None]
    print_html = client.get(
        reverse("admin:proposals_proposal_print", args=[proposal.pk])
    ).content.decode()
    assert "نظر داور نخست" not in print_html
    # Their own sheet in: all of them show.
    make_sheet(proposal, reviewer, comment="نظر من")
    html = change_page(client, reviewer, proposal)
    assert "نظر داور نخست" in html and "نظر من" in html


def test_a_decider_not_scoring_and_a_superuser_see_every_sheet(client, chief):
    proposal = in_status()
    assigned = StaffFactory(groups=[roles.REVIEWERS])
    review.assign_reviewer(proposal=proposal, reviewer=assigned, actor=chief)
    make_sheet(proposal, assigned, comment="نظر داور")
    assert "نظر داور" in change_page(client, chief, proposal)
    superuser = StaffFactory(is_superuser=True)
    review.assign_reviewer(proposal=proposal, reviewer=superuser, actor=chief)
    assert "نظر داور" in change_page(client, superuser, proposal)


def test_a_call_manager_who_does_not_score_sees_the_mean_score(client, chief):
    """Only those who score wait for their own sheet: a call manager (no
    review permission) is shown the list's mean score, as their export of
    the call's scores shows every sheet, not a wait for a sheet they
    cannot write."""
    proposal = in_status()
    assert proposal.call.independent_scores
    make_sheet(proposal, chief, default=4)
    manager = StaffFactory(groups=[roles.CALL_MANAGERS])
    client.force_login(manager)
    listed = (
        client.get(reverse("admin:proposals_proposal_changelist"), {"all": ""})
        .context["cl"]
        .result_list
    )
    assert [p.score_mean for p in listed if p.pk == proposal.pk] == [4.0]


def test_with_the_setting_off_every_reviewer_sees_every_sheet(client, reviewer, chief):
    proposal = in_status(call=CallFactory(independent_scores=False))
    review.assign_reviewer(proposal=proposal, reviewer=reviewer, actor=chief)
    make_sheet(proposal, chief, comment="نظر داور نخست")
    assert "نظر داور نخست" in change_page(client, reviewer, proposal)


# Conflicts per NGO --------------------------------------------------------------


def test_a_conflict_covers_every_proposal_of_the_ngo_and_sets_sheets_aside(
    reviewer, chief
):
    from core.transitions import TransitionError
    from proposals.admin.lists import mean_score_subquery
    from proposals.services import is_conflicted

    first = in_status()
    second = in_status(ngo=first.ngo)
    other_ngo = in_status()
    for proposal in (first, second, other_ngo):
        review.assign_reviewer(proposal=proposal, reviewer=reviewer, actor=chief)
    sheet = make_sheet(second, reviewer, default=1)
    make_sheet(second, chief, default=5)
    kept = make_sheet(other_ngo, reviewer)
    review.declare_conflict(proposal=first, actor=reviewer, note="خویشاوند")
    assert is_conflicted(reviewer, first.ngo)
    assert not is_conflicted(reviewer, other_ngo.ngo)
    sheet.refresh_from_db()
    kept.refresh_from_db()
    assert sheet.set_aside_at is not None and kept.set_aside_at is None
    assert list(second.assignments.values_list("reviewer", flat=True)) == []
    assert other_ngo.assignments.filter(reviewer=reviewer).exists()
    second.refresh_from_db()
    assert second.reviewer is None
    # The sheet set aside is kept but not counted.
    mean = Proposal.objects.annotate(m=mean_score_subquery()).get(pk=second.pk).m
    assert mean == 5
    assert review.score_summary(list(second.score_sheets.all()))["count"] == 1
    # A future proposal of the NGO is covered too.
    future = in_status(ngo=first.ngo)
    with pytest.raises(TransitionError):
        review.assign_reviewer(proposal=future, reviewer=reviewer, actor=chief)
    with pytest.raises(TransitionError):
        review.score_proposal(proposal=future, actor=reviewer, scores={}, comment="x")


def test_a_staff_member_who_represents_the_ngo_is_conflicted(chief):
    from proposals.services import is_conflicted

    rep = RepresentativeFactory()
    rep.user.is_staff = True
    rep.user.save()
    assert is_conflicted(rep.user, rep.ngo)
    assert is_conflicted(rep.user, rep.ngo.pk)
    assert not is_conflicted(chief, rep.ngo)


def test_a_set_aside_sheet_is_marked_on_the_proposal_page(client, reviewer, chief):
    proposal = in_status()
    make_sheet(proposal, reviewer, comment="نظر پیشین")
    review.declare_conflict(proposal=proposal, actor=reviewer)
    html = change_page(client, chief, proposal)
    assert "نظر پیشین" in html
    assert "Set aside (conflict of interest)" in html or "کنار گذاشته" in html


# Concurrency ---------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_reviewers_saving_at_once_leave_one_consistent_state(migration_data):
    import threading

    from django.db import connection, connections

    from proposals.models import ScoreSheet, ScoreSheetVersion
    from tests.factories import rubric_scores

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    proposal = in_status()
    reviewers = [StaffFactory(groups=[roles.REVIEWERS]) for _ in range(2)]
    barrier = threading.Barrier(4)
    errors = []

    def save(user, value):
        try:
            barrier.wait()
            review.score_proposal(
                proposal=Proposal.objects.get(pk=proposal.pk),
                actor=user,
                scores=rubric_scores(proposal.call, value),
                comment=f"نظر {value}",
            )
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    # Each reviewer saves twice at once: a first sheet and its change.
    threads = [
        threading.Thread(target=save, args=(user, value))
        for user in reviewers
        for value in (2, 4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    sheets = ScoreSheet.objects.filter(proposal=proposal)
    assert sheets.count() == 2
    for sheet in sheets:
        values = set(sheet.scores.values_list("value", flat=True))
        assert len(values) == 1 and sheet.scores.count() == 5
        # The last version is the sheet as it stands; the first is kept.
        versions = list(sheet.versions.all())
        assert len(versions) == 2
        assert {s["value"] for s in versions[-1].scores} == values
        assert versions[-1].comment == sheet.comment
    # One change recorded per reviewer: their second version (the versions
    # are the record; no comment repeats them in the proposal's history).
    assert ScoreSheetVersion.objects.count() == 4
    assert not proposal.events.exists()
