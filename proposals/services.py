"""Everything that changes a proposal beyond one plain field.

:func:`transition` is the only writer of ``Proposal.status``, along the moves
of ``proposals.workflow.PROPOSAL_MOVES``; the NGO side (views) and the staff
side (admin) both call it. The staff's other review work (comments,
reviewers, conflicts of interest, scores) is in ``proposals.review``; the
NGO's draft and its files in ``proposals.drafts``; the amounts a call
allows in ``proposals.calls``; the mail in ``proposals.mail``.

Every service takes keyword arguments only, the acting user as ``actor``,
checks that the actor may act, locks the proposal's row, writes the history
and the audit line in the same transaction, and sends mail once it commits.
"""

import datetime
import hashlib
import json

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import audit
from core.jalali import format_datetime, jalali_year
from core.l10n import format_number, join_list
from core.transitions import NGO, TransitionError
from meetings.models import Decision
from ngos.models import Representative
from proposals import letters
from proposals.calls import check_amount
from proposals.mail import notify
from proposals.models import (
    Proposal,
    ProposalEvent,
    ReferenceSequence,
)
from proposals.selectors import conflicted
from proposals.workflow import (
    DECIDE,
    DECIDED_STATUSES,
    INTERNAL_COMMENT_ACTIONS,
    PROPOSAL_MOVES,
    REASON_CODE_ACTIONS,
    REJECTION_REASONS,
    Status,
)

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
# Everything the NGO writes in its proposal (the form's fields): what a
# resubmission must have changed, with the files, since changes were asked.
CONTENT_FIELDS = (
    "call",
    "title",
    "summary",
    "problem",
    "solution",
    "executive_plan",
    "target_group",
    "beneficiaries",
    "provinces",
    "focus_areas",
    "duration_months",
    "budget_rials",
    "co_funding_rials",
    "co_funding_source",
    "presented_at_meeting",
)


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


def check_representative(proposal: Proposal, actor) -> Representative:
    """``actor``'s representative record, if it may act for ``proposal``'s NGO.

    Raises ``PermissionDenied`` otherwise.
    """
    representative = acting_representative(actor)
    if representative is None or representative.ngo_id != proposal.ngo_id:
        raise PermissionDenied
    return representative


def is_conflicted(user, ngo) -> bool:
    """Whether ``user`` has a conflict of interest with ``ngo`` (an NGO or
    its key): declared, or linked to it (``proposals.selectors.conflicted``)."""
    return User.objects.filter(conflicted(ngo), pk=user.pk).exists()


def has_conflict(proposal: Proposal, user) -> bool:
    """Whether ``user`` may not review or decide ``proposal``: a conflict of
    interest with its NGO (``is_conflicted``)."""
    return is_conflicted(user, proposal.ngo_id)


def check_seen_by_staff(proposal: Proposal) -> None:
    """Refuse staff's work on a proposal its NGO has not submitted yet."""
    if not proposal.was_submitted:
        raise TransitionError(
            _("This proposal has not been submitted: it is still the NGO's draft."),
            code="not_sent",
        )


def check_no_conflict(proposal: Proposal, actor) -> None:
    if has_conflict(proposal, actor):
        raise TransitionError(
            _("You have a conflict of interest with this proposal."),
            code="conflict",
        )


def check_decidable(
    proposal: Proposal, *, approve: bool, counted: int | None = None
) -> None:
    """Refuse a decision without enough counted score sheets (the call's
    ``min_score_sheets``), and an approval for an NGO that is not verified.
    ``counted``: the number of sheets that count, when already known (the
    admin's pages, for many proposals at once); the transition function
    counts them itself, under its lock."""
    from proposals.review import counted_sheets  # review imports this module

    statuses = proposal.ngo.Status
    if approve and proposal.ngo.status != statuses.VERIFIED:
        raise TransitionError(
            _("This proposal cannot be approved: its NGO is %(status)s, not verified."),
            code="ngo_not_verified",
            params={"status": statuses(proposal.ngo.status).label},
        )
    needed = proposal.call.min_score_sheets
    have = counted_sheets(proposal).count() if counted is None else counted
    if have < needed:
        raise TransitionError(
            _(
                "Not enough score sheets for a decision: %(have)s of the "
                "%(needed)s needed. Sheets of reviewers with a conflict of "
                "interest do not count."
            ),
            code="too_few_sheets",
            params={"needed": format_number(needed), "have": format_number(have)},
        )


def check_call_takes(proposal: Proposal) -> None:
    """Refuse a first submission to a call that is not open now, or that
    does not admit the proposal's NGO. Drafts are kept past the deadline."""
    call = proposal.call
    now = timezone.now()
    if call.has_closed(now):
        raise TransitionError(
            _(
                "The call “%(call)s” closed on %(closed)s: it takes no more "
                "proposals. Your draft is kept; you may answer another open call."
            ),
            code="call_closed",
            params={"call": call, "closed": format_datetime(call.closes_at)},
        )
    if not call.is_open(now):
        raise TransitionError(
            _("The call “%(call)s” opens on %(opens)s: submit it then."),
            code="call_not_open",
            params={"call": call, "opens": format_datetime(call.opens_at)},
        )
    if not call.admits(proposal.ngo):
        raise TransitionError(
            _("Your NGO may not answer the call “%(call)s”: see who may apply."),
            code="call_not_eligible",
            params={"call": call},
        )


