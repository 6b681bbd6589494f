"""The working group's meeting record: meetings and their structured minutes.

A meeting has an agenda, participants, statements (who said what under which
agenda item) and decisions or action items. Its minutes are a draft until a
meeting secretary approves them (``meetings.services.minutes_change_status``);
approved minutes are public and locked: the meeting and every part of it
refuse changes in ``clean()``, ``save()`` and ``delete()`` until the minutes
are reopened, which is a recorded act with a reason. The one exception is
following up an action item (marking it done), which must not require
reopening the minutes it was agreed in.

One module each: ``meeting`` (meetings and the lock of their minutes),
``parts`` (agenda, participants, statements), ``decisions`` (decisions and
action items) and ``history`` (the append-only history); import them from
here.
"""

from meetings.models.decisions import (
    ActionItem,
    ActionItemManager,
    ActionItemQuerySet,
    Decision,
)
from meetings.models.history import MeetingEvent
from meetings.models.meeting import (
    LOCKED_MESSAGE,
    Meeting,
    MeetingQuerySet,
    MinutesLocked,
    can_see_drafts,
)
from meetings.models.parts import (
    ORDER_HELP,
    AgendaItem,
    MeetingPart,
    MeetingPartQuerySet,
    Participant,
    Statement,
)

__all__ = [
    "LOCKED_MESSAGE",
    "ORDER_HELP",
    "ActionItem",
    "ActionItemManager",
    "ActionItemQuerySet",
    "AgendaItem",
    "Decision",
    "Meeting",
    "MeetingEvent",
    "MeetingPart",
    "MeetingPartQuerySet",
    "MeetingQuerySet",
    "MinutesLocked",
    "Participant",
    "Statement",
    "can_see_drafts",
]
