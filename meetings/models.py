"""The working group's meeting record: meetings and their structured minutes.

A meeting has an agenda, participants, statements (who said what under which
agenda item) and decisions or action items. Its minutes are a draft until a
meeting secretary approves them (``meetings.services.minutes_approve``);
approved minutes are public and locked: the meeting and every part of it
refuse changes in ``clean()``, ``save()`` and ``delete()`` until the minutes
are reopened, which is a recorded act with a reason. The one exception is
following up an action item (marking it done), which must not require
reopening the minutes it was agreed in.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F, Max, Q
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.history import HistoryEntry
from core.jalali import format_short_date
from core.persian import search_key


class MinutesLocked(PermissionDenied):
    """A write to approved minutes, refused.

    A ``PermissionDenied``, so that a write which slips past the forms' own
    check (two secretaries at once) answers 403 instead of a server error.
    """

    def __init__(self, meeting_id=None):
        super().__init__(
            f"The minutes of meeting {meeting_id} are approved and locked; "
            "reopen them to change the record."
        )


LOCKED_MESSAGE = _(
    "The minutes of this meeting are approved and locked. Reopen them (with a "
    "reason) to change the record."
)


def can_see_drafts(user) -> bool:
    """Meeting staff see every meeting on the public pages, drafts marked."""
    return user.is_active and user.is_staff and user.has_perm("meetings.view_meeting")


class MeetingQuerySet(models.QuerySet):
    def public(self):
        """Meetings whose page anyone may open.

        Scheduled and cancelled meetings show their announcement and agenda;
        a held meeting is public only once its minutes are approved.
        """
        return self.filter(
            Q(status__in=[Meeting.Status.SCHEDULED, Meeting.Status.CANCELLED])
            | Q(status=Meeting.Status.HELD, minutes_status=Meeting.Minutes.APPROVED)
        )

    def with_public_minutes(self):
        return self.filter(
            status=Meeting.Status.HELD, minutes_status=Meeting.Minutes.APPROVED
        )

    def visible_to(self, user):
        """What ``user`` may open: everything for meeting staff, else public."""
        return self.all() if can_see_drafts(user) else self.public()

    def search(self, terms: list[str]):
        """Meetings whose search key contains every term (see persian.py)."""
        queryset = self
        for term in terms:
            queryset = queryset.filter(search_key__contains=term)
        return queryset

    def refresh_search_keys(self) -> None:
        """Recompute the stored search key of every meeting in the queryset."""
        for meeting in self.prefetch_related("agenda_items"):
            key = meeting.build_search_key()
            if key != meeting.search_key:
                # An update, not save(): the key is derived data, and writing
                # it must not trip the lock of approved minutes.
                Meeting.objects.filter(pk=meeting.pk).update(search_key=key)


class Meeting(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", pgettext_lazy("meeting status", "scheduled")
        HELD = "held", pgettext_lazy("meeting status", "held")
        CANCELLED = "cancelled", pgettext_lazy("meeting status", "cancelled")

    class Minutes(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("minutes status", "draft")
        APPROVED = "approved", pgettext_lazy("minutes status", "approved")

    title = models.CharField(_("title"), max_length=300)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    organiser = models.CharField(
        _("organising body"),
        max_length=300,
        blank=True,
        help_text=_("the body that called and organised the meeting"),
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_(
            "what the meeting is about; before the meeting, its purpose, "
            "afterwards, what came of it"
        ),
    )
    # Changed only by meetings.services.meeting_change_status, never a form.
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.SCHEDULED,
        editable=False,
    )
    minutes_status = models.CharField(
        _("minutes"),
        max_length=20,
        choices=Minutes.choices,
        default=Minutes.DRAFT,
        editable=False,
    )
    approved_at = models.DateTimeField(
        _("minutes approved at"), null=True, blank=True, editable=False
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("minutes approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    focus_areas = models.ManyToManyField(
        "ngos.FocusArea",
        verbose_name=_("focus areas"),
        related_name="meetings",
        blank=True,
    )
    search_key = models.TextField(_("search key"), blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-pk"]
        permissions = [
            ("approve_minutes", _("Can approve the minutes of a meeting")),
            ("reopen_minutes", _("Can reopen approved minutes")),
        ]
        indexes = [
            models.Index(fields=["starts_at"], name="meeting_starts_at"),
            models.Index(
                fields=["status", "minutes_status", "starts_at"],
                name="meeting_public_starts_at",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="meeting_ends_after_it_starts",
            ),
            # Only a meeting that took place has minutes to approve.
            models.CheckConstraint(
                condition=Q(minutes_status="draft", approved_at__isnull=True)
                | Q(
                    minutes_status="approved", status="held", approved_at__isnull=False
                ),
                name="meeting_approved_minutes_are_of_a_held_meeting",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({format_short_date(self.starts_at)})"

    def save(self, *args, **kwargs):
        if self.pk is not None and self.is_locked_in_database():
            raise MinutesLocked(self.pk)
        self.search_key = self.build_search_key()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_key", "updated_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("meetings:detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        if self.is_locked_in_database():
            raise MinutesLocked(self.pk)
        return super().delete(*args, **kwargs)

    def clean(self):
        if self.pk is not None and self.is_locked_in_database():
            raise ValidationError(LOCKED_MESSAGE, code="minutes_locked")
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = ValidationError(
                _("The meeting must end after it starts."), code="ends_before_start"
            )
        if (
            self.status == self.Status.HELD
            and self.starts_at
            and self.starts_at > timezone.now()
        ):
            errors["starts_at"] = ValidationError(
                _("The meeting is recorded as held, so it cannot start in the future."),
                code="held_in_future",
            )
        if errors:
            raise ValidationError(errors)

    def is_locked_in_database(self) -> bool:
        """Whether the stored row has approved minutes (one query).

        The stored state, not this instance's, decides: an instance loaded
        before someone else approved the minutes must not overwrite them.
        """
        if self.pk is None:
            return False
        return Meeting.objects.filter(
            pk=self.pk, minutes_status=self.Minutes.APPROVED
        ).exists()

    def build_search_key(self) -> str:
        """The normalised text the public archive search looks in.

        It holds only what the public may read: the announcement and agenda
        always, the participants, statements and decisions once the minutes
        are approved. So a search never reveals a draft.
        """
        parts = [self.title, self.place, self.organiser, self.summary]
        if self.pk is not None:
            for item in self.agenda_items.all():
                parts += [item.title, item.description]
            if self.has_public_minutes:
                for participant in self.participants.all():
                    parts += [participant.name, participant.position]
                for statement in self.statements.all():
                    parts.append(statement.text)
                for decision in self.decisions.all():
                    parts += [decision.text, decision.responsible_body]
        return search_key(*parts)

    @property
    def is_approved(self) -> bool:
        return self.minutes_status == self.Minutes.APPROVED

    @property
    def has_public_minutes(self) -> bool:
        return self.status == self.Status.HELD and self.is_approved

    @property
    def is_public(self) -> bool:
        return self.status != self.Status.HELD or self.is_approved


class MeetingPartQuerySet(models.QuerySet):
    """Bulk writes keep the lock of approved minutes and the search key too.

    ``save()`` and ``delete()`` of a part check the lock one row at a time;
    these methods do the same for the query paths that bypass them.
    """

    def _meeting_ids(self, objs=None) -> set:
        if objs is not None:
            return {obj.meeting_id for obj in objs}
        return set(self.values_list("meeting_id", flat=True).distinct())

    def _refuse_if_locked(self, meeting_ids) -> None:
        locked = Meeting.objects.filter(
            pk__in=meeting_ids, minutes_status=Meeting.Minutes.APPROVED
        ).values_list("pk", flat=True)
        for meeting_id in locked[:1]:
            raise MinutesLocked(meeting_id)

    def _touches_content(self, fields) -> bool:
        return not set(fields) <= self.model.FOLLOW_UP_FIELDS

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        meeting_ids = self._meeting_ids(objs)
        with transaction.atomic(using=self.db):
            self._refuse_if_locked(meeting_ids)
            for obj in objs:
                if obj.order is None:
                    obj.order = obj.next_order(skip=objs)
            created = super().bulk_create(objs, *args, **kwargs)
            Meeting.objects.filter(pk__in=meeting_ids).refresh_search_keys()
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        meeting_ids = self._meeting_ids(objs)
        with transaction.atomic(using=self.db):
            if self._touches_content(fields):
                self._refuse_if_locked(meeting_ids)
            count = super().bulk_update(objs, fields, *args, **kwargs)
            Meeting.objects.filter(pk__in=meeting_ids).refresh_search_keys()
        return count

    def update(self, **kwargs):
        with transaction.atomic(using=self.db):
            meeting_ids = self._meeting_ids()
            if self._touches_content(kwargs):
                self._refuse_if_locked(meeting_ids)
            count = super().update(**kwargs)
            Meeting.objects.filter(pk__in=meeting_ids).refresh_search_keys()
        return count

    def delete(self):
        with transaction.atomic(using=self.db):
            meeting_ids = self._meeting_ids()
            self._refuse_if_locked(meeting_ids)
            result = super().delete()
            Meeting.objects.filter(pk__in=meeting_ids).refresh_search_keys()
        return result


class MeetingPart(models.Model):
    """What agenda items, participants, statements and decisions share.

    Each belongs to one meeting (a ``meeting`` foreign key declared by the
    concrete model, so that each has its own related name) and is locked
    while that meeting's minutes are approved. ``FOLLOW_UP_FIELDS`` names
    the fields that may still change then.
    """

    FOLLOW_UP_FIELDS = frozenset()

    objects = MeetingPartQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.refuse_if_locked()
        if self.order is None:
            self.order = self.next_order()
        with transaction.atomic():
            super().save(*args, **kwargs)
            Meeting.objects.filter(pk=self.meeting_id).refresh_search_keys()

    def delete(self, *args, **kwargs):
        if self.meeting_is_locked():
            raise MinutesLocked(self.meeting_id)
        with transaction.atomic():
            result = super().delete(*args, **kwargs)
            Meeting.objects.filter(pk=self.meeting_id).refresh_search_keys()
        return result

    def clean(self):
        if self.meeting_id is not None and self.changes_locked_content():
            raise ValidationError(LOCKED_MESSAGE, code="minutes_locked")

    def meeting_is_locked(self) -> bool:
        return Meeting.objects.filter(
            pk=self.meeting_id, minutes_status=Meeting.Minutes.APPROVED
        ).exists()

    def changes_locked_content(self) -> bool:
        """Whether saving this instance would change approved minutes.

        New parts always would; a stored part would when a field other than
        ``FOLLOW_UP_FIELDS`` differs from what is stored.
        """
        if not self.meeting_is_locked():
            return False
        if self.pk is None:
            return True
        content = [
            field.attname
            for field in self._meta.concrete_fields
            if field.name not in self.FOLLOW_UP_FIELDS and not field.primary_key
        ]
        stored = type(self).objects.filter(pk=self.pk).values(*content).first()
        if stored is None:
            return True
        return any(stored[name] != getattr(self, name) for name in content)

    def refuse_if_locked(self) -> None:
        if self.changes_locked_content():
            raise MinutesLocked(self.meeting_id)

    def next_order(self, skip=()) -> int:
        """One more than the highest order in the meeting (and in ``skip``)."""
        stored = (
            type(self)
            .objects.filter(meeting_id=self.meeting_id)
            .aggregate(highest=Max("order"))["highest"]
            or 0
        )
        pending = [
            other.order
            for other in skip
            if other.meeting_id == self.meeting_id and other.order is not None
        ]
        return max([stored, *pending]) + 1


ORDER_HELP = _("leave empty to put it after the others")


class AgendaItem(MeetingPart):
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="agenda_items",
    )
    order = models.PositiveSmallIntegerField(
        _("order"), blank=True, help_text=ORDER_HELP
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    follow_up = models.ManyToManyField(
        "Decision",
        verbose_name=_("follows up"),
        related_name="followed_up_in",
        blank=True,
        help_text=_("action items of earlier meetings discussed under this item"),
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")
        ordering = ["order", "pk"]
        indexes = [models.Index(fields=["meeting", "order"], name="agenda_meeting")]

    def __str__(self):
        return self.title


class Participant(MeetingPart):
    class Role(models.TextChoices):
        CHAIR = "chair", pgettext_lazy("participant role", "chair")
        OFFICIAL = "official", _("official")
        NGO_REPRESENTATIVE = "ngo_representative", _("NGO representative")
        SECRETARY = "secretary", pgettext_lazy("participant role", "secretary")
        GUEST = "guest", _("guest")

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    order = models.PositiveSmallIntegerField(
        _("order"), blank=True, help_text=ORDER_HELP
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(
        pgettext_lazy("a person's job", "position"),
        max_length=300,
        blank=True,
        help_text=_("the person's post, e.g. director of planning"),
    )
    affiliation = models.CharField(
        _("affiliation"),
        max_length=300,
        blank=True,
        help_text=_("the body the person speaks for, when it is not a registry NGO"),
    )
    ngo = models.ForeignKey(
        "ngos.NGO",
        verbose_name=_("NGO"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_participants",
        help_text=_("the registry NGO the person represents"),
    )
    role = models.CharField(
        pgettext_lazy("meeting participant", "role"),
        max_length=30,
        choices=Role.choices,
    )
    attended = models.BooleanField(_("attended"), default=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["order", "pk"]
        indexes = [
            models.Index(fields=["meeting", "order"], name="participant_meeting"),
            models.Index(fields=["ngo", "attended"], name="participant_ngo"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ngo__isnull=True) | Q(affiliation=""),
                name="participant_ngo_or_affiliation",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.position})" if self.position else self.name

    def clean(self):
        super().clean()
        if self.ngo_id and self.affiliation:
            raise ValidationError(
                {
                    "affiliation": ValidationError(
                        _(
                            "Choose the NGO from the registry or type the "
                            "affiliation, not both."
                        ),
                        code="ngo_and_affiliation",
                    )
                }
            )

    @property
    def affiliation_name(self) -> str:
        return self.ngo.name if self.ngo_id else self.affiliation


class Statement(MeetingPart):
    """What one participant said under one agenda item, in our own words."""

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="statements",
    )
    order = models.PositiveSmallIntegerField(
        _("order"), blank=True, help_text=ORDER_HELP
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        # RESTRICT, not PROTECT: deleting a draft meeting deletes its
        # statements with it, but an agenda item or a participant that has
        # statements cannot be deleted on its own.
        on_delete=models.RESTRICT,
        related_name="statements",
    )
    speaker = models.ForeignKey(
        Participant,
        verbose_name=_("speaker"),
        on_delete=models.RESTRICT,
        related_name="statements",
    )
    text = models.TextField(_("what was said"))

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["order", "pk"]
        indexes = [models.Index(fields=["meeting", "order"], name="statement_meeting")]

    def __str__(self):
        return Truncator(self.text).words(12)

    def save(self, *args, **kwargs):
        # The same rule as clean(), for writes that skip validation: a
        # statement never points into another meeting's record.
        self.check_same_meeting()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.check_same_meeting()
        if self.speaker_id and not self.speaker.attended:
            raise ValidationError(
                {
                    "speaker": ValidationError(
                        _("%(name)s is recorded as absent and cannot have spoken."),
                        code="speaker_absent",
                        params={"name": self.speaker.name},
                    )
                }
            )

    def check_same_meeting(self) -> None:
        errors = {}
        if self.speaker_id and self.speaker.meeting_id != self.meeting_id:
            errors["speaker"] = ValidationError(
                _("The speaker must be a participant of this meeting."),
                code="speaker_other_meeting",
            )
        if self.agenda_item_id and self.agenda_item.meeting_id != self.meeting_id:
            errors["agenda_item"] = ValidationError(
                _("The agenda item must belong to this meeting."),
                code="agenda_item_other_meeting",
            )
        if errors:
            raise ValidationError(errors)


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


# Many-to-many links are part of the record too, and adding or removing one
# calls no save(): the lock of approved minutes is kept here.


@receiver(m2m_changed, sender=Meeting.focus_areas.through)
def refuse_focus_area_change_when_locked(sender, instance, action, reverse, **kwargs):
    if action not in ("pre_add", "pre_remove", "pre_clear"):
        return
    if reverse:
        meetings = Meeting.objects.filter(
            pk__in=kwargs["pk_set"] or instance.meetings.values("pk")
        )
    else:
        meetings = Meeting.objects.filter(pk=instance.pk)
    _refuse_if_any_locked(meetings)


@receiver(m2m_changed, sender=AgendaItem.follow_up.through)
def refuse_follow_up_change_when_locked(sender, instance, action, reverse, **kwargs):
    if action not in ("pre_add", "pre_remove", "pre_clear"):
        return
    if reverse:
        items = AgendaItem.objects.filter(
            pk__in=kwargs["pk_set"] or instance.followed_up_in.values("pk")
        )
        meetings = Meeting.objects.filter(pk__in=items.values("meeting_id"))
    else:
        meetings = Meeting.objects.filter(pk=instance.meeting_id)
    _refuse_if_any_locked(meetings)


def _refuse_if_any_locked(meetings) -> None:
    locked = meetings.filter(minutes_status=Meeting.Minutes.APPROVED)
    for meeting_id in locked.values_list("pk", flat=True)[:1]:
        raise MinutesLocked(meeting_id)