def check_approving_decision(decision: Decision | None) -> None:
    """Refuse an action item as the meeting decision that approved a proposal."""
    if decision is not None and decision.kind != Decision.Kind.DECISION:
        raise TransitionError(
            _("Choose a decision of a meeting, not an action item."),
            code="not_a_decision",
        )


def proposal_set_approved_in(
    *, proposal: Proposal, decision: Decision | None, actor: User
) -> None:
    """Record (or clear) the meeting decision that approved ``proposal``,
    after its approval. Needs the decide permission and no conflict of
    interest; refused for a proposal that is not approved. Side effects: the
    field and one audit line. Letters already issued keep what they say."""
    if not actor.is_staff or not actor.has_perm(DECIDE):
        raise PermissionDenied
    check_approving_decision(decision)
    with transaction.atomic():
        locked = lock(proposal)
        check_no_conflict(locked, actor)
        if locked.status != Status.APPROVED:
            raise TransitionError(
                _("Only an approved proposal has a meeting decision that approved it."),
                code="not_approved",
            )
        locked.approved_in = decision
        locked.save(update_fields=["approved_in", "updated_at"])
        audit.log(
            "proposal.approved_in_changed",
            user=actor,
            proposal=locked.pk,
            decision=decision.pk if decision else None,
        )
    proposal.approved_in = decision


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


