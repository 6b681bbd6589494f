import datetime
import os
import secrets
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.history import HistoryEntry
from core.jalali import format_short_datetime
from core.l10n import format_number, is_persian
from core.links import address
from core.pagecache import PublicQuerySet
from core.pagination import PAGE_SIZE
from core.persian import search_key, search_terms
from proposals.workflow import AWAITING_STAFF_STATUSES, EDITABLE_STATUSES, Status


class PrivateStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT, which no URL serves directly.

    Attachments reach people only through the permission-checked download
    view, so this storage has no URL at all. The location is read from the
    settings on each use, so every server process and test sees the current
    one.
    """

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no public URL.")


_private_storage = PrivateStorage()


def private_storage():
    return _private_storage


# The public list of supported proposals, newest decision first.
SUPPORTED_ORDER = ("-decided_at", "-pk")


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


def add_default_rubric(call, criterion_model=None) -> None:
    """Give ``call`` the default rubric (``DEFAULT_RUBRIC``) unless it has
    criteria already. Every new call gets it (the call admin, the demo, the
    standing call's migration, which passes its historical model)."""
    model = criterion_model or Criterion
    if model.objects.filter(call_id=call.pk).exists():
        return
    model.objects.bulk_create(
        model(
            call_id=call.pk,
            name=item["name"],
            name_en=item["name_en"],
            order=order,
            weight=1,
            **{f"meaning_{n}": text for n, text in enumerate(item["meanings"], 1)},
            **{
                f"meaning_{n}_en": text for n, text in enumerate(item["meanings_en"], 1)
            },
        )
        for order, item in enumerate(DEFAULT_RUBRIC, 1)
    )


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


# Counting every proposal by status grows with the table (the admin's front
# page cost 3.2 times more per tenfold data), so ``proposals.dashboard``
# keeps the counts in the cache, and ``proposals.supported`` the number of
# supported proposals that the public list prints; any write of a proposal
# forgets them.
STATUS_COUNTS_KEY = "proposals:status-counts"
SUPPORTED_COUNT_KEY = "proposals:supported-count"
STATUS_COUNTS_SECONDS = 300
_COUNT_KEYS = (STATUS_COUNTS_KEY, SUPPORTED_COUNT_KEY)


def forget_status_counts(*args, using="default", **kwargs) -> None:
    """A proposal was written: count again, now and once it commits (so
    that a count read meanwhile, before the commit, is not kept)."""
    cache.delete_many(_COUNT_KEYS)
    transaction.on_commit(lambda: cache.delete_many(_COUNT_KEYS), using=using)


class ProposalQuerySet(PublicQuerySet):
    def update(self, **kwargs):
        forget_status_counts(using=self.db)
        return super().update(**kwargs)

    def delete(self):
        forget_status_counts(using=self.db)
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        forget_status_counts(using=self.db)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        forget_status_counts(using=self.db)
        return super().bulk_update(objs, fields, *args, **kwargs)

    def supported(self):
        return self.filter(status=Status.APPROVED)

    def seen_by_staff(self):
        """What staff may see: proposals the NGO has submitted at least once.

        A draft stays the NGO's own until then, even one withdrawn unsent.
        Every staff page and count starts from this queryset.
        """
        return self.filter(submitted_at__isnull=False)

    def of_ngo(self, ngo):
        return self.filter(ngo=ngo)

    def search(self, query: str | None):
        """Proposals whose title, reference, summary or NGO name hold every
        term of ``query``, in any spelling (see ``core.persian``)."""
        queryset = self
        for term in search_terms(query):
            queryset = queryset.filter(search_key__contains=term)
        return queryset


class Proposal(models.Model):
    """An idea or executive plan that an NGO sends to the working group.

    ``status`` is written only by ``proposals.services.transition``, along
    the moves of ``proposals.workflow.PROPOSAL_MOVES``.
    """

    ngo = models.ForeignKey(
        "ngos.NGO",
        verbose_name=_("NGO"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    call = models.ForeignKey(
        Call,
        verbose_name=_("call for proposals"),
        on_delete=models.PROTECT,
        related_name="proposals",
        default=standing_call,
        help_text=_("the call this proposal answers"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("the proposal in a few sentences, as you would tell it"),
    )
    problem = models.TextField(
        _("problem addressed"),
        blank=True,
        help_text=_("which problem of female-headed households it tackles, and where"),
    )
    solution = models.TextField(
        _("proposed solution"),
        blank=True,
        help_text=_("what you will do, and why it will work"),
    )
    executive_plan = models.TextField(
        _("executive plan"),
        blank=True,
        help_text=_("the activities and their timeline, month by month"),
    )
    target_group = models.TextField(
        _("target group"),
        blank=True,
        help_text=_("who exactly will benefit"),
    )
    beneficiaries = models.PositiveIntegerField(
        _("beneficiaries"),
        null=True,
        blank=True,
        help_text=_("how many women or households will benefit"),
    )
    provinces = models.ManyToManyField(
        "ngos.Province",
        verbose_name=_("provinces"),
        related_name="proposals",
        blank=True,
    )
    focus_areas = models.ManyToManyField(
        "ngos.FocusArea",
        verbose_name=_("focus areas"),
        related_name="proposals",
        blank=True,
    )
    duration_months = models.PositiveSmallIntegerField(
        _("duration in months"), null=True, blank=True
    )
    budget_rials = models.PositiveBigIntegerField(
        _("budget requested (rials)"), null=True, blank=True
    )
    co_funding_rials = models.PositiveBigIntegerField(
        _("co-funding (rials)"),
        null=True,
        blank=True,
        help_text=_("what the NGO or others contribute"),
    )
    co_funding_source = models.CharField(
        _("co-funding from"), max_length=300, blank=True
    )
    presented_at_meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("presented at the meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals_presented",
        help_text=_("if the NGO presented it at a working-group meeting"),
    )
    # Recorded by the meeting's secretary, with the meeting (never by the NGO).
    presented_at_agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        verbose_name=_("presented under the agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals_presented",
    )
    reference = models.CharField(
        _("reference"), max_length=20, unique=True, null=True, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        editable=False,
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals_to_review",
    )
    submitted_at = models.DateTimeField(
        _("first submitted"), null=True, blank=True, editable=False
    )
    last_submitted_at = models.DateTimeField(
        _("last submitted"), null=True, blank=True, editable=False
    )
    decided_at = models.DateTimeField(
        _("decided at"), null=True, blank=True, editable=False
    )
    # Recorded by the approval (proposals.services.transition), within the
    # amount requested, the call's ceiling and what is left of its envelope.
    approved_amount = models.PositiveBigIntegerField(
        _("approved amount (rials)"), null=True, blank=True, editable=False
    )
    # Chosen by staff on the approval, or later on the proposal's admin page.
    # The public sees it only once that meeting's minutes are approved.
    approved_in = models.ForeignKey(
        "meetings.Decision",
        verbose_name=_("approved by the meeting decision"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="approved_proposals",
        limit_choices_to={"kind": "decision"},
        help_text=_("the decision of a working-group meeting that approved it"),
    )
    status_changed_at = models.DateTimeField(
        _("status changed at"), null=True, blank=True, editable=False
    )
    search_key = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Set when changes are requested: the NGO is reminded before it; sending
    # the proposal again after it is allowed, but the history says it was late.
    response_due_at = models.DateTimeField(
        _("response due"), null=True, blank=True, editable=False
    )

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("review_proposal", _("Can review proposals and score them")),
            ("decide_proposal", _("Can approve or reject proposals")),
            ("assign_proposal", _("Can assign reviewers to proposals")),
            ("export_proposal", _("Can export proposals")),
            (
                "export_call_scores",
                _("Can export a call's proposals with their reviewers' scores"),
            ),
            (
                "present_proposal",
                _("Can record the meeting where proposals were presented"),
            ),
        ]
        indexes = [
            models.Index(fields=["ngo", "-created_at"], name="proposal_ngo_created"),
            # A representative's list: the NGO's proposals, last changed first
            # (without it every one of them is read and sorted).
            models.Index(
                fields=["ngo", "-updated_at", "-id"], name="proposal_ngo_updated"
            ),
            # A representative's list counts the NGO's proposals by status
            # from this index alone: 26 ms to 1 ms for 9,101 of them.
            models.Index(fields=["ngo", "status"], name="proposal_ngo_status"),
            models.Index(
                fields=["status", "-submitted_at"], name="proposal_status_sub"
            ),
            models.Index(fields=["-decided_at"], name="proposal_decided"),
            models.Index(fields=["reviewer", "status"], name="proposal_reviewer"),
            models.Index(fields=["-submitted_at", "-id"], name="proposal_submitted"),
            # The public list of supported proposals, newest decision first.
            models.Index(
                fields=["status", "-decided_at", "-id"], name="proposal_status_decided"
            ),
            # An NGO's supported proposals on its profile, newest decision
            # first: without it PostgreSQL walked every approved proposal of
            # every NGO (80 ms for the NGO with most of them).
            models.Index(
                fields=["ngo", "-decided_at", "-id"],
                condition=models.Q(status=Status.APPROVED),
                name="proposal_ngo_supported",
            ),
            # What waits for staff, longest first: the admin's front page and
            # its "waiting long" filter. Partial, so that it holds only them.
            models.Index(
                fields=["last_submitted_at"],
                condition=models.Q(status__in=AWAITING_STAFF_STATUSES),
                name="proposal_awaiting_staff",
            ),
            # "Did this reviewer write a proposal of this NGO?", a conflict of
            # interest asked for every score sheet a list shows
            # (proposals.selectors.conflicted): by the index alone.
            models.Index(fields=["created_by", "ngo"], name="proposal_author_ngo"),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}" if self.reference else self.title

    def save(self, *args, **kwargs):
        self.search_key = self.build_search_key()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_key"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return address("proposals:detail", self.pk)

    def get_public_url(self) -> str | None:
        """Where anyone reads this proposal: its card in the public list of
        supported proposals, on the page of that list that holds it. None
        for a proposal the public does not see (the page of
        ``get_absolute_url`` is its NGO's own)."""
        if self.status != Status.APPROVED:
            return None
        url = reverse("proposals:supported")
        anchor = f"#proposal-{self.pk}"
        if self.decided_at is None:
            return url + anchor
        before = (
            Proposal.objects.supported()
            .filter(
                models.Q(decided_at__gt=self.decided_at)
                | models.Q(decided_at=self.decided_at, pk__gt=self.pk)
            )
            .count()
        )
        page = before // PAGE_SIZE + 1
        return (f"{url}?page={page}" if page > 1 else url) + anchor

    def build_search_key(self) -> str:
        """The normalised text that proposal search looks in (see persian.py).

        Bulk writes, which skip ``save()``, store the same key by calling this.
        """
        return search_key(
            self.reference,
            self.title,
            self.summary,
            self.ngo.name if self.ngo_id else "",
        )

    @property
    def was_submitted(self) -> bool:
        """Whether the NGO has submitted it (see ``ProposalQuerySet.seen_by_staff``)."""
        return self.submitted_at is not None

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    def changes_public_pages(self) -> bool:
        """An NGO's unsent draft is its own: saving it stales no cached page."""
        return self.was_submitted


def attachment_path(instance, filename):
    """A generated name: the original name is kept in the database only."""
    extension = PurePath(filename).suffix.lower()
    return f"proposals/{instance.proposal_id}/{uuid.uuid4().hex}{extension}"


class Attachment(models.Model):
    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("proposal"),
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=attachment_path, max_length=200
    )
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    # A file of a proposal once submitted is part of the record: removing it
    # marks it (``proposals.services.remove_attachment``), never deletes it.
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("removed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("proposals:attachment", args=[self.proposal_id, self.pk])


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


class ReferenceSequence(models.Model):
    """The last reference number given in each Jalali year."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("reference sequence")
        verbose_name_plural = _("reference sequences")

    def __str__(self):
        return f"{self.year}: {self.last}"


class LetterSequence(models.Model):
    """The last decision-letter number given in each Jalali year."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("letter sequence")
        verbose_name_plural = _("letter sequences")

    def __str__(self):
        return f"{self.year}: {self.last}"


def new_verification_code() -> str:
    """96 random bits in hexadecimal: a code nobody can guess or count up to."""
    return secrets.token_hex(12)


class DecisionLetter(HistoryEntry):
    """The letter that tells an NGO a decision on its proposal: append-only.

    Issued by ``proposals.services.transition`` in the decision's own
    transaction (``proposals.letters.issue_letter``). Everything the letter
    says is copied into it when it is issued, so that renaming the NGO or
    the call later never changes a letter already sent; the PDF is drawn
    from these fields (``proposals.letter_pdf``). A correction is a new
    letter that ``supersedes`` the old one; both are kept.
    """

    class Kind(models.TextChoices):
        APPROVED = "approved", pgettext_lazy("letter kind", "approval")
        REJECTED = "rejected", pgettext_lazy("letter kind", "rejection")
        CHANGES_REQUESTED = (
            "changes_requested",
            pgettext_lazy("letter kind", "request for changes"),
        )
        WITHDRAWN = "withdrawn", pgettext_lazy("letter kind", "withdrawal by staff")

    number = models.CharField(_("letter number"), max_length=20, unique=True)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("proposal"),
        on_delete=models.PROTECT,
        related_name="letters",
    )
    # The status change the letter announces; a correction has none of its own.
    event = models.ForeignKey(
        ProposalEvent,
        verbose_name=_("event"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="letters",
    )
    kind = models.CharField(_("decision"), max_length=20, choices=Kind.choices)
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="fa"
    )
    ngo_name = models.CharField(_("NGO"), max_length=300)
    ngo_name_en = models.CharField(_("NGO in English"), max_length=300, blank=True)
    reference = models.CharField(_("reference"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=200)
    call_title = models.CharField(_("call"), max_length=200)
    call_title_en = models.CharField(_("call in English"), max_length=200, blank=True)
    reason_code = models.CharField(_("reason"), max_length=30, blank=True)
    reason = models.TextField(_("explanation"), blank=True)
    approved_amount = models.PositiveBigIntegerField(
        _("approved amount (rials)"), null=True, blank=True
    )
    conditions = models.TextField(_("conditions"), blank=True)
    # The meeting decision that approved the proposal, as it stood when the
    # letter was issued (copied, like everything a letter says).
    meeting_title = models.CharField(_("meeting"), max_length=300, blank=True)
    meeting_date = models.DateField(_("date of the meeting"), null=True, blank=True)
    meeting_decision = models.PositiveSmallIntegerField(
        _("number of the meeting's decision"), null=True, blank=True
    )
    objection_due = models.DateField(_("objections until"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decider_name = models.CharField(_("decider's name"), max_length=300)
    decider_position = models.CharField(_("decider's position"), max_length=300)
    decider_position_en = models.CharField(
        _("decider's position in English"), max_length=300, blank=True
    )
    verification_code = models.CharField(
        _("verification code"),
        max_length=32,
        unique=True,
        default=new_verification_code,
        editable=False,
    )
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("corrects the letter"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    correction_reason = models.TextField(_("why it was corrected"), blank=True)

    class Meta:
        verbose_name = _("decision letter")
        verbose_name_plural = _("decision letters")
        ordering = ["issued_at", "pk"]
        indexes = [
            models.Index(fields=["proposal", "issued_at"], name="letter_proposal"),
        ]

    def __str__(self):
        return f"{self.number} · {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("letters:verify", args=[self.verification_code])


class ConflictOfInterest(models.Model):
    """A reviewer's declaration that they must not review an NGO's proposals.

    The conflict is with the NGO: it covers every proposal of the NGO,
    present and future. ``proposal`` is where it was declared.
    ``proposals.selectors.conflicted`` is the one rule of who is conflicted.
    """

    ngo = models.ForeignKey(
        "ngos.NGO",
        verbose_name=_("NGO"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("declared on"),
        on_delete=models.PROTECT,
        related_name="conflicts",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("why"), blank=True)
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(
                fields=["ngo", "reviewer"], name="one_conflict_per_reviewer_and_ngo"
            )
        ]

    def __str__(self):
        return f"{self.reviewer} ↔ {self.ngo}"

    def save(self, *args, **kwargs):
        # Declared on a proposal, the conflict is with the proposal's NGO.
        if self.ngo_id is None and self.proposal_id is not None:
            self.ngo_id = self.proposal.ngo_id
        super().save(*args, **kwargs)


# The default rubric, copied to every new call (``proposals.rubric``): the
# working group's five criteria, equally weighted.
DEFAULT_RUBRIC = (
    {
        "name": "ارتباط با زنان سرپرست خانوار",
        "name_en": "relevance to female-headed households",
        "meanings": (
            "ارتباطی ندارد",
            "ارتباط اندک",
            "تا حدی مرتبط",
            "مرتبط",
            "کاملاً در خدمت زنان سرپرست خانوار",
        ),
        "meanings_en": (
            "not related",
            "barely related",
            "partly related",
            "related",
            "wholly serves female-headed households",
        ),
    },
    {
        "name": "امکان‌پذیری",
        "name_en": "feasibility",
        "meanings": (
            "اجراشدنی نیست",
            "با موانع جدی",
            "با تغییراتی اجراشدنی",
            "اجراشدنی",
            "برنامه‌ای روشن و اجراشدنی",
        ),
        "meanings_en": (
            "cannot be done",
            "serious obstacles",
            "feasible with changes",
            "feasible",
            "a clear, feasible plan",
        ),
    },
    {
        "name": "اثر مورد انتظار",
        "name_en": "expected impact",
        "meanings": ("بی‌اثر", "اثر اندک", "اثر متوسط", "اثر خوب", "اثر چشمگیر"),
        "meanings_en": (
            "no impact",
            "little impact",
            "some impact",
            "good impact",
            "great impact",
        ),
    },
    {
        "name": "صرفه‌ی اقتصادی",
        "name_en": "cost-effectiveness",
        "meanings": (
            "هزینه بسیار بیش از نتیجه",
            "پرهزینه",
            "قابل قبول",
            "به‌صرفه",
            "بسیار به‌صرفه",
        ),
        "meanings_en": (
            "costs far outweigh results",
            "costly",
            "acceptable",
            "good value",
            "excellent value",
        ),
    },
    {
        "name": "توان سازمان",
        "name_en": "the NGO's capacity",
        "meanings": (
            "توانی ندارد",
            "توان اندک",
            "توان متوسط",
            "توانا",
            "کاملاً توانا و باسابقه",
        ),
        "meanings_en": (
            "no capacity",
            "little capacity",
            "some capacity",
            "capable",
            "fully capable, with a record",
        ),
    },
)

SCORE_VALUES = range(1, 6)


class Criterion(models.Model):
    """One criterion of a call's rubric: what reviewers score from 1 to 5,
    what each score means, and its weight in the weighted mean."""

    call = models.ForeignKey(
        Call,
        verbose_name=_("call for proposals"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    name = models.CharField(_("name (Persian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    meaning_1 = models.CharField(_("1 means"), max_length=200)
    meaning_2 = models.CharField(_("2 means"), max_length=200)
    meaning_3 = models.CharField(_("3 means"), max_length=200)
    meaning_4 = models.CharField(_("4 means"), max_length=200)
    meaning_5 = models.CharField(_("5 means"), max_length=200)
    meaning_1_en = models.CharField(_("1 means (English)"), max_length=200, blank=True)
    meaning_2_en = models.CharField(_("2 means (English)"), max_length=200, blank=True)
    meaning_3_en = models.CharField(_("3 means (English)"), max_length=200, blank=True)
    meaning_4_en = models.CharField(_("4 means (English)"), max_length=200, blank=True)
    meaning_5_en = models.CharField(_("5 means (English)"), max_length=200, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, help_text=_("its share in the weighted mean")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["call", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gte=1), name="criterion_weight_positive"
            )
        ]

    def __str__(self):
        return self.display_name()

    def display_name(self) -> str:
        if self.name_en and not is_persian():
            return self.name_en
        return self.name

    def meanings(self) -> list[tuple[int, str]]:
        """Each score with what it means, in the page's language."""
        english = not is_persian()
        return [
            (
                value,
                (english and getattr(self, f"meaning_{value}_en"))
                or getattr(self, f"meaning_{value}"),
            )
            for value in SCORE_VALUES
        ]


class ScoreSheet(models.Model):
    """One reviewer's scores of one proposal, on the working group's rubric."""

    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("proposal"),
        on_delete=models.PROTECT,
        related_name="score_sheets",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    comment = models.TextField(
        _("comment"), help_text=_("what the scores rest on; staff only")
    )
    set_aside_at = models.DateTimeField(
        _("set aside at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "when its reviewer declared a conflict of interest with the NGO: "
            "kept, but not counted"
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "reviewer"], name="one_sheet_per_reviewer"
            ),
        ]

    def __str__(self):
        return f"{self.reviewer} → {self.proposal}"

    @property
    def mean(self) -> float | None:
        """The weighted mean of the sheet's scores: sum(w*v)/sum(w).

        Reads ``scores`` with their criteria; prefetch
        ``scores__criterion`` when reading many sheets."""
        scores = list(self.scores.all())
        weights = sum(score.criterion.weight for score in scores)
        if not weights:
            return None
        return sum(s.criterion.weight * s.value for s in scores) / weights


class Score(models.Model):
    """One reviewer's score of one criterion, on their score sheet."""

    sheet = models.ForeignKey(
        ScoreSheet,
        verbose_name=_("score sheet"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    criterion = models.ForeignKey(
        Criterion,
        verbose_name=_("criterion"),
        on_delete=models.PROTECT,
        related_name="scores",
    )
    value = models.PositiveSmallIntegerField(
        _("score"), choices=[(n, str(n)) for n in SCORE_VALUES]
    )

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["criterion__order", "criterion__pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "criterion"], name="one_score_per_criterion"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=5),
                name="score_1_to_5",
            ),
        ]

    def __str__(self):
        return f"{self.criterion}: {self.value}"


class ScoreSheetVersion(HistoryEntry):
    """A score sheet as it was saved, each time: append-only, so that a
    changed score keeps the earlier one."""

    sheet = models.ForeignKey(
        ScoreSheet,
        verbose_name=_("score sheet"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    # [{"criterion": pk, "name": Persian name, "weight": w, "value": 1..5}]
    scores = models.JSONField(_("scores"))
    comment = models.TextField(_("comment"))

    class Meta:
        verbose_name = _("score sheet version")
        verbose_name_plural = _("score sheet versions")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.sheet} · {format_short_datetime(self.at)}"


class ReviewAssignment(models.Model):
    """A reviewer asked to score a proposal (several per proposal; the
    call says how many). ``Proposal.reviewer`` stays the one in charge."""

    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("proposal"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="review_assignments",
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        ordering = ["assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "reviewer"], name="one_assignment_per_reviewer"
            )
        ]

    def __str__(self):
        return f"{self.reviewer} → {self.proposal}"


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
