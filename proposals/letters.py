"""Decision letters: issued with each decision, numbered, never changed.

Every decision on a proposal (approval, rejection, request for changes,
withdrawal by staff) issues one :class:`~proposals.models.DecisionLetter`
inside the transaction of the status change itself:
``proposals.services.transition`` calls :func:`issue_letter`, so a decision
without its letter, or a letter without its decision, cannot be committed.

A letter copies what it says (the NGO's name, the proposal's reference and
title, the call, the reason, the amount, the decider's name and position)
when it is issued, and is append-only like every history. A mistake is
corrected by :func:`correct_letter`: a new letter, with a number of its own,
that supersedes the old one; both stay in the proposal's history.
"""

import datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import audit
from core.jalali import jalali_year
from core.transitions import STAFF, TransitionError
from ngos.models import Representative
from proposals.mail import mail_correction
from proposals.models import (
    DecisionLetter,
    LetterSequence,
    Proposal,
    ProposalEvent,
)
from proposals.workflow import DECIDE, Status

# How long a rejected NGO has to object, from the letter's date; the letter
# says how and by when.
OBJECTION_DAYS = 20

# The letter each staff move issues, by where it leads.
KIND_BY_TARGET = {
    Status.APPROVED: DecisionLetter.Kind.APPROVED,
    Status.REJECTED: DecisionLetter.Kind.REJECTED,
    Status.CHANGES_REQUESTED: DecisionLetter.Kind.CHANGES_REQUESTED,
    Status.WITHDRAWN: DecisionLetter.Kind.WITHDRAWN,
}


def letter_kind(move) -> str | None:
    """The kind of letter ``move`` issues: a staff move that decides, asks
    for changes or withdraws; ``None`` for the NGO's own moves and for
    starting a review."""
    if move.side != STAFF:
        return None
    return KIND_BY_TARGET.get(move.target)


def next_letter_number(moment) -> str:
    """``<Jalali year>/<5 digits>``, a sequence of its own for each year.

    The year's counter row is locked for the rest of the transaction, so two
    decisions at once never take the same number; a rolled-back decision
    leaves a gap.
    """
    year = jalali_year(moment)
    try:
        with transaction.atomic():
            LetterSequence.objects.get_or_create(year=year)
    except IntegrityError:
        pass  # another decision created this year's row first
    sequence = LetterSequence.objects.select_for_update().get(year=year)
    sequence.last = F("last") + 1
    sequence.save(update_fields=["last"])
    sequence.refresh_from_db(fields=["last"])
    return f"{year}/{sequence.last:05d}"


def letter_language(proposal: Proposal) -> str:
    """The NGO's language: that of the representative who wrote the
    proposal, Persian when unknown."""
    language = (
        Representative.objects.filter(
            user_id=proposal.created_by_id, ngo_id=proposal.ngo_id
        )
        .values_list("language", flat=True)
        .first()
    )
    return language if language in dict(settings.LANGUAGES) else "fa"


def objection_due(moment) -> datetime.date:
    return timezone.localdate(moment) + datetime.timedelta(days=OBJECTION_DAYS)


