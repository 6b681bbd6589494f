"""The reviewers' panel on the admin's front page."""

from django.db.models import Count

from proposals.models import Proposal
from proposals.workflow import AWAITING_STAFF_STATUSES, DECIDED_STATUSES, Status


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
