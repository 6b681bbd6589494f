"""Meetings: their announcement, status and minutes, and the lock on them.

Approved minutes are public and locked: the meeting and every part of it
(``meetings.models.parts``) refuse changes in ``clean()``, ``save()`` and
``delete()`` until the minutes are reopened, which is a recorded act with a
reason (``meetings.services.minutes_change_status``).
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.jalali import format_short_date
from core.links import address
from core.pagecache import PublicQuerySet
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


class MeetingQuerySet(PublicQuerySet):
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

    def awaiting_record(self):
        """Meetings that are over but still scheduled: nobody has recorded
        them as held (or cancelled). One without an end is over once it
        has started."""
        now = timezone.now()
        return self.filter(status=Meeting.Status.SCHEDULED).filter(
            Q(ends_at__lt=now) | Q(ends_at__isnull=True, starts_at__lt=now)
        )

    def awaiting_approval(self):
        """Held meetings whose minutes are still a draft."""
        return self.filter(
            status=Meeting.Status.HELD, minutes_status=Meeting.Minutes.DRAFT
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
        # One query per related table, whatever the number of meetings.
        for meeting in self.prefetch_related(
            "agenda_items",
            "participants__ngo",
            "statements",
            "decisions__responsible_ngo",
        ):
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
    # Changed only by meetings.services.minutes_change_status.
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
        return address("meetings:detail", self.pk)

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
        always, the participants (names, positions, their NGOs in Persian
        and English or their affiliations), statements and decisions (and
        the NGOs responsible) once the minutes are approved. So a search
        never reveals a draft, and finds a meeting by who took part.
        """
        parts = [self.title, self.place, self.organiser, self.summary]
        if self.pk is not None:
            for item in self.agenda_items.all():
                parts += [item.title, item.description]
            if self.has_public_minutes:
                for participant in self.participants.all():
                    parts += [
                        participant.name,
                        participant.position,
                        participant.affiliation,
                    ]
                    if participant.ngo_id:
                        parts += [participant.ngo.name, participant.ngo.name_en]
                for statement in self.statements.all():
                    parts.append(statement.text)
                for decision in self.decisions.all():
                    parts += [decision.text, decision.responsible_body]
                    if decision.responsible_ngo_id:
                        ngo = decision.responsible_ngo
                        parts += [ngo.name, ngo.name_en]
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
