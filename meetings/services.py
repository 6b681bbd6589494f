"""The only writers of the meeting record's statuses, and the next meeting.

One transition function per table of :mod:`meetings.moves`:
:func:`meeting_change_status`, :func:`minutes_change_status` and
:func:`decision_change_status`. Each takes keyword-only arguments with the
acting user as ``actor``, locks the row it changes (``select_for_update``),
checks the move against its table and the rules on other fields (the
``*_refusal`` functions, which the admin asks too, to offer only what would
be accepted), writes, and records a :class:`~meetings.models.MeetingEvent`
and an audit line in the same transaction. A refused move raises
:class:`core.transitions.TransitionError` (``PermissionDenied`` for an actor
whose role may not make it). None of them sends e-mail.
"""

import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import audit
from core.transitions import TransitionError
from meetings.models import ActionItem, AgendaItem, Decision, Meeting, MeetingEvent
from meetings.moves import ACTION_ITEM_MOVES, MEETING_MOVES, MINUTES_MOVES

Status = Meeting.Status
Minutes = Meeting.Minutes
Action = MeetingEvent.Action

# What the history calls reaching each status.
MEETING_EVENTS = {
    Status.HELD: Action.HELD,
    Status.CANCELLED: Action.CANCELLED,
    Status.SCHEDULED: Action.RESCHEDULED,
}
MINUTES_EVENTS = {Minutes.APPROVED: Action.APPROVED, Minutes.DRAFT: Action.REOPENED}
ACTION_ITEM_EVENTS = {
    Decision.Status.DONE: Action.ITEM_DONE,
    Decision.Status.OPEN: Action.ITEM_REOPENED,
}


def _record(**fields) -> MeetingEvent:
    """Add to the meeting's history and to the audit trail."""
    event = MeetingEvent.objects.create(**fields)
    audit.log(
        "meeting.changed",
        user=event.actor,
        meeting=event.meeting_id,
        action=event.action,
    )
    return event


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


# Meetings ---------------------------------------------------------------------


def meeting_refusal(meeting: Meeting, *, to_status: str) -> TransitionError | None:
    """Why ``meeting`` cannot move to ``to_status`` now, beyond its table.

    Approved minutes fix the meeting's status (reopen them first), and a
    meeting that has not started cannot have been held.
    """
    if meeting.is_approved:
        return TransitionError(
            _("Reopen the approved minutes before changing the meeting's status."),
            code="minutes_locked",
        )
    if to_status == Status.HELD and meeting.starts_at > timezone.now():
        return TransitionError(
            _("A meeting that has not started yet cannot have been held."),
            code="held_in_future",
        )
    return None


@transaction.atomic
def meeting_change_status(
    *, meeting: Meeting, to_status: str, actor: AbstractBaseUser, reason: str = ""
) -> Meeting:
    """Record that a meeting took place, was cancelled or is scheduled again.

    Checks the move against :data:`~meetings.moves.MEETING_MOVES` (cancelling
    needs a reason) and :func:`meeting_refusal`.

    Side effects: saves ``status`` (and the search key); records a
    ``MeetingEvent`` (held, cancelled or scheduled again) with the reason;
    writes the audit line ``meeting.changed``. Recording a meeting as held
    takes its page off the public site until its minutes are approved (its
    record is then a draft). Returns the meeting as saved.
    """
    reason = (reason or "").strip()
    meeting = _locked(meeting)
    MEETING_MOVES.check(
        source=meeting.status, target=to_status, actor=actor, reason=reason
    )
    refusal = meeting_refusal(meeting, to_status=to_status)
    if refusal is not None:
        raise refusal
    meeting.status = to_status
    meeting.full_clean()
    meeting.save(update_fields=["status"])
    _record(
        meeting=meeting, action=MEETING_EVENTS[to_status], actor=actor, reason=reason
    )
    return meeting


# Minutes ----------------------------------------------------------------------


def minutes_refusal(meeting: Meeting, *, to_status: str) -> TransitionError | None:
    """Why ``meeting``'s minutes cannot move to ``to_status`` now, beyond
    their table: only a meeting that was held has minutes to approve."""
    if to_status == Minutes.APPROVED and meeting.status != Status.HELD:
        return TransitionError(
            _("Only the minutes of a meeting that was held can be approved."),
            code="not_held",
        )
    return None


@transaction.atomic
def minutes_change_status(
    *, meeting: Meeting, to_status: str, actor: AbstractBaseUser, reason: str = ""
) -> Meeting:
    """Approve the minutes of a held meeting, or reopen approved minutes.

    Checks the move against :data:`~meetings.moves.MINUTES_MOVES` (reopening
    needs a reason) and :func:`minutes_refusal`.

    Side effects of approving: sets ``minutes_status``, ``approved_at`` and
    ``approved_by``; rebuilds the search key so that the public search finds
    the participants, statements and decisions (a draft is never in it). The
    minutes are then public and locked: the meeting and its parts refuse
    changes, except the follow-up of action items.

    Side effects of reopening: the minutes go back to draft, and so off the
    public site (the meeting's page answers 404 to the public until they are
    approved again); ``approved_at`` and ``approved_by`` are cleared (the
    earlier approval stays in the history); the search key drops the
    minutes' text.

    Both record a ``MeetingEvent`` with the reason and write the audit line
    ``meeting.changed``. Returns the meeting as saved.
    """
    reason = (reason or "").strip()
    meeting = _locked(meeting)
    MINUTES_MOVES.check(
        source=meeting.minutes_status, target=to_status, actor=actor, reason=reason
    )
    refusal = minutes_refusal(meeting, to_status=to_status)
    if refusal is not None:
        raise refusal
    if to_status == Minutes.APPROVED:
        meeting.minutes_status = Minutes.APPROVED
        meeting.approved_at = timezone.now()
        meeting.approved_by = actor
        meeting.full_clean()
        meeting.save(update_fields=["minutes_status", "approved_at", "approved_by"])
    else:
        # The lock in Meeting.save() refuses every write to approved minutes;
        # unlocking them is the one write allowed, so it goes around save().
        Meeting.objects.filter(pk=meeting.pk).update(
            minutes_status=Minutes.DRAFT,
            approved_at=None,
            approved_by=None,
            updated_at=timezone.now(),
        )
        Meeting.objects.filter(pk=meeting.pk).refresh_search_keys()
        meeting.refresh_from_db()
    _record(
        meeting=meeting, action=MINUTES_EVENTS[to_status], actor=actor, reason=reason
    )
    return meeting


