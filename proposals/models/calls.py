"""Calls for proposals, the standing call, and the history of a call's
changes."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.history import HistoryEntry
from core.jalali import format_short_datetime
from core.l10n import format_number
from core.links import address
from core.pagecache import PublicQuerySet
from proposals.models.rubric import add_default_rubric


class CallQuerySet(PublicQuerySet):
    def open_at(self, moment=None):
        """Calls taking proposals at ``moment`` (now by default)."""
        moment = moment or timezone.now()
        return self.filter(opens_at__lte=moment).filter(
            Q(closes_at__isnull=True) | Q(closes_at__gt=moment)
        )

    def upcoming_at(self, moment=None):
        return self.filter(opens_at__gt=moment or timezone.now())

    def closed_at(self, moment=None):
        return self.filter(closes_at__lte=moment or timezone.now())


class Call(models.Model):
    """A call for proposals (فراخوان): what the working group asks NGOs for,
    until when, and who may answer.

    Every proposal answers one call. The standing call (``is_standing``,
    made by a migration, never closing) takes the proposals that answer no
    particular call. Call managers change calls in the admin; a change that
    moves the goal posts once proposals exist (closing earlier, a lower
    ceiling) needs a reason, kept in ``CallEvent``.
    """

    title = models.CharField(_("title in Persian"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    description = models.TextField(
        _("what is asked, in Persian"),
        blank=True,
        help_text=_("what the working group asks for, and what it will support"),
    )
    description_en = models.TextField(_("what is asked, in English"), blank=True)
    focus_areas = models.ManyToManyField(
        "ngos.FocusArea",
        verbose_name=_("focus areas"),
        related_name="calls",
        blank=True,
    )
    provinces = models.ManyToManyField(
        "ngos.Province",
        verbose_name=_("provinces"),
        related_name="calls",
        blank=True,
        help_text=_("none: the whole country"),
    )
    opens_at = models.DateTimeField(_("opens at"), default=timezone.now)
    closes_at = models.DateTimeField(
        _("closes at"),
        null=True,
        blank=True,
        help_text=_("empty only for the standing call, which never closes"),
    )
    ceiling_rials = models.PositiveBigIntegerField(
        _("ceiling per proposal (rials)"), null=True, blank=True
    )
    envelope_rials = models.PositiveBigIntegerField(
        _("total envelope (rials)"), null=True, blank=True
    )
    only_matching_focus_areas = models.BooleanField(
        _("only NGOs working in its focus areas"), default=False
    )
    only_matching_provinces = models.BooleanField(
        _("only NGOs working in its provinces"), default=False
    )
    launched_at_meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("launched at the meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="calls_launched",
    )
    launched_by_decision = models.ForeignKey(
        "meetings.Decision",
        verbose_name=_("launched by the decision"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="calls_launched",
    )
    is_standing = models.BooleanField(
        _("standing call"),
        default=False,
        editable=False,
        help_text=_("takes the proposals that answer no particular call"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    min_score_sheets = models.PositiveSmallIntegerField(
        _("score sheets needed for a decision"),
        default=2,
        help_text=_(
            "approving or rejecting a proposal needs at least this many score "
            "sheets from reviewers without a conflict of interest"
        ),
    )
    reviewers_per_proposal = models.PositiveSmallIntegerField(
        _("reviewers per proposal"),
        default=2,
        help_text=_("how many reviewers score each proposal"),
    )
    independent_scores = models.BooleanField(
        _("independent scores"),
        default=True,
        help_text=_(
            "a reviewer sees the others' scores of a proposal only once theirs is in"
        ),
    )

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("call for proposals")
        verbose_name_plural = _("calls for proposals")
        ordering = ["-opens_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_standing"],
                condition=Q(is_standing=True),
                name="one_standing_call",
            ),
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="call_closes_after_opening",
            ),
        ]

    def __str__(self):
        return self.display_title

    def get_absolute_url(self):
        return address("calls:detail", self.pk)

    @property
    def display_title(self) -> str:
        if self.title_en and (get_language() or "fa").startswith("en"):
            return self.title_en
        return self.title

    @property
    def display_description(self) -> str:
        if self.description_en and (get_language() or "fa").startswith("en"):
            return self.description_en
        return self.description

    def is_open(self, moment=None) -> bool:
        moment = moment or timezone.now()
        return self.opens_at <= moment and (
            self.closes_at is None or moment < self.closes_at
        )

    def has_closed(self, moment=None) -> bool:
        return self.closes_at is not None and self.closes_at <= (
            moment or timezone.now()
        )

    def admits(self, ngo) -> bool:
        """Whether ``ngo`` may answer this call: verified, and working in its
        focus areas or provinces where the call asks for that."""
        if not ngo.is_public:
            return False
        # .all(), not .exists(): pages that list calls prefetch both.
        areas = {area.pk for area in self.focus_areas.all()}
        if self.only_matching_focus_areas and areas:
            if not areas & {area.pk for area in ngo.focus_areas.all()}:
                return False
        provinces = {province.pk for province in self.provinces.all()}
        if self.only_matching_provinces and provinces:
            if not provinces & {p.pk for p in ngo.provinces_served.all()}:
                return False
        return True


def standing_call():
    """The standing call's key: the call of a proposal made without one.

    Made by ``proposals/migrations/0002``; made again here when a database
    was emptied since (tests that flush it)."""
    call = Call.objects.filter(is_standing=True).only("pk").first()
    if call is None:
        call = Call.objects.create(**STANDING_CALL)
        add_default_rubric(call)
    return call.pk


STANDING_CALL = {
    "is_standing": True,
    "title": "فراخوان دائمی: ارسال آزاد طرح‌ها",
    "title_en": "Open submissions (standing call)",
    "description": (
        "طرح‌ها و ایده‌هایی که به فراخوان خاصی پاسخ نمی‌دهند. سمن‌های تأییدشده "
        "می‌توانند هر زمان طرح خود را برای کارگروه بفرستند."
    ),
    "description_en": (
        "Ideas and plans that answer no particular call. Verified NGOs may "
        "send their proposals to the working group at any time."
    ),
    # 1396/10/11, a week before the meeting that first asked for plans.
    "opens_at": datetime.datetime(2018, 1, 1, tzinfo=datetime.UTC),
}


def time_left(call, now) -> str:
    """How long ``call`` stays open, in words: days, or hours on its last day."""
    if call.closes_at is None:
        return gettext("open at all times")
    seconds = (call.closes_at - now).total_seconds()
    days = int(seconds // 86400)
    if days >= 1:
        return ngettext("%(n)s day left", "%(n)s days left", days) % {
            "n": format_number(days)
        }
    hours = max(1, int(seconds // 3600))
    return ngettext("%(n)s hour left", "%(n)s hours left", hours) % {
        "n": format_number(hours)
    }


class CallEvent(HistoryEntry):
    """One change of a call that moved its goal posts, and why: append-only."""

    call = models.ForeignKey(
        Call,
        verbose_name=_("call for proposals"),
        on_delete=models.PROTECT,
        related_name="events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    changes = models.TextField(_("what changed"))
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("change of a call")
        verbose_name_plural = _("changes of the call")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.call} · {format_short_datetime(self.at)}"
