"""The reviewers' desk on the admin's front page: their queue."""

import datetime

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from core import roles
from proposals.dashboard import reviewer_desk
from proposals.models import ConflictOfInterest, Proposal, ReviewAssignment
from proposals.reminders import OVERDUE_SCORE_DAYS
from proposals.workflow import Status
from tests.factories import (
    ProposalFactory,
    RepresentativeFactory,
    StaffFactory,
    make_sheet,
)

pytestmark = pytest.mark.django_db


def assigned(
    reviewer,
    *,
    status=Status.UNDER_REVIEW,
    days_in_status=1,
    days_assigned=None,
    **kwargs,
):
    """A proposal sent by its NGO, ``days_in_status`` in ``status``, assigned
    to ``reviewer`` ``days_assigned`` ago (when it took that status, by
    default)."""
    rep = RepresentativeFactory()
    proposal = ProposalFactory(ngo=rep.ngo, created_by=rep.user, **kwargs)
    moment = timezone.now() - datetime.timedelta(days=days_in_status)
    Proposal.objects.filter(pk=proposal.pk).update(
        status=status,
        submitted_at=moment,
        last_submitted_at=moment,
        status_changed_at=moment,
        reference=f"1405-{proposal.pk:05d}",
    )
    proposal.refresh_from_db()
    assignment = ReviewAssignment.objects.create(
        proposal=proposal, reviewer=reviewer, assigned_by=StaffFactory()
    )
    days = days_in_status if days_assigned is None else days_assigned
    ReviewAssignment.objects.filter(pk=assignment.pk).update(
        assigned_at=timezone.now() - datetime.timedelta(days=days)
    )
    return proposal


def desk_of(client, user):
    client.force_login(user)
    html = client.get(reverse("admin:index")).content.decode()
    if "reviewer-desk" not in html:
        return None
    start = html.index("reviewer-desk")
    return html[start : html.index("</div>", start)]


def test_reviewers_see_their_queue_oldest_first(client, reviewer):
    newer = assigned(reviewer, title="تازه رسیده", days_in_status=2)
    older = assigned(reviewer, title="قدیمی‌تر", days_in_status=9)
    submitted = assigned(reviewer, title="هنوز بررسی نشده", status=Status.SUBMITTED)
    desk = desk_of(client, reviewer)
    assert desk.index(older.title) < desk.index(newer.title)
    assert submitted.title in desk
    assert reverse("admin:proposals_proposal_change", args=[older.pk]) in desk


def test_the_queue_leaves_out_what_is_not_waiting_for_the_reviewer(client, reviewer):
    scored = assigned(reviewer, title="برگه داده شده")
    make_sheet(scored, reviewer)
    assigned(reviewer, title="تصمیم گرفته", status=Status.APPROVED)
    assigned(StaffFactory(groups=[roles.REVIEWERS]), title="سپرده به دیگری")
    conflicted = assigned(reviewer, title="تعارض منافع")
    # A conflict declared on another proposal of the same NGO covers it.
    ConflictOfInterest.objects.create(
        proposal=ProposalFactory(ngo=conflicted.ngo), reviewer=reviewer
    )
    represented = assigned(reviewer, title="نماینده خودش")
    RepresentativeFactory(ngo=represented.ngo, user=StaffFactory())
    RepresentativeFactory(
        ngo=assigned(reviewer, title="سازمان خودش").ngo, user=reviewer
    )
    kept = assigned(reviewer, title="در صف")
    desk = desk_of(client, reviewer)
    assert kept.title in desk
    for title in (
        "برگه داده شده",
        "تصمیم گرفته",
        "سپرده به دیگری",
        "تعارض منافع",
        "سازمان خودش",
    ):
        assert title not in desk
    assert "نماینده خودش" in desk  # another person represents that NGO


def test_a_proposal_under_review_too_long_is_marked_overdue(client, reviewer):
    assigned(reviewer, title="دیرکرد", days_in_status=OVERDUE_SCORE_DAYS + 1)
    assigned(reviewer, title="به‌موقع", days_in_status=OVERDUE_SCORE_DAYS - 1)
    assigned(
        reviewer,
        title="ارسال‌شده قدیمی",
        status=Status.SUBMITTED,
        days_in_status=OVERDUE_SCORE_DAYS + 5,
    )
    request = RequestFactory().get("/")
    request.user = reviewer
    rows = {row["proposal"].title: row for row in reviewer_desk(request)["queue"]}
    assert rows["دیرکرد"]["overdue"] is True
    assert rows["به‌موقع"]["overdue"] is False
    # Not under review yet: it cannot be scored, so it is not late.
    assert rows["ارسال‌شده قدیمی"]["overdue"] is False
    assert rows["ارسال‌شده قدیمی"]["due_at"] is None
    desk = desk_of(client, reviewer)
    late = desk[desk.index("دیرکرد") :]
    assert "دیرکرد" in late[: late.index("</li>")]
    assert "overdue" in late[: late.index("</li>")]
    on_time = desk[desk.index("به‌موقع") :]
    assert "overdue" not in on_time[: on_time.index("</li>")]


def test_a_reviewer_assigned_late_has_as_long_as_the_first(reviewer):
    """Under review for a month but assigned to this reviewer yesterday: due
    ``OVERDUE_SCORE_DAYS`` after the assignment, not already late."""
    assigned(
        reviewer,
        title="واگذاری دیرهنگام",
        days_in_status=OVERDUE_SCORE_DAYS + 20,
        days_assigned=1,
    )
    request = RequestFactory().get("/")
    request.user = reviewer
    (row,) = reviewer_desk(request)["queue"]
    assert row["overdue"] is False
    left = row["due_at"] - timezone.now()
    days = datetime.timedelta(days=OVERDUE_SCORE_DAYS)
    assert days - datetime.timedelta(days=1, minutes=1) < left < days


def test_the_due_date_is_shown_in_english_too(client, reviewer):
    assigned(reviewer, title="due", days_in_status=OVERDUE_SCORE_DAYS + 1)
    client.force_login(reviewer)
    with translation.override("en"):
        html = client.get(reverse("admin:index")).content.decode()
    desk = html[html.index("reviewer-desk") :]
    assert "My queue" in desk
    assert "score due" in desk
    assert ">overdue<" in desk


def test_an_empty_queue_says_so_and_links_to_the_list(client, reviewer):
    desk = desk_of(client, reviewer)
    assert "کاری به نام شما در انتظار نیست" in desk
    assert reverse("admin:proposals_proposal_changelist") + "?assigned=me" in desk


@pytest.mark.parametrize(
    "groups", [[roles.REGISTRY_OFFICERS], [roles.MEETING_SECRETARIES], []]
)
def test_staff_who_do_not_review_have_no_queue(client, groups):
    assert desk_of(client, StaffFactory(groups=groups)) is None


@pytest.mark.parametrize("rows", [2, 20])
def test_the_queue_costs_one_query(reviewer, count_queries, rows):
    for _ in range(rows):
        assigned(reviewer)
        # Rows the query must leave out: a conflict, a sheet already given.
        ConflictOfInterest.objects.create(
            proposal=assigned(reviewer), reviewer=reviewer
        )
        make_sheet(assigned(reviewer), reviewer)
    request = RequestFactory().get("/")
    request.user = reviewer
    reviewer.has_perm("proposals.review_proposal")  # the permissions cached
    with count_queries() as queries:
        context = reviewer_desk(request)
    assert len(context["queue"]) == min(rows, 10)
    assert len(queries) == 1
