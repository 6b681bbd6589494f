"""Everything that changes a proposal beyond one plain field.

:func:`transition` is the only writer of ``Proposal.status``, along the moves
of ``proposals.workflow.PROPOSAL_MOVES``; the NGO side (views) and the staff
side (admin) both call it. The staff's other review work (comments,
reviewers, conflicts of interest, scores) is in ``proposals.review``.

Every service takes keyword arguments only, the acting user as ``actor``,
checks that the actor may act, locks the proposal's row, writes the history
and the audit line in the same transaction, and sends mail once it commits.
"""

import datetime
import hashlib
import json

from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import audit
from core.jalali import format_datetime, format_short_datetime, jalali_year
from core.l10n import format_number, join_list
from core.mail import send_templated
from core.roles import REVIEWERS
from core.transitions import NGO, TransitionError
from meetings.models import Decision
from ngos.models import Representative
from proposals import letter_pdf, letters, uploads
from proposals.models import (
    Attachment,
    Call,
    DecisionLetter,
    Proposal,
    ProposalEvent,
    ReferenceSequence,
)
from proposals.selectors import conflicted
from proposals.workflow import (
    DECIDE,
    DECIDED_STATUSES,
    EDITABLE_STATUSES,
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


def envelope_use(call: Call) -> dict:
    """What the call's approvals take from its envelope: ``used`` and
    ``left`` in rials (``left`` is ``None`` for a call without an envelope).
    An approval recorded before amounts were counts what was requested."""
    used = Proposal.objects.filter(call=call, status=Status.APPROVED).aggregate(
        used=Coalesce(Sum(Coalesce("approved_amount", "budget_rials")), 0)
    )["used"]
    left = None
    if call.envelope_rials is not None:
        left = max(call.envelope_rials - used, 0)
    return {"used": used, "left": left}


def default_amount(proposal: Proposal) -> int | None:
    """What an approval grants unless told otherwise: the amount requested,
    within the call's ceiling."""
    amounts = [
        amount
        for amount in (proposal.budget_rials, proposal.call.ceiling_rials)
        if amount is not None
    ]
    return min(amounts) if amounts else None


def check_amount(proposal: Proposal, amount: int | None) -> int:
    """The amount an approval of ``proposal`` records, or a refusal: at most
    the amount requested and the call's ceiling, and no more than is left of
    the call's envelope.

    The call's row is locked for the rest of the transaction, so two
    approvals at once are counted one after the other and can never together
    overrun the envelope.
    """
    call = Call.objects.select_for_update().get(pk=proposal.call_id)
    if amount is None:
        amount = default_amount(proposal)
    if not amount or amount <= 0:
        raise TransitionError(
            _("Give the approved amount in rials: more than zero."),
            code="amount_missing",
        )
    if proposal.budget_rials is not None and amount > proposal.budget_rials:
        raise TransitionError(
            _(
                "The approved amount (%(amount)s rials) is more than the "
                "%(requested)s rials requested."
            ),
            code="amount_over_request",
            params={
                "amount": format_number(amount),
                "requested": format_number(proposal.budget_rials),
            },
        )
    if call.ceiling_rials is not None and amount > call.ceiling_rials:
        raise TransitionError(
            _(
                "The approved amount (%(amount)s rials) is more than the call's "
                "ceiling of %(ceiling)s rials per proposal."
            ),
            code="amount_over_ceiling",
            params={
                "amount": format_number(amount),
                "ceiling": format_number(call.ceiling_rials),
            },
        )
    use = envelope_use(call)
    if use["left"] is not None and amount > use["left"]:
        raise TransitionError(
            _(
                "Approving %(amount)s rials would overrun the call's envelope: "
                "%(used)s of its %(envelope)s rials are already approved, "
                "%(left)s rials are left."
            ),
            code="envelope_overrun",
            params={
                "amount": format_number(amount),
                "used": format_number(use["used"]),
                "envelope": format_number(call.envelope_rials),
                "left": format_number(use["left"]),
            },
        )
    return amount


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


def goal_post_changes(call, cleaned: dict) -> list[tuple[str, object, object]]:
    """What a change of ``call`` to ``cleaned`` does that moves the goal
    posts of NGOs that answered it: an earlier closing moment, a lower
    ceiling. Nothing while no proposal answers the call."""
    if not call.pk or not call.proposals.exists():
        return []
    before = Call.objects.get(pk=call.pk)
    changes = []
    closes_at = cleaned.get("closes_at", before.closes_at)
    if closes_at and (before.closes_at is None or closes_at < before.closes_at):
        changes.append(("closes_at", before.closes_at, closes_at))
    ceiling = cleaned.get("ceiling_rials", before.ceiling_rials)
    if ceiling is not None and (
        before.ceiling_rials is None or ceiling < before.ceiling_rials
    ):
        changes.append(("ceiling_rials", before.ceiling_rials, ceiling))
    return changes


def describe(changes) -> str:
    """The goal-post changes in words, for the reason's prompt and the history."""
    parts = []
    for name, old, new in changes:
        if name == "closes_at":
            parts.append(
                _("close it earlier (%(old)s → %(new)s)")
                % {
                    "old": format_short_datetime(old) if old else "—",
                    "new": format_short_datetime(new),
                }
            )
        else:
            parts.append(
                _("lower its ceiling (%(old)s → %(new)s rials)")
                % {
                    "old": format_number(old) if old is not None else "—",
                    "new": format_number(new),
                }
            )
    return join_list(str(part) for part in parts)


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


# The NGO's draft and its files ---------------------------------------------------


def _check_editable(proposal: Proposal, message) -> None:
    if proposal.status not in EDITABLE_STATUSES:
        raise TransitionError(
            message,
            code="not_editable",
            params={"status": Status(proposal.status).label},
        )


def save_proposal(*, form, actor: User) -> Proposal:
    """Save the NGO's form: a new draft, or edits while the proposal is editable.

    ``actor`` must be an acting representative, of the proposal's NGO for an
    edit. Refused (``TransitionError``) when the proposal left the editable
    statuses meanwhile, for example because staff started the review while
    the form was open.

    Side effects: the proposal's row (its NGO and author when new) and its
    provinces and focus areas; a change of the meeting where it was presented
    forgets the agenda item recorded for the old one.
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
            locked = lock(proposal)
            if locked.ngo_id != representative.ngo_id:
                raise PermissionDenied
            _check_editable(
                locked, _("This proposal can no longer be edited: it is %(status)s.")
            )
        if "presented_at_meeting" in form.changed_data:
            # The agenda item the secretary recorded was of the other meeting.
            form.instance.presented_at_agenda_item = None
        return form.save()


def add_attachment(*, proposal: Proposal, uploaded, actor: User) -> Attachment:
    """Check and store one uploaded file; at most ten per proposal.

    ``actor`` must be an acting representative of the proposal's NGO, and
    the proposal editable. Side effects: the file in private storage (removed
    again if its row cannot be written), one Attachment row, one audit line.
    """
    check_representative(proposal, actor)
    checked = uploads.check_file(uploaded)
    with transaction.atomic():
        locked = lock(proposal)
        _check_editable(
            locked, _("Files can be added only while the proposal is editable.")
        )
        current = locked.attachments.filter(removed_at__isnull=True)
        if current.count() >= uploads.MAX_FILES_PER_PROPOSAL:
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
        audit.log(
            "proposal.file_added",
            user=actor,
            proposal=locked.pk,
            attachment=attachment.pk,
        )
    return attachment


def remove_attachment(*, attachment: Attachment, actor: User) -> None:
    """Remove a file while its proposal is editable.

    ``actor`` must be an acting representative of the proposal's NGO. A file
    of a proposal never submitted is the NGO's draft: its row goes and, after
    commit, the file. Once the proposal was submitted, the file is part of
    the record staff reviewed: it is kept and marked removed
    (``removed_at``, ``removed_by``), with one ProposalEvent. Either way,
    one audit line.
    """
    check_representative(attachment.proposal, actor)
    with transaction.atomic():
        locked = lock(attachment.proposal)
        _check_editable(
            locked, _("Files can be removed only while the proposal is editable.")
        )
        attachment = Attachment.objects.select_for_update().get(
            pk=attachment.pk, proposal=locked, removed_at__isnull=True
        )
        audit.log(
            "proposal.file_removed",
            user=actor,
            proposal=locked.pk,
            attachment=attachment.pk,
            kept=locked.was_submitted,
        )
        if locked.was_submitted:
            attachment.removed_at = timezone.now()
            attachment.removed_by = actor
            attachment.save(update_fields=["removed_at", "removed_by"])
            ProposalEvent.objects.create(
                proposal=locked,
                kind=ProposalEvent.Kind.COMMENT,
                actor=actor,
                comment=_("Removed the file %(name)s.")
                % {"name": attachment.original_name},
            )
            return
        stored = attachment.file.name
        attachment.delete()
        transaction.on_commit(lambda: Attachment.file.field.storage.delete(stored))


# Mail ------------------------------------------------------------------------


def send(
    template: str,
    context: dict,
    recipient: str,
    language: str,
    letter: DecisionLetter | None = None,
) -> None:
    attachments = []
    if letter is not None:
        attachments.append(
            (
                letter_pdf.filename(letter, language),
                letter_pdf.render(letter, language),
                "application/pdf",
            )
        )
    send_templated(
        f"proposals/email/{template}",
        context,
        [recipient],
        language,
        attachments=attachments,
    )


def representatives_to_mail(proposal: Proposal):
    return (
        Representative.objects.filter(
            ngo_id=proposal.ngo_id,
            approved_at__isnull=False,
            user__is_active=True,
        )
        .exclude(user__email="")
        .select_related("user")
    )


def notify(event: ProposalEvent) -> None:
    """Mail the NGO about a status change, and reviewers about a submission.

    Internal staff comments never leave the staff: an event meant for staff
    only mails nobody at the NGO.
    """
    proposal = event.proposal
    letter = event.letters.first()
    template = f"status_{event.to_status}"
    if event.to_status == Status.WITHDRAWN and letter is not None:
        # Only staff's withdrawal issues a letter; the NGO's own says so.
        template = "status_withdrawn_by_staff"
    if event.visibility == ProposalEvent.Visibility.NGO:
        for representative in representatives_to_mail(proposal):
            send(
                template,
                {
                    "proposal": proposal,
                    "event": event,
                    "representative": representative,
                    "reason": REJECTION_REASONS.get(event.reason_code, ""),
                    "letter": letter,
                },
                representative.user.email,
                representative.language,
                letter=letter,
            )
    if event.to_status == Status.SUBMITTED:
        reviewers = []
        if event.from_status == Status.CHANGES_REQUESTED:
            # A resubmission goes back to the reviewers who have it.
            reviewers = list(assigned_reviewers(proposal))
        if not reviewers:
            reviewers = Group.objects.get(name=REVIEWERS).user_set.filter(
                is_active=True
            )
        for reviewer in reviewers:
            if reviewer.email:
                send(
                    "for_reviewers",
                    {"proposal": proposal, "event": event},
                    reviewer.email,
                    "fa",
                )


def assigned_reviewers(proposal: Proposal):
    """The active reviewers assigned to ``proposal`` and its reviewer in
    charge: those a resubmission returns to."""
    return User.objects.filter(
        Q(review_assignments__proposal=proposal) | Q(pk=proposal.reviewer_id),
        is_active=True,
    ).distinct()


def mail_correction(letter: DecisionLetter) -> None:
    """Mail the NGO's representatives a letter that corrects an earlier one,
    as a PDF in each one's language."""
    for representative in representatives_to_mail(letter.proposal):
        send(
            "letter_corrected",
            {
                "proposal": letter.proposal,
                "letter": letter,
                "representative": representative,
            },
            representative.user.email,
            representative.language,
            letter=letter,
        )
