"""Decisions and action items: what a meeting agreed, and its follow-up."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from meetings.models.meeting import Meeting
from meetings.models.parts import ORDER_HELP, MeetingPart, MeetingPartQuerySet


class Decision(MeetingPart):
    """A decision of the meeting, or an action item someone must carry out.

    Whether an action item is done is follow-up, not minutes: it may change
    after the minutes are approved, through
    ``meetings.services.decision_change_status`` (which records who and
    when), without reopening them.
    """

    class Kind(models.TextChoices):
        DECISION = "decision", pgettext_lazy("decision kind", "decision")
        ACTION_ITEM = "action_item", _("action item")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("action item status", "open")
        DONE = "done", pgettext_lazy("action item status", "done")

    FOLLOW_UP_FIELDS = frozenset({"status", "done_on"})

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    order = models.PositiveSmallIntegerField(
        _("order"), blank=True, help_text=ORDER_HELP
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.DECISION
    )
    text = models.TextField(_("text"))
    responsible_body = models.CharField(
        _("responsible body"),
        max_length=300,
        blank=True,
        help_text=_("who carries it out, when it is not a registry NGO"),
    )
    responsible_ngo = models.ForeignKey(
        "ngos.NGO",
        verbose_name=_("responsible NGO"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_action_items",
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.OPEN,
        editable=False,
    )
    done_on = models.DateField(_("done on"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("decision or action item")
        verbose_name_plural = _("decisions and action items")
        ordering = ["order", "pk"]
        indexes = [
            models.Index(fields=["meeting", "order"], name="decision_meeting"),
            models.Index(
                fields=["kind", "status", "due_on"], name="decision_follow_up"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", done_on__isnull=True)
                | Q(status="done", done_on__isnull=False),
                name="decision_done_has_a_date",
            ),
            # A decision is taken, not carried out; only action items are
            # followed up.
            models.CheckConstraint(
                condition=Q(kind="action_item") | Q(status="open"),
                name="decision_only_action_items_are_done",
            ),
            models.CheckConstraint(
                condition=Q(responsible_ngo__isnull=True) | Q(responsible_body=""),
                name="decision_one_owner",
            ),
        ]

    def __str__(self):
        return Truncator(self.text).words(12)

    def clean(self):
        super().clean()
        if self.responsible_ngo_id and self.responsible_body:
            raise ValidationError(
                {
                    "responsible_body": ValidationError(
                        _(
                            "Choose the NGO from the registry or type the "
                            "responsible body, not both."
                        ),
                        code="two_owners",
                    )
                }
            )

    @property
    def is_action_item(self) -> bool:
        return self.kind == self.Kind.ACTION_ITEM

    @property
    def owner_name(self) -> str:
        return (
            self.responsible_ngo.name
            if self.responsible_ngo_id
            else (self.responsible_body)
        )

    @property
    def is_overdue(self) -> bool:
        return (
            self.is_action_item
            and self.status == self.Status.OPEN
            and self.due_on is not None
            and self.due_on < timezone.localdate()
        )


class ActionItemQuerySet(MeetingPartQuerySet):
    def overdue(self):
        return self.filter(status=Decision.Status.OPEN, due_on__lt=timezone.localdate())


class ActionItemManager(models.Manager.from_queryset(ActionItemQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(kind=Decision.Kind.ACTION_ITEM)


class ActionItem(Decision):
    """The action items of every meeting, for following them up."""

    objects = ActionItemManager()

    class Meta:
        proxy = True
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "pk"]
