"""Everything that changes a proposal beyond one plain field.

:func:`transition` is the only writer of ``Proposal.status``; the NGO side
(views) and the staff side (admin) both call it.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import audit
from core.jalali import jalali_year
from core.mail import send_templated
from core.roles import REVIEWERS
from ngos.models import Representative
from proposals import uploads
from proposals.models import (
    EDITABLE_STATUSES,
    Attachment,
    Proposal,
    ProposalEvent,
    ReferenceSequence,
    Status,
)

NGO_SIDE = "ngo"
STAFF_SIDE = "staff"


@dataclass(frozen=True)
class Move:
    action: str
    side: str
    permission: str = ""  # the staff permission the move needs
    needs_comment: bool = False
    needs_reason_code: bool = False


# Every legal (from, to) pair. Anything not here is refused.
TRANSITIONS: dict[tuple[str, str], Move] = {
    (Status.DRAFT, Status.SUBMITTED): Move("submit", NGO_SIDE),
    (Status.CHANGES_REQUESTED, Status.SUBMITTED): Move("resubmit", NGO_SIDE),
    (Status.DRAFT, Status.WITHDRAWN): Move("withdraw", NGO_SIDE),
    (Status.SUBMITTED, Status.WITHDRAWN): Move("withdraw", NGO_SIDE),
    (Status.CHANGES_REQUESTED, Status.WITHDRAWN): Move("withdraw", NGO_SIDE),
    (Status.SUBMITTED, Status.UNDER_REVIEW): Move(
        "start_review", STAFF_SIDE, "proposals.review_proposal"
    ),
    (Status.UNDER_REVIEW, Status.CHANGES_REQUESTED): Move(
        "request_changes", STAFF_SIDE, "proposals.review_proposal", needs_comment=True
    ),
    (Status.UNDER_REVIEW, Status.APPROVED): Move(
        "approve", STAFF_SIDE, "proposals.decide_proposal"
    ),
    (Status.UNDER_REVIEW, Status.REJECTED): Move(
        "reject",
        STAFF_SIDE,
        "proposals.decide_proposal",
        needs_comment=True,
        needs_reason_code=True,
    ),
}

# Why a proposal may be rejected; the decision letter explains each.
REJECTION_REASONS = {
    "out_of_scope": _("outside the working group's field"),
    "feasibility": _("not feasible as planned"),
    "budget": _("budget not justified"),
    "capacity": _("the NGO's capacity does not match the plan"),
    "duplicate": _("duplicates an existing programme"),
    "incomplete": _("information missing after a request for changes"),
    "other": _("another reason, given in the comment"),
}

# What a proposal needs before it can be submitted.
REQUIRED_FOR_SUBMISSION = (
    "title",
    "summary",
    "problem",
    "solution",
    "executive_plan",
    "target_group",
    "beneficiaries",
    "duration_months",
    "budget_rials",
)
REQUIRED_RELATIONS = ("provinces", "focus_areas")


class TransitionError(ValidationError):
    """A move that is not allowed now, with a message for the person acting."""


def moves_from(status: str, side: str) -> list[tuple[str, Move]]:
    """The moves one side may make from ``status``: ``[(to_status, move)]``."""
    return [
        (to_status, move)
        for (from_status, to_status), move in TRANSITIONS.items()
        if from_status == status and move.side == side
    ]


def acting_representative(user) -> Representative | None:
    """The user's representative record if it may act for its NGO now.

    Read from the database each time, so that a suspension or a revoked
    approval takes effect at once, even for a user object loaded earlier.
    """
    if not user.is_authenticated:
        return None
    representative = (
        Representative.objects.select_related("ngo", "user").filter(user=user).first()
    )
    if representative is not None and representative.can_act:
        return representative
    return None


def has_conflict(proposal: Proposal, user) -> bool:
    """Whether ``user`` may not review or decide ``proposal``.

    A representative of the proposing NGO always has a conflict; so has a
    reviewer who declared one (``proposals.ConflictOfInterest``).
    """
    if Representative.objects.filter(user=user, ngo_id=proposal.ngo_id).exists():
        return True
    return proposal.conflicts.filter(reviewer=user).exists()


def _check_actor(proposal: Proposal, move: Move, actor) -> None:
    if move.side == NGO_SIDE:
        representative = acting_representative(actor)
        if representative is None or representative.ngo_id != proposal.ngo_id:
            raise PermissionDenied
        return
    if not actor.is_staff or not actor.has_perm(move.permission):
        raise PermissionDenied
    if has_conflict(proposal, actor):
        raise TransitionError(
            _("You have a conflict of interest with this proposal."),
            code="conflict",
        )


def missing_for_submission(proposal: Proposal) -> list[str]:
    missing = [
        name
        for name in REQUIRED_FOR_SUBMISSION
        if getattr(proposal, name) in (None, "")
    ]
    missing += [
        name for name in REQUIRED_RELATIONS if not getattr(proposal, name).exists()
    ]
    return missing


def transition(
    *,
    proposal: Proposal,
    to_status: str,
    actor: User,
    comment: str = "",
    reason_code: str = "",
    visibility: str = ProposalEvent.Visibility.NGO,
) -> ProposalEvent:
    """Move ``proposal`` to ``to_status``: the only writer of its status.

    Under a row lock it re-reads the status, checks that the move is in
    :data:`TRANSITIONS`, that ``actor`` may make it (an acting representative
    of the proposal's NGO, or staff with the move's permission and no
    conflict of interest), and that a comment and reason are given where
    required. Two people deciding at once: the second finds the status
    changed and is refused with a message; nothing is half-written.

    Side effects: ``status`` and ``status_changed_at``; on the first
    submission a reference number and ``submitted_at``; on each submission
    ``last_submitted_at``; on a decision ``decided_at``; one ProposalEvent;
    after commit, e-mail to the NGO's representatives (with the comment when
    it is meant for the NGO) and, on a submission, to the reviewers.
    """
    with transaction.atomic():
        locked = (
            Proposal.objects.select_for_update()
            .select_related("ngo")
            .get(pk=proposal.pk)
        )
        from_status = locked.status
        move = TRANSITIONS.get((from_status, to_status))
        if move is None:
            raise TransitionError(
                _("This proposal is %(from)s; it cannot become %(to)s now."),
                code="illegal_transition",
                params={
                    "from": Status(from_status).label,
                    "to": Status(to_status).label,
                },
            )
        _check_actor(locked, move, actor)
        comment = comment.strip()
        if move.needs_comment and not comment:
            raise TransitionError(
                _("Write a comment for the NGO: it is required for this decision."),
                code="comment",
            )
        if move.needs_reason_code and reason_code not in REJECTION_REASONS:
            raise TransitionError(_("Choose the reason for rejecting."), code="reason")
        if move.side == NGO_SIDE:
            visibility = ProposalEvent.Visibility.NGO
        if to_status == Status.SUBMITTED:
            missing = missing_for_submission(locked)
            if missing:
                raise TransitionError(
                    _("The proposal is not complete yet: %(fields)s."),
                    code="incomplete",
                    params={
                        "fields": "، ".join(
                            str(Proposal._meta.get_field(name).verbose_name)
                            for name in missing
                        )
                    },
                )
        now = timezone.now()
        locked.status = to_status
        locked.status_changed_at = now
        fields = ["status", "status_changed_at", "updated_at"]
        if to_status == Status.SUBMITTED:
            if locked.submitted_at is None:
                locked.submitted_at = now
                locked.reference = next_reference(now)
                fields += ["submitted_at", "reference"]
            locked.last_submitted_at = now
            fields.append("last_submitted_at")
        if to_status in (Status.APPROVED, Status.REJECTED):
            locked.decided_at = now
            fields.append("decided_at")
        locked.save(update_fields=fields)
        event = ProposalEvent.objects.create(
            proposal=locked,
            kind=ProposalEvent.Kind.STATUS,
            from_status=from_status,
            to_status=to_status,
            actor=actor,
            comment=comment,
            reason_code=reason_code if move.needs_reason_code else "",
            visibility=visibility,
        )
        transaction.on_commit(lambda: notify(event))
    audit.log(
        "proposal.status_changed",
        user=actor,
        proposal=proposal.pk,
        from_status=from_status,
        to_status=to_status,
    )
    proposal.refresh_from_db()
    return event


def next_reference(moment) -> str:
    """``<Jalali year>-<5 digits>``, unique under concurrent submissions.

    The year's counter row is locked for the rest of the transaction, so two
    submissions never take the same number; a rolled-back submission leaves
    a gap, which is fine.
    """
    year = jalali_year(moment)
    try:
        with transaction.atomic():
            ReferenceSequence.objects.get_or_create(year=year)
    except IntegrityError:
        pass  # another submission created this year's row first
    sequence = ReferenceSequence.objects.select_for_update().get(year=year)
    sequence.last = F("last") + 1
    sequence.save(update_fields=["last"])
    sequence.refresh_from_db(fields=["last"])
    return f"{year}-{sequence.last:05d}"


def save_proposal(*, form, actor: User) -> Proposal:
    """Save the NGO's form: a new draft, or edits while the proposal is editable.

    Refused (TransitionError) when the proposal left ``draft`` or
    ``changes requested`` meanwhile, for example because staff started the
    review while the form was open.
    """
    representative = acting_representative(actor)
    if representative is None:
        raise PermissionDenied
    with transaction.atomic():
        proposal = form.instance
        if proposal.pk is None:
            proposal.ngo = representative.ngo
            proposal.created_by = actor
        else:
            locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
            if locked.ngo_id != representative.ngo_id:
                raise PermissionDenied
            if locked.status not in EDITABLE_STATUSES:
                raise TransitionError(
                    _("This proposal can no longer be edited: it is %(status)s."),
                    code="not_editable",
                    params={"status": Status(locked.status).label},
                )
        return form.save()


def add_attachment(*, proposal: Proposal, uploaded, actor: User) -> Attachment:
    """Check and store one uploaded file; at most ten per proposal."""
    representative = acting_representative(actor)
    if representative is None or representative.ngo_id != proposal.ngo_id:
        raise PermissionDenied
    checked = uploads.check_file(uploaded)
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.status not in EDITABLE_STATUSES:
            raise TransitionError(
                _("Files can be added only while the proposal is editable."),
                code="not_editable",
            )
        if locked.attachments.count() >= uploads.MAX_FILES_PER_PROPOSAL:
            raise TransitionError(
                _("A proposal can have at most %(max)s files; remove one first."),
                code="too_many",
                params={"max": uploads.MAX_FILES_PER_PROPOSAL},
            )
        attachment = Attachment(
            proposal=locked,
            original_name=checked.safe_name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=actor,
        )
        attachment.file.save(checked.safe_name, uploaded, save=False)
        try:
            attachment.save()
        except Exception:
            attachment.file.delete(save=False)
            raise
    return attachment


def remove_attachment(*, attachment: Attachment, actor: User) -> None:
    """Remove a file while its proposal is editable; the file goes too."""
    representative = acting_representative(actor)
    if representative is None or representative.ngo_id != attachment.proposal.ngo_id:
        raise PermissionDenied
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=attachment.proposal_id)
        if locked.status not in EDITABLE_STATUSES:
            raise TransitionError(
                _("Files can be removed only while the proposal is editable."),
                code="not_editable",
            )
        stored = attachment.file.name
        attachment.delete()
        transaction.on_commit(lambda: Attachment.file.field.storage.delete(stored))


# Mail ------------------------------------------------------------------------


def _send(template: str, context: dict, recipient: str, language: str) -> None:
    send_templated(f"proposals/email/{template}", context, [recipient], language)


def notify(event: ProposalEvent) -> None:
    """Mail the NGO about a status change, and reviewers about a submission.

    Internal staff comments never leave the staff: an event meant for staff
    only mails nobody at the NGO.
    """
    proposal = event.proposal
    if event.visibility == ProposalEvent.Visibility.NGO:
        representatives = (
            Representative.objects.filter(
                ngo_id=proposal.ngo_id,
                approved_at__isnull=False,
                user__is_active=True,
            )
            .exclude(user__email="")
            .select_related("user")
        )
        for representative in representatives:
            _send(
                f"status_{event.to_status}",
                {
                    "proposal": proposal,
                    "event": event,
                    "representative": representative,
                    "reason": REJECTION_REASONS.get(event.reason_code, ""),
                },
                representative.user.email,
                representative.language,
            )
    if event.to_status == Status.SUBMITTED:
        if proposal.reviewer_id and event.from_status == Status.CHANGES_REQUESTED:
            reviewers = [proposal.reviewer]
        else:
            reviewers = Group.objects.get(name=REVIEWERS).user_set.filter(
                is_active=True
            )
        for reviewer in reviewers:
            if reviewer.email:
                _send(
                    "for_reviewers",
                    {"proposal": proposal, "event": event},
                    reviewer.email,
                    "fa",
                )


# Staff: comments, reviewers, conflicts, scores -----------------------------------


def _check_staff(user, permission: str) -> None:
    if not (user.is_active and user.is_staff and user.has_perm(permission)):
        raise PermissionDenied


def add_comment(
    *, proposal: Proposal, actor: User, comment: str, visibility: str
) -> ProposalEvent:
    """A staff comment without a status change.

    Side effects: one ProposalEvent of kind ``comment``; after commit, when
    the comment is meant for the NGO, an e-mail to its representatives.
    Internal comments stay with staff.
    """
    _check_staff(actor, "proposals.review_proposal")
    comment = comment.strip()
    if not comment:
        raise TransitionError(_("Write the comment."), code="comment")
    if visibility not in ProposalEvent.Visibility.values:
        raise TransitionError(_("Choose who may read the comment."), code="visibility")
    with transaction.atomic():
        event = ProposalEvent.objects.create(
            proposal=proposal,
            kind=ProposalEvent.Kind.COMMENT,
            actor=actor,
            comment=comment,
            visibility=visibility,
        )
        if visibility == ProposalEvent.Visibility.NGO:
            transaction.on_commit(lambda: notify_comment(event))
    return event


def assign_reviewer(
    *, proposal: Proposal, reviewer: User, actor: User
) -> ProposalEvent:
    """Assign (or reassign) the reviewer in charge of a proposal.

    The reviewer must be active staff who may review and has no conflict of
    interest with it. Side effects: ``Proposal.reviewer``; an internal event
    naming the assignee; after commit, an e-mail to the assignee.
    """
    _check_staff(actor, "proposals.assign_proposal")
    if not (
        reviewer.is_active
        and reviewer.is_staff
        and reviewer.has_perm("proposals.review_proposal")
    ):
        raise TransitionError(
            _("%(name)s cannot review proposals."),
            code="not_a_reviewer",
            params={"name": reviewer.get_full_name() or reviewer.get_username()},
        )
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.status not in (
            Status.SUBMITTED,
            Status.UNDER_REVIEW,
            Status.CHANGES_REQUESTED,
        ):
            raise TransitionError(
                _("Reviewers are assigned to proposals awaiting a decision."),
                code="not_awaiting",
            )
        if has_conflict(locked, reviewer):
            raise TransitionError(
                _("%(name)s has a conflict of interest with this proposal."),
                code="conflict",
                params={"name": reviewer.get_full_name() or reviewer.get_username()},
            )
        locked.reviewer = reviewer
        locked.save(update_fields=["reviewer", "updated_at"])
        event = ProposalEvent.objects.create(
            proposal=locked,
            kind=ProposalEvent.Kind.ASSIGNMENT,
            actor=actor,
            assignee=reviewer,
            visibility=ProposalEvent.Visibility.INTERNAL,
        )
        if reviewer.email:
            transaction.on_commit(
                lambda: _send(
                    "assigned",
                    {"proposal": locked, "event": event},
                    reviewer.email,
                    "fa",
                )
            )
    proposal.refresh_from_db()
    return event


def declare_conflict(*, proposal: Proposal, reviewer: User, note: str = ""):
    """A reviewer steps aside from a proposal; they are unassigned if needed."""
    from proposals.models import ConflictOfInterest

    _check_staff(reviewer, "proposals.review_proposal")
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        conflict, _created = ConflictOfInterest.objects.get_or_create(
            proposal=locked, reviewer=reviewer, defaults={"note": note.strip()}
        )
        if locked.reviewer_id == reviewer.pk:
            locked.reviewer = None
            locked.save(update_fields=["reviewer", "updated_at"])
        ProposalEvent.objects.create(
            proposal=locked,
            kind=ProposalEvent.Kind.COMMENT,
            actor=reviewer,
            comment=str(_("Declared a conflict of interest."))
            + (f" {note.strip()}" if note.strip() else ""),
            visibility=ProposalEvent.Visibility.INTERNAL,
        )
    proposal.refresh_from_db()
    return conflict


def score_proposal(*, proposal: Proposal, reviewer: User, scores: dict, comment: str):
    """Create or update the reviewer's score sheet for a proposal.

    Only proposals under review are scored, only by staff who may review and
    have no conflict of interest; each score is 1 to 5.
    """
    from proposals.models import ScoreSheet

    _check_staff(reviewer, "proposals.review_proposal")
    if proposal.status != Status.UNDER_REVIEW:
        raise TransitionError(
            _("Proposals are scored while they are under review."),
            code="not_under_review",
        )
    if has_conflict(proposal, reviewer):
        raise TransitionError(
            _("You have a conflict of interest with this proposal."), code="conflict"
        )
    values = {name: int(scores[name]) for name in ScoreSheet.CRITERIA}
    if any(not 1 <= value <= 5 for value in values.values()):
        raise TransitionError(_("Each score is from 1 to 5."), code="range")
    if not comment.strip():
        raise TransitionError(_("Say what the scores rest on."), code="comment")
    sheet, _created = ScoreSheet.objects.update_or_create(
        proposal=proposal,
        reviewer=reviewer,
        defaults={**values, "comment": comment.strip()},
    )
    return sheet


def score_summary(sheets) -> dict:
    """Mean and spread of the sheets' means, for deciders."""
    means = [sheet.mean for sheet in sheets]
    if not means:
        return {
            "count": 0,
            "mean": None,
            "spread": None,
            "lowest": None,
            "highest": None,
        }
    average = sum(means) / len(means)
    variance = sum((m - average) ** 2 for m in means) / len(means)
    return {
        "count": len(means),
        "mean": round(average, 2),
        "spread": round(variance**0.5, 2),
        "lowest": round(min(means), 2),
        "highest": round(max(means), 2),
    }


def notify_comment(event: ProposalEvent) -> None:
    proposal = event.proposal
    representatives = (
        Representative.objects.filter(
            ngo_id=proposal.ngo_id, approved_at__isnull=False, user__is_active=True
        )
        .exclude(user__email="")
        .select_related("user")
    )
    for representative in representatives:
        _send(
            "comment",
            {"proposal": proposal, "event": event, "representative": representative},
            representative.user.email,
            representative.language,
        )
