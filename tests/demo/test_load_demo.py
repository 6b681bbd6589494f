import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

pytestmark = pytest.mark.django_db

STAFF = {
    "reviewer": "Reviewers",
    "reviewer2": "Reviewers",
    "registrar": "Registry officers",
    "secretary": "Meeting secretaries",
    "callmanager": "Call managers",
}


def load(*args):
    from io import StringIO

    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def signs_in(username, password):
    from django.contrib.auth import authenticate
    from django.test import RequestFactory

    # django-axes needs the request to count failures per address.
    request = RequestFactory().post("/accounts/login/")
    return authenticate(request, username=username, password=password) is not None


def test_demo_accounts_with_a_given_password():
    output = load("--password", "training-pass-1")
    for username, group in STAFF.items():
        user = User.objects.get(username=username)
        assert user.is_staff
        assert not user.is_superuser
        assert list(user.groups.values_list("name", flat=True)) == [group]
        assert signs_in(username, "training-pass-1")
        assert username in output
    assert User.objects.get(username="admin").is_superuser


def test_random_passwords_are_printed_and_work():
    output = load()
    line = next(
        line for line in output.splitlines() if line.strip().startswith("reviewer")
    )
    password = line.split()[1]
    assert len(password) >= 12
    assert signs_in("reviewer", password)


def test_loading_twice_adds_nothing():
    load("--password", "p1-xxxxxxxx")
    counts = {model: model.objects.count() for model in [User]}
    load("--password", "p2-xxxxxxxx")
    assert {model: model.objects.count() for model in [User]} == counts
    assert signs_in("secretary", "p2-xxxxxxxx")


def test_demo_references_increase_with_submission_dates():
    from proposals.models import Proposal

    load("--password", "p1-xxxxxxxx")
    references = list(
        Proposal.objects.filter(submitted_at__isnull=False)
        .order_by("submitted_at")
        .values_list("reference", flat=True)
    )
    assert len(references) > 10
    assert references == sorted(references)


def test_the_seed_meetings_call_is_closed_with_every_demo_proposal():
    from django.utils import timezone

    from core.jalali import format_short_date
    from proposals.models import Call, Proposal
    from proposals.workflow import Status

    load("--password", "training-pass-1")
    seed = Call.objects.get(title__startswith="فراخوان ایده‌ها و طرح‌های اجرایی")
    assert seed.has_closed(timezone.now())
    assert format_short_date(seed.opens_at) == "۱۳۹۶/۱۰/۱۸"
    assert seed.launched_at_meeting is not None
    assert seed.launched_by_decision.meeting == seed.launched_at_meeting
    assert not Proposal.objects.exclude(call=seed).exists()
    assert set(seed.proposals.values_list("status", flat=True)) == set(Status.values)
    assert Call.objects.open_at().filter(is_standing=False).count() == 1
    load("--password", "training-pass-1")  # again: nothing doubled
    assert Call.objects.count() == 3


def test_reviewed_demo_proposals_have_two_reviewers_sheets():
    from proposals.models import Proposal, ScoreSheet
    from proposals.workflow import Status

    load("--password", "training-pass-1")
    decided = Proposal.objects.filter(status__in=[Status.APPROVED, Status.REJECTED])
    assert decided.exists()
    for proposal in decided:
        sheets = list(proposal.score_sheets.all())
        assert len({s.reviewer_id for s in sheets}) == 2
        assert all(s.scores.count() == 5 for s in sheets)
        assert proposal.assignments.count() == 2
    approved = Proposal.objects.filter(status=Status.APPROVED).first()
    rejected = Proposal.objects.filter(status=Status.REJECTED).first()
    assert min(s.mean for s in approved.score_sheets.all()) > max(
        s.mean for s in rejected.score_sheets.all()
    )
    # Under review: the demo reviewer has scored, the second one has not.
    under_review = Proposal.objects.filter(status=Status.UNDER_REVIEW)
    assert ScoreSheet.objects.filter(proposal__in=under_review).exists()
    load("--password", "training-pass-1")  # again: nothing doubled
    assert ScoreSheet.objects.filter(proposal__in=decided).count() == 2 * len(decided)


def test_demo_revisions_are_dated_as_their_submissions():
    from proposals.models import Proposal, ProposalEvent

    load()
    for proposal in Proposal.objects.seen_by_staff():
        sent = list(
            proposal.events.filter(
                kind=ProposalEvent.Kind.STATUS, to_status="submitted"
            ).values_list("at", flat=True)
        )
        kept = list(proposal.revisions.values_list("submitted_at", flat=True))
        assert kept == sent


def test_demo_has_supported_plans_in_delivery_and_one_completed():
    from delivery.models import Milestone, Plan, ProgressReport

    load("--password", "p1-xxxxxxxx")
    statuses = sorted(Plan.objects.values_list("status", flat=True))
    assert statuses == ["completed", "in_delivery"]
    counts = (Milestone.objects.count(), ProgressReport.objects.count())
    load("--password", "p1-xxxxxxxx")
    assert (Milestone.objects.count(), ProgressReport.objects.count()) == counts


def test_demo_approvals_name_the_review_meetings_decision():
    from demo.proposals import REVIEW_MEETING_TITLE
    from proposals.models import Proposal

    load("--password", "p1-xxxxxxxx")
    approved = Proposal.objects.filter(status="approved").select_related(
        "approved_in__meeting"
    )
    assert approved.exists()
    for proposal in approved:
        assert proposal.approved_in.kind == "decision"
        assert proposal.approved_in.meeting.title == REVIEW_MEETING_TITLE
        assert proposal.letters.get().meeting_title == REVIEW_MEETING_TITLE