# Action items -----------------------------------------------------------------


def decision_refusal(decision: Decision, *, to_status: str) -> TransitionError | None:
    """Why ``decision`` cannot move to ``to_status`` now, beyond its table:
    a decision is taken, not carried out; only action items are followed up."""
    if not decision.is_action_item:
        return TransitionError(
            _("Only action items are followed up; a decision is not done."),
            code="not_action_item",
        )
    return None


@transaction.atomic
def decision_change_status(
    *,
    decision: Decision,
    to_status: str,
    actor: AbstractBaseUser,
    done_on: datetime.date | None = None,
    reason: str = "",
) -> Decision:
    """Mark an action item done (on a date) or open again.

    Checks the move against :data:`~meetings.moves.ACTION_ITEM_MOVES` and
    :func:`decision_refusal`. Allowed while the minutes are approved:
    following up an action item is not a change of what was agreed.
    ``done_on`` defaults to today and may be neither in the future nor
    before the meeting that agreed the item; ``reason`` is a note of what
    was done, or why it is open again.

    Side effects: saves ``status`` and ``done_on`` (cleared when open
    again); records a ``MeetingEvent`` on the item's meeting with the note;
    writes the audit line ``meeting.changed``. Returns the item as saved.
    """
    reason = (reason or "").strip()
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    ACTION_ITEM_MOVES.check(
        source=decision.status, target=to_status, actor=actor, reason=reason
    )
    refusal = decision_refusal(decision, to_status=to_status)
    if refusal is not None:
        raise refusal
    if to_status == Decision.Status.DONE:
        done_on = done_on or timezone.localdate()
        if done_on > timezone.localdate():
            raise _done_on_error(
                _("The date it was done cannot be in the future."),
                code="done_in_future",
            )
        if done_on < timezone.localdate(decision.meeting.starts_at):
            raise _done_on_error(
                _("The date it was done cannot be before the meeting that agreed it."),
                code="done_before_agreed",
            )
    else:
        done_on = None
    decision.status = to_status
    decision.done_on = done_on
    decision.full_clean()
    decision.save(update_fields=["status", "done_on"])
    _record(
        meeting_id=decision.meeting_id,
        decision=decision,
        action=ACTION_ITEM_EVENTS[to_status],
        actor=actor,
        reason=reason,
    )
    return decision


def _done_on_error(message, *, code: str) -> TransitionError:
    # Said of the date, so that a form shows it next to the date's field.
    return TransitionError({"done_on": ValidationError(message, code=code)})


# The next meeting -------------------------------------------------------------


def matters_arising_title() -> str:
    """The title of the agenda item that follows up earlier action items.

    Agenda items are the meeting's content, written in the site's language
    whatever language the secretary's admin is in.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("Matters arising from earlier meetings")


def open_action_items_until(meeting: Meeting):
    """Open action items agreed at ``meeting`` or before it (not cancelled)."""
    return ActionItem.objects.filter(
        status=Decision.Status.OPEN,
        meeting__starts_at__lte=meeting.starts_at,
        meeting__status=Meeting.Status.HELD,
    )


@transaction.atomic
def meeting_start_next(
    *,
    previous: Meeting,
    title: str,
    starts_at: datetime.datetime,
    place: str | None = None,
) -> Meeting:
    """Schedule the meeting after ``previous``, its agenda opening with follow-up.

    Side effects: creates a scheduled meeting with ``previous``'s organising
    body, focus areas and (unless given) place; creates its first agenda
    item, "matters arising", which *links* every open action item of
    ``previous`` and of the meetings before it (the action items are not
    copied: marking one done shows everywhere it is discussed). The new
    meeting is public at once as an announcement with its agenda.
    """
    if starts_at <= previous.starts_at:
        raise ValidationError(
            {
                "starts_at": ValidationError(
                    _("The next meeting must start after the previous one."),
                    code="not_after_previous",
                )
            }
        )
    meeting = Meeting(
        title=title,
        starts_at=starts_at,
        place=previous.place if place is None else place,
        organiser=previous.organiser,
    )
    meeting.full_clean()
    meeting.save()
    meeting.focus_areas.set(previous.focus_areas.all())
    item = AgendaItem(meeting=meeting, order=1, title=matters_arising_title())
    item.full_clean()
    item.save()
    item.follow_up.set(open_action_items_until(previous))
    return meeting
