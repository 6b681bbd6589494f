"""Conflicts of interest are with an NGO: declared once, linked or not, and
asked of one rule (``proposals.selectors.conflicted``) everywhere."""

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, connection
from django.db.migrations.executor import MigrationExecutor

from core import roles
from core.transitions import TransitionError
from proposals import review
from proposals.admin.lists import mean_score_subquery
from proposals.models import ConflictOfInterest, Proposal
from proposals.selectors import conflicted
from proposals.services import is_conflicted
from proposals.workflow import Status
from tests.factories import (
    CallFactory,
    NGOChangeRequestFactory,
    NGOFactory,
    ProposalFactory,
    RepresentativeFactory,
    StaffFactory,
    make_sheet,
)


def under_review(**kwargs):
    proposal = ProposalFactory(**kwargs)
    Proposal.objects.filter(pk=proposal.pk).update(
        status=Status.UNDER_REVIEW, submitted_at=proposal.created_at
    )
    proposal.refresh_from_db()
    return proposal


@pytest.fixture
def chief(db):
    return StaffFactory(username="chief", groups=[roles.REVIEWERS])


@pytest.mark.django_db
def test_a_declaration_is_with_the_ngo_and_made_once(reviewer):
    first = under_review()
    second = under_review(ngo=first.ngo)
    conflict = review.declare_conflict(proposal=first, actor=reviewer, note="خویشاوند")
    again = review.declare_conflict(proposal=second, actor=reviewer, note="دوباره")
    assert again.pk == conflict.pk
    assert (conflict.ngo, conflict.proposal) == (first.ngo, first)
    assert ConflictOfInterest.objects.get().note == "خویشاوند"
    with pytest.raises(IntegrityError):
        ConflictOfInterest.objects.create(proposal=second, reviewer=reviewer)


@pytest.mark.django_db
def test_people_linked_to_the_ngo_are_conflicted_without_declaring(chief):
    ngo = NGOFactory()
    staff = [StaffFactory(groups=[roles.REVIEWERS]) for _ in range(3)]
    representative, author, requester = staff
    RepresentativeFactory(user=representative, ngo=ngo)
    # A former representative who wrote one of its proposals, or asked for
    # a change of its profile, stays linked to it.
    ProposalFactory(ngo=ngo, created_by=author)
    NGOChangeRequestFactory(ngo=ngo, requested_by=requester)
    for user in staff:
        assert is_conflicted(user, ngo)
        assert not is_conflicted(user, NGOFactory())
    assert not is_conflicted(chief, ngo)
    assert set(User.objects.filter(conflicted(ngo)).values_list("pk", flat=True)) == {
        user.pk for user in staff
    }


@pytest.mark.django_db
def test_a_linked_reviewer_is_refused_and_never_assigned_automatically(chief):
    call = CallFactory(reviewers_per_proposal=2)
    proposal = under_review(call=call)
    author = StaffFactory(groups=[roles.REVIEWERS])
    ProposalFactory(ngo=proposal.ngo, created_by=author)
    other = StaffFactory(groups=[roles.REVIEWERS])
    with pytest.raises(TransitionError) as refused:
        review.assign_reviewer(proposal=proposal, reviewer=author, actor=chief)
    assert refused.value.code == "conflict"
    assert review.assign_automatically(call=call, actor=chief) == 2
    assert set(proposal.assignments.values_list("reviewer", flat=True)) == {
        chief.pk,
        other.pk,
    }


@pytest.mark.django_db
def test_a_linked_reviewers_sheet_counts_nowhere(chief):
    proposal = under_review()
    make_sheet(proposal, chief, default=5)
    # Scored first, then became a representative of the NGO.
    later = StaffFactory(groups=[roles.REVIEWERS])
    make_sheet(proposal, later, default=1)
    RepresentativeFactory(user=later, ngo=proposal.ngo)
    assert list(review.counted_sheets(proposal)) == [
        proposal.score_sheets.get(reviewer=chief)
    ]
    mean = Proposal.objects.annotate(m=mean_score_subquery()).get(pk=proposal.pk).m
    assert mean == 5


@pytest.mark.django_db
def test_declaring_sets_aside_sheets_on_every_proposal_of_the_ngo_only(reviewer):
    first = under_review()
    second = under_review(ngo=first.ngo)
    elsewhere = under_review()
    sheets = [make_sheet(p, reviewer) for p in (first, second, elsewhere)]
    review.declare_conflict(proposal=first, actor=reviewer)
    for sheet in sheets:
        sheet.refresh_from_db()
    assert [s.set_aside_at is not None for s in sheets] == [True, True, False]
    # Kept, not deleted.
    assert first.score_sheets.count() == second.score_sheets.count() == 1


# The migration -------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_carries_the_ngo_over_and_keeps_one_per_ngo(migration_data):
    before = [("proposals", "0005_proposal_revisions")]
    # The rows are made with today's models, before going back.
    first = under_review()
    second = under_review(ngo=first.ngo)
    elsewhere = under_review()
    reviewer = StaffFactory()
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        apps = executor.loader.project_state(before).apps
        Conflict = apps.get_model("proposals", "ConflictOfInterest")
        ProposalThen = apps.get_model("proposals", "Proposal")
        for proposal, note in ((first, "یک"), (second, "دو"), (elsewhere, "")):
            Conflict.objects.create(
                proposal=ProposalThen.objects.get(pk=proposal.pk),
                reviewer_id=reviewer.pk,
                note=note,
            )
    finally:
        # Forward to the latest migrations, as the other tests expect.
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    conflicts = ConflictOfInterest.objects.order_by("pk")
    assert [(c.ngo_id, c.proposal_id, c.note) for c in conflicts] == [
        (first.ngo_id, first.pk, "یک\nدو"),
        (elsewhere.ngo_id, elsewhere.pk, ""),
    ]


@pytest.mark.django_db
def test_the_mean_score_expression_is_built_once_and_shared(chief):
    """The list's mean score is one expression a process: every query that
    uses it resolves a copy, so each proposal's mean is its own, in any
    order, however often it is asked for."""
    expression = mean_score_subquery()
    assert mean_score_subquery() is expression
    high, low = under_review(), under_review()
    make_sheet(high, chief, default=5)
    make_sheet(low, chief, default=2)
    for _ in range(2):
        means = dict(
            Proposal.objects.filter(pk__in=[high.pk, low.pk])
            .annotate(m=expression)
            .values_list("pk", "m")
        )
        assert means == {high.pk: 5, low.pk: 2}
        assert Proposal.objects.annotate(m=expression).get(pk=low.pk).m == 2
