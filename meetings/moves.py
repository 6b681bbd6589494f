"""The moves of the meeting record's three statuses.

A meeting's status (:data:`MEETING_MOVES`), its minutes' status
(:data:`MINUTES_MOVES`) and an action item's (:data:`ACTION_ITEM_MOVES`):
each is changed by one function of :mod:`meetings.services`, which checks
the table; the admin's buttons, confirmation pages and bulk actions are made
from the tables, and the README prints them. Rules on other fields (a meeting
cannot be held before it starts; approved minutes fix the meeting's status;
only the minutes of a held meeting are approved) are the services' own.

Action names are unique across the meeting's two tables: one admin page
offers both.
"""

from django.utils.translation import gettext_lazy as _

from core.transitions import STAFF, Move, MoveTable
from meetings.models import Decision, Meeting

Status = Meeting.Status
Minutes = Meeting.Minutes

# One action, from either status it leaves.
RESCHEDULE = {
    "action": "reschedule",
    "label": _("Back to scheduled"),
    "question": _("Make this meeting scheduled again?"),
    "done": _("The meeting is scheduled again."),
    "side": STAFF,
    "permission": "meetings.change_meeting",
}

MEETING_MOVES = MoveTable(
    model="meetings.Meeting",
    field="status",
    choices=Status,
    moves=[
        Move(
            action="hold",
            source=Status.SCHEDULED,
            target=Status.HELD,
            label=_("Record as held"),
            question=_(
                "Record that this meeting took place? Its page leaves the public "
                "site until you approve the minutes."
            ),
            done=_("The meeting is recorded as held."),
            side=STAFF,
            permission="meetings.change_meeting",
        ),
        Move(
            action="cancel",
            source=Status.SCHEDULED,
            target=Status.CANCELLED,
            label=_("Cancel the meeting"),
            question=_("Cancel this meeting? Its page says so publicly."),
            done=_("The meeting is cancelled."),
            side=STAFF,
            permission="meetings.change_meeting",
            reason_required=True,
        ),
        Move(source=Status.CANCELLED, target=Status.SCHEDULED, **RESCHEDULE),
        # A meeting recorded as held by mistake (it was postponed).
        Move(source=Status.HELD, target=Status.SCHEDULED, **RESCHEDULE),
    ],
)

MINUTES_MOVES = MoveTable(
    model="meetings.Meeting",
    field="minutes_status",
    choices=Minutes,
    moves=[
        Move(
            action="approve",
            source=Minutes.DRAFT,
            target=Minutes.APPROVED,
            label=_("Approve the minutes"),
            question=_(
                "Approve these minutes? They are published and locked: nobody can "
                "change them unless they are reopened, with a reason."
            ),
            done=_("The minutes are approved and published."),
            side=STAFF,
            permission="meetings.approve_minutes",
        ),
        Move(
            action="reopen",
            source=Minutes.APPROVED,
            target=Minutes.DRAFT,
            label=_("Reopen the minutes"),
            question=_(
                "Reopen these approved minutes? They leave the public site until "
                "they are approved again. The reason is kept in the history."
            ),
            done=_("The minutes are reopened: they are a draft again."),
            side=STAFF,
            permission="meetings.reopen_minutes",
            reason_required=True,
        ),
    ],
)

ACTION_ITEM_MOVES = MoveTable(
    model="meetings.ActionItem",
    field="status",
    choices=Decision.Status,
    moves=[
        Move(
            action="mark_done",
            source=Decision.Status.OPEN,
            target=Decision.Status.DONE,
            label=_("Mark done"),
            question=_(
                "Mark this action item done? Following it up does not reopen the "
                "minutes it was agreed in."
            ),
            done=_("The action item is marked done."),
            side=STAFF,
            permission="meetings.change_actionitem",
        ),
        Move(
            action="mark_open",
            source=Decision.Status.DONE,
            target=Decision.Status.OPEN,
            label=_("Mark open again"),
            question=_("Mark this action item open again? Its date done is cleared."),
            done=_("The action item is open again."),
            side=STAFF,
            permission="meetings.change_actionitem",
        ),
    ],
)
