import itertools
import logging
import threading

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from core import roles
from core.jalali import jalali_year
from core.l10n import to_persian_digits
from core.transitions import NGO, TransitionError
from proposals import services
from proposals.models import Proposal, ProposalEvent
from proposals.workflow import (
    DECIDED_STATUSES,
    PROPOSAL_MOVES,
    REASON_CODE_ACTIONS,
    Status,
)
from tests.factories import (
    ProposalFactory,
    RepresentativeFactory,
    StaffFactory,
    score_enough,
)

pytestmark = pytest.mark.django_db

ALL = list(Status.values)


def proposal_of(user, **kwargs):
    return ProposalFactory(ngo=user.representative.ngo, created_by=user, **kwargs)


def with_status(proposal, status):
    # Past a draft, the NGO has submitted it: staff see it from then on.
    submitted_at = None if status == Status.DRAFT else timezone.now()
    Proposal.objects.filter(pk=proposal.pk).update(
        status=status, submitted_at=submitted_at
    )
    proposal.refresh_from_db()
    return proposal


def move(proposal, to_status, actor, **kwargs):
    # A decision needs its score sheets; the tests of that are below.
    if to_status in DECIDED_STATUSES:
        score_enough(proposal)
    return services.transition(
        proposal=proposal, to_status=to_status, actor=actor, **kwargs
    )


def comment_for(from_status, to_status):
    legal = PROPOSAL_MOVES.find(from_status, to_status)
    if legal and legal.action in REASON_CODE_ACTIONS:
        return {"comment": "دلیل", "reason_code": "budget"}
    if legal and legal.reason_required:
        return {"comment": "لطفاً اصلاح کنید"}
    return {}


@pytest.mark.parametrize(
    ("from_status", "to_status"), list(itertools.product(ALL, ALL))
)
def test_transition_table(rep_a, reviewer, from_status, to_status):
    proposal = with_status(proposal_of(rep_a), from_status)
    legal = PROPOSAL_MOVES.find(from_status, to_status)
    if legal:
        actor = rep_a if legal.side == NGO else reviewer
        event = move(proposal, to_status, actor, **comment_for(from_status, to_status))
        proposal.refresh_from_db()
        assert proposal.status == to_status
        assert (event.from_status, event.to_status, event.actor) == (
            from_status,
            to_status,
            actor,
        )
    else:
        for actor in (rep_a, reviewer):
            with pytest.raises(TransitionError) as error:
                move(proposal, to_status, actor, comment="x", reason_code="budget")
            assert error.value.code == "illegal_transition"
        proposal.refresh_from_db()
        assert proposal.status == from_status
        assert not ProposalEvent.objects.filter(proposal=proposal).exists()


def test_first_submission_gives_reference_timestamps_event_and_mail(
    rep_a, reviewer, django_capture_on_commit_callbacks
):
    reviewer.email = "reviewer@example.org"
    reviewer.save()
    proposal = proposal_of(rep_a)
    title, budget = proposal.title, proposal.budget_rials
    with django_capture_on_commit_callbacks(execute=True):
        event = move(proposal, Status.SUBMITTED, rep_a)
    proposal.refresh_from_db()
    assert proposal.reference == f"{jalali_year(proposal.submitted_at)}-00001"
    assert (
        proposal.submitted_at
        == proposal.last_submitted_at
        == proposal.status_changed_at
    )
    assert proposal.decided_at is None
    assert (proposal.title, proposal.budget_rials) == (title, budget)  # untouched
    assert event.kind == "status" and event.visibility == "ngo"
    to_ngo = next(m for m in mail.outbox if m.to == ["rep_a@example.org"])
    # In Persian digits, kept left to right inside the Persian sentence.
    in_persian = "\u2066" + to_persian_digits(proposal.reference) + "\u2069"
    assert in_persian in to_ngo.subject
    assert in_persian in to_ngo.body
    assert proposal.reference not in to_ngo.body
    to_reviewers = next(m for m in mail.outbox if m.to == ["reviewer@example.org"])
    assert "طرح تازه" in to_reviewers.subject


