"""The parts of a meeting's record: agenda, participants, statements.

Each belongs to one meeting and is locked while that meeting's minutes are
approved, whichever way it is written (``save()``, ``delete()``, bulk
queries, many-to-many links).
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max, Q
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.pagecache import PublicQuerySet
from meetings.models.meeting import LOCKED_MESSAGE, Meeting, MinutesLocked


class MeetingPartQuerySet(PublicQuerySet):
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