def content_digest(proposal: Proposal) -> str:
    """A fingerprint of what the NGO wrote and attached: it changes when any
    field of ``CONTENT_FIELDS`` or the set of files (not removed) changes."""
    content = {}
    for name in CONTENT_FIELDS:
        field = Proposal._meta.get_field(name)
        if field.many_to_many:
            content[name] = sorted(getattr(proposal, name).values_list("pk", flat=True))
        else:
            content[name] = field.value_from_object(proposal)
    content["files"] = sorted(
        proposal.attachments.filter(removed_at__isnull=True).values_list(
            "sha256", "original_name"
        )
    )
    text = json.dumps(content, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def changes_request(proposal: Proposal) -> ProposalEvent | None:
    """The reviewers' latest request for changes, while the proposal awaits
    the NGO's revision; ``None`` otherwise."""
    if proposal.status != Status.CHANGES_REQUESTED:
        return None
    return (
        proposal.events.filter(
            kind=ProposalEvent.Kind.STATUS, to_status=Status.CHANGES_REQUESTED
        )
        .order_by("-at", "-pk")
        .first()
    )


UNCHANGED = _(
    "Nothing in the proposal or its files has changed since the reviewers "
    "asked for changes. Make the changes they asked for, or tick “Send it "
    "unchanged” and say why."
)


def lock(proposal: Proposal) -> Proposal:
    """``proposal`` read again under a row lock, for the rest of the transaction."""
    return (
        Proposal.objects.select_for_update()
        .select_related("ngo", "call")
        .get(pk=proposal.pk)
    )


def transition(
    *,
    proposal: Proposal,
    to_status: str,
    actor: User,
    comment: str = "",
    reason_code: str = "",
    visibility: str = ProposalEvent.Visibility.NGO,
    send_unchanged: bool = False,
    approved_amount: int | None = None,
    conditions: str = "",
    approved_in: Decision | None = None,
) -> ProposalEvent:
    """Move ``proposal`` to ``to_status``: the only writer of its status.

    Under a row lock it re-reads the status and checks, in this order: that
    the move is in ``PROPOSAL_MOVES``, that ``actor``'s role may make it and
    that ``comment`` holds the reason where the table requires one
    (``PROPOSAL_MOVES.check``); that ``actor`` is an acting representative
    of the proposal's NGO (NGO side) or has no conflict of interest with it
    (staff side); that a rejection names one of ``REJECTION_REASONS``; that a
    submission has every required field; that a resubmission changed the
    proposal or its files since the request for changes it answers (see
    :func:`content_digest`), unless ``send_unchanged`` (its ``comment``,
    required, then says why); that an approval's ``approved_amount``
    (default: the amount requested, within the call's ceiling) fits the
    request, the ceiling and what is left of the call's envelope
    (:func:`check_amount`, under a lock of the call); that ``approved_in``,
    the meeting decision that approved it, if given, is a decision (not an
    action item). Two people deciding at once: the
    second finds the status changed and is refused; nothing is half-written.

    Side effects, in one transaction: ``status`` and ``status_changed_at``;
    on the first submission a reference number and ``submitted_at``; on each
    submission ``last_submitted_at``; on a decision ``decided_at``; one
    ProposalEvent (internal only where the move allows it, see
    ``INTERNAL_COMMENT_ACTIONS``; with the content's fingerprint when
    changes are requested or the proposal is sent again); on each
    submission one ``ProposalRevision`` (``proposals.revisions.record``:
    the proposal and its files as sent, and on a resubmission ``comment``,
    what the NGO changed); on an approval ``approved_amount`` and
    ``approved_in``; for a staff
    move that decides, asks for changes or withdraws, one DecisionLetter
    (``proposals.letters.issue_letter``, with the comment, the amount and
    ``conditions``); one audit line. After commit: e-mail to the NGO's
    representatives (with the comment, when it is meant for the NGO, and
    the letter as a PDF in each one's language) and, on a submission, to
    the reviewers (on a resubmission, to those assigned to it and the
    reviewer in charge, if any).

    Raises ``TransitionError`` with a message for the person acting, or
    ``PermissionDenied``.
    """
    comment = comment.strip()
    if visibility not in ProposalEvent.Visibility.values:
        raise TransitionError(_("Choose who may read the comment."), code="visibility")
    with transaction.atomic():
        locked = lock(proposal)
        from_status = locked.status
        move = PROPOSAL_MOVES.check(
            source=from_status, target=to_status, actor=actor, reason=comment
        )
        if move.side == NGO:
            check_representative(locked, actor)
        else:
            check_seen_by_staff(locked)
            check_no_conflict(locked, actor)
        if to_status in DECIDED_STATUSES:
            check_decidable(locked, approve=to_status == Status.APPROVED)
        if move.action in REASON_CODE_ACTIONS:
            if reason_code not in REJECTION_REASONS:
                raise TransitionError(
                    _("Choose the reason for rejecting."), code="reason"
                )
        else:
            reason_code = ""
        if move.action not in INTERNAL_COMMENT_ACTIONS:
            visibility = ProposalEvent.Visibility.NGO
        if to_status == Status.SUBMITTED:
            missing = missing_for_submission(locked)
            if missing:
                raise TransitionError(
                    _("The proposal is not complete yet: %(fields)s."),
                    code="incomplete",
                    params={
                        "fields": join_list(
                            Proposal._meta.get_field(name).verbose_name
                            for name in missing
                        )
                    },
                )
        if move.action == "submit":
            check_call_takes(locked)
        if to_status == Status.APPROVED:
            approved_amount = check_amount(locked, approved_amount)
            check_approving_decision(approved_in)
        else:
            approved_in = None
        # A resubmission ("resubmit") answers a request for changes, not the
        # call: the call's closing does not refuse it. The request's own
        # response deadline will be checked here.
        digest = ""
        if to_status == Status.CHANGES_REQUESTED or move.action == "resubmit":
            digest = content_digest(locked)
        if move.action == "resubmit" and not send_unchanged:
            asked = changes_request(locked)
            if asked is not None and asked.content_digest == digest:
                raise TransitionError(UNCHANGED, code="unchanged")
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
        if to_status in DECIDED_STATUSES:
            locked.decided_at = now
            fields.append("decided_at")
        if to_status == Status.APPROVED:
            locked.approved_amount = approved_amount
            locked.approved_in = approved_in
            fields += ["approved_amount", "approved_in"]
        if to_status == Status.CHANGES_REQUESTED:
            locked.response_due_at = now + datetime.timedelta(days=RESPONSE_DAYS)
            fields.append("response_due_at")
        late = bool(
            move.action == "resubmit"
            and locked.response_due_at
            and now > locked.response_due_at
        )
        locked.save(update_fields=fields)
        if to_status == Status.SUBMITTED:
            from proposals import revisions  # revisions reads CONTENT_FIELDS here

            revisions.record(
                proposal=locked,
                actor=actor,
                at=now,
                changes=comment if move.action == "resubmit" else "",
            )
        event = ProposalEvent.objects.create(
            proposal=locked,
            kind=ProposalEvent.Kind.STATUS,
            from_status=from_status,
            to_status=to_status,
            actor=actor,
            comment=comment,
            reason_code=reason_code,
            visibility=visibility,
            content_digest=digest,
        )
        kind = letters.letter_kind(move)
        if kind:
            letters.issue_letter(
                proposal=locked,
                kind=kind,
                actor=actor,
                event=event,
                reason=comment,
                reason_code=reason_code,
                approved_amount=approved_amount,
                conditions=conditions.strip(),
                moment=now,
            )
        audit.log(
            "proposal.status_changed",
            user=actor,
            proposal=locked.pk,
            action=move.action,
            from_status=from_status,
            to_status=to_status,
            **({"late": True} if late else {}),
        )
        transaction.on_commit(lambda: notify(event))
    proposal.refresh_from_db()
    return event


# The NGO's time to answer a request for changes; reminded before it ends
# (``send_reminders``). Answering later is allowed; the audit line says late.
RESPONSE_DAYS = 30


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