def test_references_count_up_and_resubmission_keeps_it(rep_a, reviewer):
    first, second = proposal_of(rep_a), proposal_of(rep_a)
    move(first, Status.SUBMITTED, rep_a)
    move(second, Status.SUBMITTED, rep_a)
    first.refresh_from_db()
    second.refresh_from_db()
    assert int(second.reference[-5:]) == int(first.reference[-5:]) + 1
    move(first, Status.UNDER_REVIEW, reviewer)
    move(first, Status.CHANGES_REQUESTED, reviewer, comment="بودجه را روشن کنید")
    reference, submitted_at = first.reference, first.submitted_at
    Proposal.objects.filter(pk=first.pk).update(budget_rials=900_000_000)
    move(first, Status.SUBMITTED, rep_a, comment="بودجه را ریز کردیم")
    first.refresh_from_db()
    assert first.reference == reference
    assert first.submitted_at == submitted_at
    assert first.last_submitted_at > submitted_at


def test_withdraw_side_effects(rep_a, django_capture_on_commit_callbacks):
    proposal = proposal_of(rep_a)
    with django_capture_on_commit_callbacks(execute=True):
        move(proposal, Status.WITHDRAWN, rep_a)
    proposal.refresh_from_db()
    assert proposal.status == "withdrawn"
    assert proposal.reference is None  # never submitted, never numbered
    assert [m.to for m in mail.outbox] == [["rep_a@example.org"]]


def test_decision_sets_decided_at_and_mails_the_letter(
    rep_a, reviewer, django_capture_on_commit_callbacks
):
    proposal = with_status(
        proposal_of(rep_a, reference="1405-00077"), Status.UNDER_REVIEW
    )
    with django_capture_on_commit_callbacks(execute=True):
        move(
            proposal,
            Status.REJECTED,
            reviewer,
            comment="هزینه‌ها بالاست",
            reason_code="budget",
        )
    proposal.refresh_from_db()
    assert proposal.decided_at is not None
    letter = mail.outbox[0]
    assert "هزینه‌ها بالاست" in letter.body
    assert "بودجه توجیه‌شده نیست" in letter.body
    assert "گام بعدی" in letter.body


def test_letter_in_the_representatives_language(
    rep_a, reviewer, django_capture_on_commit_callbacks
):
    rep_a.representative.language = "en"
    rep_a.representative.save()
    proposal = with_status(
        proposal_of(rep_a, reference="1405-00078"), Status.UNDER_REVIEW
    )
    with django_capture_on_commit_callbacks(execute=True):
        move(proposal, Status.APPROVED, reviewer, comment="طرح روشن است.")
    assert mail.outbox[0].subject == "Proposal 1405-00078 approved"
    assert "What to do next" in mail.outbox[0].body


