"""A meeting's history: every act on its record, append-only."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import HistoryEntry
from meetings.models.decisions import Decision
from meetings.models.meeting import Meeting


class MeetingEvent(HistoryEntry):
    """One act on a meeting's record: append-only, never edited or deleted.

    Every change of a meeting's status or of its minutes' status, and every
    follow-up of an action item, leaves one entry: who, when, what, why.
    """

    class Action(models.TextChoices):
        HELD = "held", _("recorded as held")
        CANCELLED = "cancelled", _("meeting cancelled")
        RESCHEDULED = "rescheduled", _("scheduled again")
        APPROVED = "approved", _("minutes approved")
        REOPENED = "reopened", _("minutes reopened")
        ITEM_DONE = "item_done", _("action item done")
        ITEM_REOPENED = "item_reopened", _("action item open again")

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("action item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("meeting history entry")
        verbose_name_plural = _("meeting history")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["meeting", "at"], name="meeting_event_meeting")]

    def __str__(self):
        return f"{self.meeting_id}: {self.get_action_display()}"
