"""The proposals' panels on the admin's front page: the proposals at a
glance, each reviewer's queue and the call managers' desk."""

import datetime

from django.core.cache import cache
from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Subquery,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from proposals.models import (
    STATUS_COUNTS_KEY,
    STATUS_COUNTS_SECONDS,
    Call,
    Proposal,
    ReviewAssignment,
    ScoreSheet,
)
from proposals.reminders import OVERDUE_SCORE_DAYS
from proposals.selectors import conflicted
from proposals.workflow import (
    AWAITING_STAFF_STATUSES,
    DECIDED_STATUSES,
    REVIEW,
    SCORING_STATUSES,
    Status,
)

# Calls closing within this many days stand on the call managers' desk.
CLOSING_SOON_DAYS = 14


def status_counts() -> dict[str, int]:
    """How many proposals NGOs have sent, by status (no drafts, not even as
    a count): from the cache, counted when it has none."""
    counts = cache.get(STATUS_COUNTS_KEY)
    if counts is None:
        counts = dict(
            Proposal.objects.seen_by_staff()
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
        cache.set(STATUS_COUNTS_KEY, counts, STATUS_COUNTS_SECONDS)
    return counts


def review_panel(request):
    """Counts by status, the longest waiting, recent decisions.

    Two queries whatever the number of proposals (the counts come from
    the cache); ``None`` for users who may not see proposals. Each
    reviewer's own queue is their desk (:func:`reviewer_desk`).
    """
    if not request.user.has_perm("proposals.view_proposal"):
        return None
    # Staff see only what NGOs have sent: no drafts, not even as a count.
    seen = Proposal.objects.seen_by_staff()
    counts = status_counts()
    awaiting = seen.filter(status__in=AWAITING_STAFF_STATUSES).select_related("ngo")
    return {
        "by_status": [
            (s.value, s.label, counts.get(s.value, 0))
            for s in Status
            if s != Status.DRAFT
        ],
        "waiting_longest": list(awaiting.order_by("last_submitted_at")[:5]),
        "recent_decisions": list(
            # decided_at is given so that the index skips the undecided
            # (NULLs come first in a descending index).
            seen.filter(status__in=DECIDED_STATUSES, decided_at__isnull=False)
            .select_related("ngo")
            .order_by("-decided_at")[:5]
        ),
    }


def reviewer_desk(request):
    """The reviewer's queue: the proposals assigned to them (``ReviewAssignment``)
    that wait for staff and not yet for their score sheet, longest in their
    status first.

    A proposal under review is overdue once it has been so, and assigned
    to the reviewer, for ``OVERDUE_SCORE_DAYS`` without their sheet, when
    ``send_reminders`` starts reminding (calls set no review date of their
    own): a reviewer assigned late has as long as the first. Proposals of
    NGOs the reviewer has a conflict of interest with
    (``selectors.conflicted``) are left out. One query whatever the
    number of proposals; ``None`` for users who may not review.
    """
    user = request.user
    if not user.has_perm(REVIEW):
        return None
    # Greatest of two values, neither null (SQLite's is null if one is).
    since = Greatest(
        Coalesce("proposal__status_changed_at", "assigned_at"), "assigned_at"
    )
    due = ExpressionWrapper(
        since + datetime.timedelta(days=OVERDUE_SCORE_DAYS),
        output_field=DateTimeField(),
    )
    queue = (
        ReviewAssignment.objects.filter(
            reviewer=user,
            proposal__submitted_at__isnull=False,
            proposal__status__in=AWAITING_STAFF_STATUSES,
        )
        .exclude(
            Exists(
                ScoreSheet.objects.filter(
                    proposal=OuterRef("proposal"), reviewer=OuterRef("reviewer")
                )
            )
        )
        .exclude(conflicted(OuterRef("proposal__ngo_id"), "reviewer"))
        .annotate(due_at=due)
        .select_related("proposal__ngo")
        .order_by(
            F("proposal__status_changed_at").asc(nulls_last=True),
            "proposal__last_submitted_at",
            "pk",
        )
    )
    now = timezone.now()
    rows = []
    for assignment in queue[:10]:
        proposal = assignment.proposal
        scoring = proposal.status in SCORING_STATUSES
        rows.append(
            {
                "proposal": proposal,
                # Only a proposal under review can be scored, so only it
                # has a due date.
                "due_at": assignment.due_at if scoring else None,
                "overdue": scoring
                and assignment.due_at is not None
                and assignment.due_at < now,
            }
        )
    return {"queue": rows}


def counted_sheets_subquery():
    """Each proposal's number of score sheets that count (see
    ``proposals.review.counted_sheets``), for filtering in one query."""
    return Coalesce(
        Subquery(
            ScoreSheet.objects.filter(
                proposal=OuterRef("pk"), set_aside_at__isnull=True
            )
            .exclude(conflicted(OuterRef(OuterRef("ngo_id")), "reviewer"))
            .values("proposal")
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def call_managers_panel(request):
    """The call managers' desk: calls closing within ``CLOSING_SOON_DAYS``
    and proposals with the score sheets a decision needs. Two queries;
    ``None`` for staff who do not manage calls."""
    if not request.user.has_perm("proposals.change_call"):
        return None
    now = timezone.now()
    closing = Call.objects.filter(
        is_standing=False,
        opens_at__lte=now,
        closes_at__gt=now,
        closes_at__lte=now + datetime.timedelta(days=CLOSING_SOON_DAYS),
    ).order_by("closes_at")
    ready = (
        Proposal.objects.seen_by_staff()
        .filter(status__in=SCORING_STATUSES)
        .annotate(counted=counted_sheets_subquery())
        .filter(counted__gte=F("call__min_score_sheets"))
        .select_related("ngo")
        .order_by("last_submitted_at")
    )
    # The proposals only for those who may open them.
    may_see = request.user.has_perm("proposals.view_proposal")
    return {
        "closing_soon": list(closing[:10]),
        "ready": list(ready[:10]) if may_see else [],
    }
