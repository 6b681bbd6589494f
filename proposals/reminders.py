"""Reminders sent by ``manage.py send_reminders``, run from cron.

Three kinds: the NGO before its response to a request for changes is due;
every reviewer assigned to (or in charge of) a proposal open to scoring who
has not scored it for more than ``OVERDUE_SCORE_DAYS`` (once a week each);
the call managers once a call has closed. Each reminder is one
``Reminder`` row whose unique key names its kind, object and period. The
row is inserted first, in a transaction of its own; only the run whose
insert wins sends, so re-runs and several servers running at once send
each reminder once.
"""

import datetime
import logging

from django.contrib.auth.models import Group, User
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.roles import CALL_MANAGERS
from proposals.mail import representatives_to_mail, send
from proposals.models import Call, Proposal, Reminder, ReviewAssignment, ScoreSheet
from proposals.services import is_conflicted
from proposals.workflow import SCORING_STATUSES, Status

logger = logging.getLogger(__name__)

# The NGO is reminded this many days before its response is due.
CHANGES_DUE_DAYS = 7
# An assigned reviewer is reminded when a proposal has been under review,
# and assigned to them, this long without their score sheet, then once a week.
OVERDUE_SCORE_DAYS = 14
# Calls that closed within this many days tell their managers (older ones
# closed before reminders ran and are not announced late).
CALL_CLOSED_DAYS = 7


def claim(kind: str, key: str, recipients: list[str]) -> bool:
    """Insert the reminder's log row; whether this run won it and may send."""
    try:
        with transaction.atomic():
            Reminder.objects.create(
                kind=kind, key=f"{kind}:{key}", recipients=", ".join(recipients)
            )
    except IntegrityError:
        return False
    return True


def changes_due(now) -> int:
    sent = 0
    proposals = Proposal.objects.filter(
        status=Status.CHANGES_REQUESTED,
        response_due_at__gt=now,
        response_due_at__lte=now + datetime.timedelta(days=CHANGES_DUE_DAYS),
    ).select_related("ngo")
    for proposal in proposals:
        representatives = list(representatives_to_mail(proposal))
        if not representatives:
            continue
        key = f"{proposal.pk}:{proposal.response_due_at:%Y%m%d%H%M}"
        if not claim(
            Reminder.Kind.CHANGES_DUE, key, [r.user.email for r in representatives]
        ):
            continue
        for representative in representatives:
            send(
                "reminder_changes_due",
                {"proposal": proposal, "representative": representative},
                representative.user.email,
                representative.language,
            )
        sent += 1
    return sent


def late_reviewers(now) -> list[tuple[Proposal, User]]:
    """Each proposal open to scoring and each reviewer late with their sheet
    on it: assigned to it (or in charge of it) more than
    ``OVERDUE_SCORE_DAYS`` ago, the proposal in its status as long, with no
    sheet of theirs, no conflict of interest with its NGO, active and with
    an address to write to."""
    cutoff = now - datetime.timedelta(days=OVERDUE_SCORE_DAYS)
    proposals = {
        proposal.pk: proposal
        for proposal in Proposal.objects.filter(
            status__in=SCORING_STATUSES, status_changed_at__lt=cutoff
        ).select_related("ngo")
    }
    pairs = set(
        ReviewAssignment.objects.filter(
            proposal__in=proposals, assigned_at__lt=cutoff
        ).values_list("proposal", "reviewer")
    )
    # The reviewer in charge, from before reviewers had assignments.
    pairs |= {(p.pk, p.reviewer_id) for p in proposals.values() if p.reviewer_id}
    reviewers = User.objects.in_bulk({reviewer for _proposal, reviewer in pairs})
    scored = set(
        ScoreSheet.objects.filter(proposal__in=proposals).values_list(
            "proposal", "reviewer"
        )
    )
    late = []
    for proposal_pk, reviewer_pk in sorted(pairs - scored):
        proposal, reviewer = proposals[proposal_pk], reviewers[reviewer_pk]
        if not (reviewer.is_active and reviewer.email):
            continue
        if is_conflicted(reviewer, proposal.ngo_id):
            continue
        late.append((proposal, reviewer))
    return late


def overdue_scores(now) -> int:
    sent = 0
    week = now.isocalendar()
    for proposal, reviewer in late_reviewers(now):
        key = f"{proposal.pk}:{reviewer.pk}:{week.year}-W{week.week:02d}"
        if not claim(Reminder.Kind.OVERDUE_SCORE, key, [reviewer.email]):
            continue
        send("reminder_overdue_score", {"proposal": proposal}, reviewer.email, "fa")
        sent += 1
    return sent


def calls_closed(now) -> int:
    sent = 0
    managers = [
        user.email
        for user in Group.objects.get(name=CALL_MANAGERS).user_set.filter(
            is_active=True
        )
        if user.email
    ]
    if not managers:
        return 0
    calls = Call.objects.filter(
        is_standing=False,
        closes_at__lte=now,
        closes_at__gt=now - datetime.timedelta(days=CALL_CLOSED_DAYS),
    )
    for call in calls:
        if not claim(Reminder.Kind.CALL_CLOSED, str(call.pk), managers):
            continue
        context = {"call": call, "count": call.proposals.seen_by_staff().count()}
        for address in managers:
            send("reminder_call_closed", context, address, "fa")
        sent += 1
    return sent


# Senders of apps above (delivery's overdue milestones and reports): each
# takes ``now`` and returns ``{kind: how many sent}``, claiming each reminder
# with :func:`claim` as the senders here do.
_senders = []


def register_sender(sender) -> None:
    if sender not in _senders:
        _senders.append(sender)


def send_reminders(now=None) -> dict:
    """Send every reminder that is due and not yet sent; how many of each."""
    now = now or timezone.now()
    counts = {
        Reminder.Kind.CHANGES_DUE: changes_due(now),
        Reminder.Kind.OVERDUE_SCORE: overdue_scores(now),
        Reminder.Kind.CALL_CLOSED: calls_closed(now),
    }
    for sender in _senders:
        counts.update(sender(now))
    return counts