def test_internal_comment_mails_nobody_at_the_ngo(
    rep_a, reviewer, django_capture_on_commit_callbacks
):
    proposal = with_status(proposal_of(rep_a), Status.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        move(
            proposal,
            Status.UNDER_REVIEW,
            reviewer,
            comment="یادداشت داخلی",
            visibility="internal",
        )
    assert mail.outbox == []


def test_another_ngos_representative_cannot_act(rep_a, rep_b):
    proposal = proposal_of(rep_a)
    with pytest.raises(PermissionDenied):
        move(proposal, Status.SUBMITTED, rep_b)


def test_pending_representative_cannot_act(pending_rep):
    proposal = proposal_of(pending_rep)
    with pytest.raises(PermissionDenied):
        move(proposal, Status.SUBMITTED, pending_rep)


def test_representative_of_a_suspended_ngo_cannot_submit(rep_a):
    proposal = proposal_of(rep_a)
    rep_a.representative.ngo.__class__.objects.filter(pk=proposal.ngo_id).update(
        status="suspended"
    )
    with pytest.raises(PermissionDenied):
        move(proposal, Status.SUBMITTED, rep_a)


def test_staff_cannot_make_ngo_moves_nor_ngos_staff_moves(rep_a, reviewer):
    proposal = proposal_of(rep_a)
    with pytest.raises(PermissionDenied):
        move(proposal, Status.SUBMITTED, reviewer)
    with_status(proposal, Status.SUBMITTED)
    with pytest.raises(PermissionDenied):
        move(proposal, Status.UNDER_REVIEW, rep_a)


def test_decision_needs_the_decide_permission(rep_a, reviewer):
    from django.contrib.auth.models import Permission

    scorer = StaffFactory(groups=[roles.REVIEWERS])
    scorer.user_permissions.clear()
    group = scorer.groups.get()
    group.permissions.remove(Permission.objects.get(codename="decide_proposal"))
    scorer = type(scorer).objects.get(pk=scorer.pk)  # drop the permission cache
    proposal = with_status(proposal_of(rep_a), Status.UNDER_REVIEW)
    with pytest.raises(PermissionDenied):
        move(proposal, Status.APPROVED, scorer)
    move(proposal, Status.CHANGES_REQUESTED, scorer, comment="لطفاً اصلاح کنید")


def test_reviewer_who_represents_the_ngo_has_a_conflict(rep_a):
    conflicted = StaffFactory(groups=[roles.REVIEWERS])
    RepresentativeFactory(user=conflicted, ngo=rep_a.representative.ngo)
    proposal = with_status(proposal_of(rep_a), Status.UNDER_REVIEW)
    with pytest.raises(TransitionError) as error:
        move(proposal, Status.APPROVED, conflicted, comment="طرح روشن است.")
    assert error.value.code == "conflict"


@pytest.mark.parametrize(
    ("to_status", "kwargs", "code"),
    [
        (Status.CHANGES_REQUESTED, {"comment": "  "}, "reason_required"),
        (Status.REJECTED, {"comment": "", "reason_code": "budget"}, "reason_required"),
        (Status.REJECTED, {"comment": "دلیل", "reason_code": ""}, "reason"),
        (Status.REJECTED, {"comment": "دلیل", "reason_code": "made-up"}, "reason"),
    ],
)
def test_required_comment_and_reason(rep_a, reviewer, to_status, kwargs, code):
    proposal = with_status(proposal_of(rep_a), Status.UNDER_REVIEW)
    with pytest.raises(TransitionError) as error:
        move(proposal, to_status, reviewer, **kwargs)
    assert error.value.code == code
    proposal.refresh_from_db()
    assert proposal.status == Status.UNDER_REVIEW


def test_only_a_started_review_may_keep_its_comment_internal(
    rep_a, reviewer, django_capture_on_commit_callbacks
):
    proposal = with_status(proposal_of(rep_a), Status.UNDER_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        event = move(
            proposal,
            Status.APPROVED,
            reviewer,
            comment="در نامه تصمیم می‌آید",
            reason_code="budget",
            visibility="internal",
        )
    # A decision's comment is the NGO's to read, and only a rejection has a
    # reason code.
    assert (event.visibility, event.reason_code) == ("ngo", "")
    assert "در نامه تصمیم می‌آید" in mail.outbox[0].body


def test_unknown_visibility_is_refused(rep_a, reviewer):
    proposal = with_status(proposal_of(rep_a), Status.SUBMITTED)
    with pytest.raises(TransitionError) as error:
        move(proposal, Status.UNDER_REVIEW, reviewer, visibility="everyone")
    assert error.value.code == "visibility"


def test_each_move_writes_one_audit_line(rep_a, caplog):
    caplog.set_level(logging.INFO, logger="workgroup.audit")
    proposal = proposal_of(rep_a)
    move(proposal, Status.SUBMITTED, rep_a)
    lines = [r.audit for r in caplog.records if r.name == "workgroup.audit"]
    assert [
        (line["event"], line["action"], line["user"], line["proposal"])
        for line in lines
    ] == [("proposal.status_changed", "submit", "rep_a", proposal.pk)]


def test_incomplete_proposal_cannot_be_submitted(rep_a):
    proposal = proposal_of(rep_a, summary="", budget_rials=None, provinces=[])
    with pytest.raises(TransitionError) as error:
        move(proposal, Status.SUBMITTED, rep_a)
    assert error.value.code == "incomplete"
    assert error.value.messages == [
        "طرح هنوز کامل نیست: خلاصه، بودجه درخواستی (ریال)، استان‌ها."
    ]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_first_submissions_never_share_a_reference(migration_data):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    representatives = [RepresentativeFactory() for _ in range(8)]
    proposals = [
        ProposalFactory(ngo=rep.ngo, created_by=rep.user) for rep in representatives
    ]
    barrier = threading.Barrier(len(proposals))
    errors = []

    def submit(proposal, user):
        from django.db import connections

        try:
            barrier.wait()
            services.transition(
                proposal=proposal, to_status=Status.SUBMITTED, actor=user
            )
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=submit, args=(p, r.user))
        for p, r in zip(proposals, representatives, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    references = list(Proposal.objects.values_list("reference", flat=True))
    assert len(references) == len(set(references)) == 8
    assert sorted(int(r[-5:]) for r in references) == list(range(1, 9))
