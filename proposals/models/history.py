"""What happened: a proposal's events and the revisions its NGO sent
(append-only), and the log of the reminders sent."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.history import HistoryEntry
from core.jalali import format_short_datetime
from proposals.models.proposal import Proposal
from proposals.workflow import Status


class ProposalEvent(HistoryEntry):
    """One entry of a proposal's history: append-only, never edited or deleted."""

    class Kind(models.TextChoices):
        STATUS = "status", _("status change")
        COMMENT = "comment", _("comment")
        ASSIGNMENT = "assignment", _("reviewer assigned")
        PRESENTED = "presented", _("presented at a meeting")

    class Visibility(models.TextChoices):
        NGO = "ngo", _("for the NGO")
        INTERNAL = "internal", _("internal to staff")

    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("proposal"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    from_status = models.CharField(
        _("from"), max_length=20, choices=Status.choices, blank=True
    )
    to_status = models.CharField(
        _("to"), max_length=20, choices=Status.choices, blank=True
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)
    reason_code = models.CharField(_("reason"), max_length=30, blank=True)
    visibility = models.CharField(
        _("visible to"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.NGO,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # A fingerprint of what the NGO wrote and attached when the event was
    # recorded (see proposals.services.content_digest): a resubmission is
    # compared with the request for changes it answers.
    content_digest = models.CharField(
        _("content fingerprint"), max_length=64, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("history")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["proposal", "at"], name="event_proposal_at")]

    def __str__(self):
        return f"{self.get_kind_display()} · {format_short_datetime(self.at)}"


class ProposalRevision(HistoryEntry):
    """The proposal as the NGO sent it, once per submission: append-only.

    Written by ``proposals.services.transition`` on each move to
    ``submitted`` (the first submission and every resubmission), never
    elsewhere; ``proposals.revisions`` compares two of them for reviewers.
    """

    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("proposal"),
        on_delete=models.PROTECT,
        related_name="revisions",
    )
    # 1 for the first submission, then 2, 3, … for each resubmission.
    number = models.PositiveSmallIntegerField(_("number"))
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Every field of the NGO's form (``proposals.revisions.snapshot``): text
    # and numbers as they were, related rows as {"id": …, "name": …}.
    content = models.JSONField(_("content"))
    # The files sent with it, not removed: [{"id", "name", "size",
    # "sha256", "content_type"}].
    attachments = models.JSONField(_("attachments"), default=list)
    # A resubmission's answer to the request for changes: what the NGO changed.
    changes = models.TextField(_("what we changed"), blank=True)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["proposal", "number"]
        # Numbered under the proposal's row lock (``revisions.record``).
        indexes = [
            models.Index(fields=["proposal", "number"], name="revision_proposal_number")
        ]

    def __str__(self):
        return f"{self.proposal} · {self.number}"


class Reminder(models.Model):
    """One reminder sent: the log that makes ``send_reminders`` idempotent.

    ``key`` names the kind, the object and the period (one per deadline,
    week or call), and is unique: a sender inserts the row first and sends
    only if its insert won, so re-runs and several servers at once send
    each reminder once.
    """

    class Kind(models.TextChoices):
        CHANGES_DUE = "changes_due", _("response to a request for changes due")
        OVERDUE_SCORE = "overdue_score", _("score overdue")
        CALL_CLOSED = "call_closed", _("call closed")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    key = models.CharField(_("key"), max_length=200, unique=True)
    recipients = models.TextField(_("recipients"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return self.key
