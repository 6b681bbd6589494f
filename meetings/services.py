"""The only writers of the meeting record's statuses, and the next meeting.

Each function locks the row it changes (``select_for_update``), checks that
the move is legal and that the actor gave what it needs (a reason, a date),
writes, and records a :class:`~meetings.models.MeetingEvent`. A refused move
raises ``ValidationError`` with a ``code`` and a message to show the user.
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
from meetings.models import ActionItem, AgendaItem, Decision, Meeting, MeetingEvent

# (from, to) → the act recorded. Anything else is refused.
MEETING_MOVES = {
    (Meeting.Status.SCHEDULED, Meeting.Status.HELD): MeetingEvent.Action.HELD,
    (Meeting.Status.SCHEDULED, Meeting.Status.CANCELLED): (
        MeetingEvent.Action.CANCELLED
    ),
    (Meeting.Status.CANCELLED, Meeting.Status.SCHEDULED): (
        MeetingEvent.Action.RESCHEDULED
    ),
    # A meeting recorded as held by mistake (it was postponed).
    (Meeting.Status.HELD, Meeting.Status.SCHEDULED): MeetingEvent.Action.RESCHEDULED,
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


def _required_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            _("Give a reason: it is kept in the meeting's history."),
            code="reason_required",
        )
    return reason


@transaction.atomic
def meeting_change_status(
    *, meeting: Meeting, status: str, by: AbstractBaseUser, reason: str = ""
) -> Meeting:
    """Record that a meeting took place, was cancelled or is scheduled again.

    Legal moves are :data:`MEETING_MOVES`. A meeting cannot be recorded as
    held before it starts; cancelling needs a reason; a held meeting goes back
    to scheduled only while its minutes are a draft.

    Side effects: saves ``status``; records a ``MeetingEvent`` with the
    reason. Recording a meeting as held takes its page off the public site
    until its minutes are approved (its record is then a draft).
    """
    meeting = _locked(meeting)
    action = MEETING_MOVES.get((meeting.status, status))
    if action is None:
        raise ValidationError(
            _("A %(from)s meeting cannot become %(to)s."),
            code="illegal_move",
            params={
                "from": meeting.get_status_display(),
                "to": Meeting.Status(status).label,
            },
        )
    if meeting.is_approved:
        raise ValidationError(
            _("Reopen the approved minutes before changing the meeting's status."),
            code="minutes_locked",
        )
    if status == Meeting.Status.HELD and meeting.starts_at > timezone.now():
        raise ValidationError(
            _("A meeting that has not started yet cannot have been held."),
            code="held_in_future",
        )
    if status == Meeting.Status.CANCELLED:
        reason = _required_reason(reason)
    meeting.status = status
    meeting.full_clean()
    meeting.save(update_fields=["status"])
    _record(meeting=meeting, action=action, actor=by, reason=reason.strip())
    return meeting


@transaction.atomic
def minutes_approve(*, meeting: Meeting, by: AbstractBaseUser) -> Meeting:
    """Approve the minutes of a held meeting: they become public and locked.

    Side effects: sets ``minutes_status``, ``approved_at`` and
    ``approved_by``; rebuilds the search key so that the public search finds
    the participants, statements and decisions (a draft is never in it);
    records a ``MeetingEvent``. From now on the meeting and its parts refuse
    changes, except the follow-up of action items.
    """
    meeting = _locked(meeting)
    if meeting.status != Meeting.Status.HELD:
        raise ValidationError(
            _("Only the minutes of a meeting that was held can be approved."),
            code="not_held",
        )
    if meeting.is_approved:
        raise ValidationError(
            _("These minutes are already approved."), code="already_approved"
        )
    meeting.minutes_status = Meeting.Minutes.APPROVED
    meeting.approved_at = timezone.now()
    meeting.approved_by = by
    meeting.full_clean()
    meeting.save(update_fields=["minutes_status", "approved_at", "approved_by"])
    _record(meeting=meeting, action=MeetingEvent.Action.APPROVED, actor=by)
    return meeting


@transaction.atomic
def minutes_reopen(*, meeting: Meeting, by: AbstractBaseUser, reason: str) -> Meeting:
    """Reopen approved minutes so that they can be corrected.

    A reason is required. Side effects: the minutes go back to draft (and so
    off the public site: the meeting's page answers 404 to the public until
    they are approved again); ``approved_at`` and ``approved_by`` are cleared
    (the earlier approval stays in the history); the search key drops the
    minutes' text; records a ``MeetingEvent`` with the reason.
    """
    reason = _required_reason(reason)
    meeting = _locked(meeting)
    if not meeting.is_approved:
        raise ValidationError(
            _("Only approved minutes can be reopened."), code="not_approved"
        )
    # The lock in Meeting.save() refuses every write to approved minutes;
    # unlocking them is the one write allowed, so it goes around save().
    Meeting.objects.filter(pk=meeting.pk).update(
        minutes_status=Meeting.Minutes.DRAFT,
        approved_at=None,
        approved_by=None,
        updated_at=timezone.now(),
    )
    Meeting.objects.filter(pk=meeting.pk).refresh_search_keys()
    _record(
        meeting=meeting, action=MeetingEvent.Action.REOPENED, actor=by, reason=reason
    )
    meeting.refresh_from_db()
    return meeting


@transaction.atomic
def decision_change_status(
    *,
    decision: Decision,
    status: str,
    by: AbstractBaseUser,
    done_on: datetime.date | None = None,
    note: str = "",
) -> Decision:
    """Mark an action item done (on a date) or open again.

    Allowed while the minutes are approved: following up an action item is
    not a change of what was agreed. ``done_on`` defaults to today and may
    be neither in the future nor before the meeting that agreed the item.

    Side effects: saves ``status`` and ``done_on``; records a
    ``MeetingEvent`` on the item's meeting with the note.
    """
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if not decision.is_action_item:
        raise ValidationError(
            _("Only action items are followed up; a decision is not done."),
            code="not_action_item",
        )
    if status == decision.status:
        raise ValidationError(
            _("This action item is already %(status)s."),
            code="unchanged",
            params={"status": decision.get_status_display()},
        )
    if status == Decision.Status.DONE:
        done_on = done_on or timezone.localdate()
        agreed_on = timezone.localdate(decision.meeting.starts_at)
        if done_on > timezone.localdate():
            raise ValidationError(
                _("The date it was done cannot be in the future."),
                code="done_in_future",
            )
        if done_on < agreed_on:
            raise ValidationError(
                _("The date it was done cannot be before the meeting that agreed it."),
                code="done_before_agreed",
            )
        action = MeetingEvent.Action.ITEM_DONE
    elif status == Decision.Status.OPEN:
        done_on = None
        action = MeetingEvent.Action.ITEM_REOPENED
    else:
        raise ValidationError(
            _("Unknown status %(status)s."),
            code="unknown_status",
            params={"status": status},
        )
    decision.status = status
    decision.done_on = done_on
    decision.full_clean()
    decision.save(update_fields=["status", "done_on"])
    _record(
        meeting_id=decision.meeting_id,
        decision=decision,
        action=action,
        actor=by,
        reason=note.strip(),
    )
    return decision


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
