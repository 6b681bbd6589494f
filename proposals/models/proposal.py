"""The proposal an NGO sends, its queries, and its reference numbers."""

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.links import address
from core.pagecache import PublicQuerySet
from core.pagination import PAGE_SIZE
from core.persian import search_key, search_terms
from proposals.models.calls import Call, standing_call
from proposals.workflow import AWAITING_STAFF_STATUSES, EDITABLE_STATUSES, Status

# The public list of supported proposals, newest decision first.
SUPPORTED_ORDER = ("-decided_at", "-pk")


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


class ReferenceSequence(models.Model):
    """The last reference number given in each Jalali year."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("reference sequence")
        verbose_name_plural = _("reference sequences")

    def __str__(self):
        return f"{self.year}: {self.last}"
