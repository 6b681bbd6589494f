"""The reviewers' panel on the admin's front page."""

import datetime

from django.db.models import Count, F, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from proposals.models import Call, Proposal, ScoreSheet
from proposals.selectors import conflicted
from proposals.workflow import (
    AWAITING_STAFF_STATUSES,
    DECIDED_STATUSES,
    SCORING_STATUSES,
    Status,
)

# Calls closing within this many days stand on the call managers' desk.
CLOSING_SOON_DAYS = 14


def review_panel(request):
    """Counts by status, the user's queue, the longest waiting, recent decisions.

    Five queries whatever the number of proposals; ``None`` for users who
    may not see proposals.
    """
    if not request.user.has_perm("proposals.view_proposal"):
        return None
    # Staff see only what NGOs have sent: no drafts, not even as a count.
    seen = Proposal.objects.seen_by_staff()
    counts = dict(
        seen.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    awaiting = seen.filter(status__in=AWAITING_STAFF_STATUSES).select_related("ngo")
    return {
        "by_status": [
            (s.value, s.label, counts.get(s.value, 0))
            for s in Status
            if s != Status.DRAFT
        ],
        "my_queue": list(
            awaiting.filter(reviewer=request.user).order_by("last_submitted_at")[:10]
        ),
        "waiting_longest": list(awaiting.order_by("last_submitted_at")[:5]),
        "recent_decisions": list(
            # decided_at is given so that the index skips the undecided
            # (NULLs come first in a descending index).
            seen.filter(status__in=DECIDED_STATUSES, decided_at__isnull=False)
            .select_related("ngo")
            .order_by("-decided_at")[:5]
        ),
    }


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