def issue_letter(
    *,
    proposal: Proposal,
    kind: str,
    actor: User,
    event: ProposalEvent | None = None,
    reason: str = "",
    reason_code: str = "",
    approved_amount: int | None = None,
    conditions: str = "",
    supersedes: DecisionLetter | None = None,
    correction_reason: str = "",
    moment=None,
) -> DecisionLetter:
    """Write one letter for ``proposal`` (locked by the caller, in its
    transaction). A letter of approval names the meeting decision that
    approved the proposal, if staff chose one (a correction keeps the
    corrected letter's). Side effects: the year's letter sequence and the
    letter."""
    moment = moment or timezone.now()
    call = proposal.call
    meeting = {}
    decision = proposal.approved_in if kind == DecisionLetter.Kind.APPROVED else None
    if supersedes is not None:
        meeting = {
            "meeting_title": supersedes.meeting_title,
            "meeting_date": supersedes.meeting_date,
            "meeting_decision": supersedes.meeting_decision,
        }
    elif decision is not None:
        meeting = {
            "meeting_title": decision.meeting.title,
            "meeting_date": timezone.localdate(decision.meeting.starts_at),
            "meeting_decision": decision.order,
        }
    letter = DecisionLetter(
        number=next_letter_number(moment),
        issued_at=moment,
        proposal=proposal,
        event=event,
        kind=kind,
        language=letter_language(proposal),
        ngo_name=proposal.ngo.name,
        ngo_name_en=proposal.ngo.name_en,
        reference=proposal.reference or "",
        title=proposal.title,
        call_title=call.title,
        call_title_en=call.title_en,
        reason_code=reason_code,
        reason=reason,
        approved_amount=approved_amount
        if kind == DecisionLetter.Kind.APPROVED
        else None,
        conditions=conditions if kind == DecisionLetter.Kind.APPROVED else "",
        objection_due=objection_due(moment)
        if kind == DecisionLetter.Kind.REJECTED
        else None,
        decided_by=actor,
        decider_name=actor.get_full_name() or actor.get_username(),
        decider_position=settings.DECISION_LETTER_POSITION,
        decider_position_en=settings.DECISION_LETTER_POSITION_EN,
        supersedes=supersedes,
        correction_reason=correction_reason,
        **meeting,
    )
    letter.full_clean(exclude=["verification_code"])
    letter.save()
    return letter


def current_letter(proposal: Proposal) -> DecisionLetter | None:
    """The proposal's latest letter that no other supersedes."""
    return (
        proposal.letters.filter(superseded_by__isnull=True)
        .order_by("-issued_at", "-pk")
        .first()
    )


def correct_letter(
    *,
    letter: DecisionLetter,
    actor: User,
    correction_reason: str,
    reason: str | None = None,
    conditions: str | None = None,
) -> DecisionLetter:
    """Issue a new letter that supersedes ``letter``, with its explanation or
    conditions corrected; ``letter`` itself is never changed.

    ``actor`` needs the decide permission and no conflict of interest with
    the NGO; ``correction_reason`` is required. Refused when ``letter`` was
    already superseded (correct the newest one). Side effects, in one
    transaction: the new letter, one ProposalEvent for the NGO naming both
    letters, one audit line; after commit, the new letter by e-mail to the
    NGO's representatives.
    """
    from proposals import services  # services issues letters through this module

    correction_reason = correction_reason.strip()
    if not actor.is_staff or not actor.has_perm(DECIDE):
        raise TransitionError(
            _("You may not correct decision letters."), code="permission"
        )
    if not correction_reason:
        raise TransitionError(
            _("Say what the correction changes: it is kept in the history."),
            code="reason",
        )
    with transaction.atomic():
        proposal = services.lock(letter.proposal)
        services.check_no_conflict(proposal, actor)
        old = DecisionLetter.objects.select_for_update().get(pk=letter.pk)
        if DecisionLetter.objects.filter(supersedes=old).exists():
            raise TransitionError(
                _("Letter %(number)s has already been corrected: correct the newest."),
                code="superseded",
                params={"number": old.number},
            )
        new = issue_letter(
            proposal=proposal,
            kind=old.kind,
            actor=actor,
            reason=old.reason if reason is None else reason.strip(),
            reason_code=old.reason_code,
            approved_amount=old.approved_amount,
            conditions=old.conditions if conditions is None else conditions.strip(),
            supersedes=old,
            correction_reason=correction_reason,
        )
        ProposalEvent.objects.create(
            proposal=proposal,
            kind=ProposalEvent.Kind.COMMENT,
            actor=actor,
            comment=_("Decision letter %(new)s corrects letter %(old)s: %(why)s")
            % {"new": new.number, "old": old.number, "why": correction_reason},
        )
        audit.log(
            "proposal.letter_corrected",
            user=actor,
            proposal=proposal.pk,
            letter=new.pk,
            supersedes=old.pk,
        )
        transaction.on_commit(lambda: mail_correction(new))
    return new
