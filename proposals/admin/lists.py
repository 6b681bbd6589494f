"""The proposal list in the admin: its filters, its columns and its export.

The export's columns are the NGO's form fields (``ProposalForm``) between
who sent the proposal and how it was reviewed, so a field added to the form
is exported without anyone remembering.
"""

import datetime
import functools

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core import audit
from core.exports import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    csv_bytes,
    download,
    xlsx_bytes,
)
from core.jalali import format_short_date
from core.l10n import format_number, is_persian, join_list, localize_digits
from ngos import reference
from ngos.models import NGO
from proposals.forms import ProposalForm
from proposals.models import (
    Proposal,
    ProposalEvent,
    ReviewAssignment,
    Score,
    ScoreSheet,
)
from proposals.selectors import conflicted
from proposals.workflow import (
    AWAITING_STAFF_STATUSES,
    DECIDED_STATUSES,
    REJECTION_REASONS,
    SCORING_STATUSES,
    TERMINAL_STATUSES,
    Status,
)

WAITING_LONG_DAYS = 30


def sheet_mean_subquery():
    """Each score sheet's weighted mean: sum(weight * score) / sum(weight)."""
    return Subquery(
        Score.objects.filter(sheet=OuterRef("pk"))
        .values("sheet")
        .annotate(
            mean=Cast(Sum(F("criterion__weight") * F("value")), FloatField())
            / Cast(Sum("criterion__weight"), FloatField())
        )
        .values("mean")[:1],
        output_field=FloatField(),
    )


@functools.cache
def mean_score_subquery():
    """Each proposal's mean score: the average of its sheets' weighted means
    (sheets set aside, and those of reviewers with a conflict of interest
    with the NGO, do not count: ``proposals.review.counted_sheets``).

    Built once a process: building its three nested querysets cost every
    proposals list 1.3 ms, and a query that uses it resolves a copy
    (``annotate`` never changes the expression it is given).
    """
    return Subquery(
        ScoreSheet.objects.filter(proposal=OuterRef("pk"), set_aside_at__isnull=True)
        .exclude(conflicted(OuterRef(OuterRef("ngo_id")), "reviewer"))
        .annotate(sheet_mean=sheet_mean_subquery())
        .values("proposal")
        .annotate(mean=Avg("sheet_mean"))
        .values("mean")[:1],
        output_field=FloatField(),
    )


def ngo_flag(proposal) -> str:
    """Why an open proposal's NGO stands in the way of approving it: its
    status when it is not verified (pending, suspended, rejected); "" when
    it is verified or the proposal is decided or withdrawn. Computed from
    the NGO's status, so suspending an NGO flags every open proposal."""
    if proposal.status in TERMINAL_STATUSES:
        return ""
    if proposal.ngo.status == NGO.Status.VERIFIED:
        return ""
    return _("NGO not verified: %(status)s") % {
        "status": NGO.Status(proposal.ngo.status).label
    }


# Filters ------------------------------------------------------------------------


class NGONotVerifiedFilter(admin.SimpleListFilter):
    """Open proposals whose NGO is not verified: none of them can be approved."""

    title = _("NGO")
    parameter_name = "ngo_standing"

    def lookups(self, request, model_admin):
        return [("unverified", _("NGO not verified"))]

    def queryset(self, request, queryset):
        if self.value() == "unverified":
            return queryset.exclude(status__in=TERMINAL_STATUSES).exclude(
                ngo__status=NGO.Status.VERIFIED
            )
        return queryset


class StaffStatusFilter(admin.ChoicesFieldListFilter):
    """The statuses staff can find: a draft is the NGO's own until it is
    first submitted (``seen_by_staff``), so "draft" would open an empty list."""

    def choices(self, changelist):
        drafts = changelist.get_query_string(
            {self.lookup_kwarg: Status.DRAFT}, [self.lookup_kwarg_isnull]
        )
        for choice in super().choices(changelist):
            if choice["query_string"] != drafts:
                yield choice


def resubmitted(proposal) -> bool:
    """Whether ``proposal`` came back after a request for changes and waits
    for the staff again: reviewers see what changed and score it again."""
    return bool(
        proposal.status in AWAITING_STAFF_STATUSES
        and proposal.submitted_at
        and proposal.last_submitted_at
        and proposal.last_submitted_at > proposal.submitted_at
    )


class AssignedToMeFilter(admin.SimpleListFilter):
    title = _("assigned")
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [
            ("me", _("to me")),
            ("score", _("awaiting my score")),
            ("nobody", _("to nobody")),
        ]

    def queryset(self, request, queryset):
        mine = Exists(
            ReviewAssignment.objects.filter(
                proposal=OuterRef("pk"), reviewer=request.user
            )
        )
        if self.value() == "me":
            return queryset.filter(Q(reviewer=request.user) | mine)
        if self.value() == "score":
            # The reviewer's queue: assigned, scorable, and no sheet of theirs
            # since it was last submitted (a resubmission is scored again).
            return queryset.filter(mine, status__in=SCORING_STATUSES).exclude(
                Exists(
                    ScoreSheet.objects.filter(
                        proposal=OuterRef("pk"),
                        reviewer=request.user,
                        updated_at__gte=Coalesce(
                            OuterRef("last_submitted_at"), OuterRef("submitted_at")
                        ),
                    )
                )
            )
        if self.value() == "nobody":
            return queryset.filter(reviewer__isnull=True).exclude(
                Exists(ReviewAssignment.objects.filter(proposal=OuterRef("pk")))
            )
        return queryset


class WaitingFilter(admin.SimpleListFilter):
    title = _("waiting")
    parameter_name = "waiting"

    def lookups(self, request, model_admin):
        return [
            (
                "long",
                _("over %(days)s days") % {"days": localize_digits(WAITING_LONG_DAYS)},
            )
        ]

    def queryset(self, request, queryset):
        if self.value() == "long":
            since = timezone.now() - datetime.timedelta(days=WAITING_LONG_DAYS)
            return queryset.filter(
                status__in=AWAITING_STAFF_STATUSES, last_submitted_at__lt=since
            )
        return queryset


class FocusAreaFilter(admin.SimpleListFilter):
    title = _("focus area")
    parameter_name = "focus"

    def lookups(self, request, model_admin):
        return [(area.code, area.name) for area in reference.focus_areas()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(focus_areas__code=self.value())
        return queryset


class ProvinceFilter(admin.SimpleListFilter):
    title = _("province")
    parameter_name = "province"

    def lookups(self, request, model_admin):
        from ngos.forms import provinces_in_language_order

        return [(p.code, p.name) for p in provinces_in_language_order()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(provinces__code=self.value())
        return queryset


# The export's columns -------------------------------------------------------------

# The fields the NGO writes, title first (it leads the export).
FORM_FIELDS = [
    Proposal._meta.get_field(name)
    for name in ("title", *(n for n in ProposalForm.Meta.fields if n != "title"))
]


def field_column(field):
    """``(heading, value)`` of a model field: lists joined, empty for none."""
    name = field.name
    if field.many_to_many:
        return field.verbose_name, lambda p: join_list(getattr(p, name).all())
    if field.many_to_one:
        return field.verbose_name, lambda p: str(getattr(p, name) or "")

    def value(proposal):
        found = getattr(proposal, name)
        return "" if found is None else found

    return field.verbose_name, value


def date_column(name):
    field = Proposal._meta.get_field(name)
    return field.verbose_name, lambda p: format_short_date(getattr(p, name))


EXPORT_COLUMNS = (
    field_column(Proposal._meta.get_field("reference")),
    field_column(FORM_FIELDS[0]),
    field_column(Proposal._meta.get_field("ngo")),
    *(field_column(field) for field in FORM_FIELDS[1:]),
    (_("status"), lambda p: p.get_status_display()),
    date_column("submitted_at"),
    date_column("decided_at"),
    (_("reviewer"), lambda p: p.reviewer.get_full_name() if p.reviewer else ""),
    (_("mean score"), lambda p: round(p.score_mean, 2) if p.score_mean else ""),
    (_("score sheets"), lambda p: p.sheet_count),
    (_("decision"), lambda p: p.decision_text),
)
# What the columns read beyond the proposal's row, fetched once for all rows.
EXPORT_RELATED = ["ngo", "reviewer", *(f.name for f in FORM_FIELDS if f.many_to_one)]
EXPORT_PREFETCHED = [f.name for f in FORM_FIELDS if f.many_to_many]


def _with_decision(proposal):
    event = proposal.decision_events[0] if proposal.decision_events else None
    if event is None:
        proposal.decision_text = ""
    else:
        reason = REJECTION_REASONS.get(event.reason_code, "")
        parts = [event.get_to_status_display(), str(reason), event.comment]
        proposal.decision_text = " — ".join(part for part in parts if part)
    return proposal


# "Days waiting" sorted as shown: the fewest days first is the latest
# submission first, and the proposals not waiting on staff ("—") come before
# any number (after every number when sorted the other way).
WAITING_ORDER = Case(
    When(status__in=AWAITING_STAFF_STATUSES, then=F("last_submitted_at"))
).desc(nulls_first=True)


class ProposalListMixin:
    """The list's columns, search and export, for ``ProposalAdmin``."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "export.<str:file_format>",
                self.admin_site.admin_view(self.export_view),
                name="{}_{}_export".format(*info),
            ),
            *super().get_urls(),
        ]

    def get_search_results(self, request, queryset, search_term):
        return queryset.search(search_term), False

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        extra_context["can_export"] = request.user.has_perm("proposals.export_proposal")
        return super().changelist_view(request, extra_context)

    # Columns ----------------------------------------------------------------------

    @admin.display(description=_("reference"), ordering="reference")
    def reference_label(self, obj):
        return localize_digits(obj.reference) if obj.reference else "—"

    @admin.display(description=_("provinces"))
    def province_list(self, obj):
        return join_list(obj.provinces.all())

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, obj):
        badge = format_html(
            '<span class="status-badge status-{}">{}</span>',
            obj.status,
            obj.get_status_display(),
        )
        if (
            obj.response_due_at
            and obj.last_submitted_at
            and obj.last_submitted_at > obj.response_due_at
            and obj.status not in TERMINAL_STATUSES
        ):
            badge += format_html(
                ' <span class="status-badge answered-late">{}</span>',
                _("answered after its deadline"),
            )
        if resubmitted(obj):
            badge += format_html(
                ' <a class="status-badge resubmitted" href="{}">{}</a>',
                reverse("admin:proposals_proposal_changes", args=[obj.pk]),
                _("resubmitted — re-score"),
            )
        flag = ngo_flag(obj)
        if flag:
            badge += format_html(
                ' <span class="status-badge ngo-not-verified">{}</span>', flag
            )
        return badge

    @admin.display(description=_("reviewer"), ordering="reviewer__first_name")
    def reviewer_name(self, obj):
        if obj.reviewer is None:
            return "—"
        return obj.reviewer.get_full_name() or obj.reviewer.get_username()

    @admin.display(description=_("mean score"), ordering="score_mean")
    def mean_score(self, obj):
        if getattr(obj, "score_mean", None) is None:
            return "—"
        return format_number(obj.score_mean, decimal_places=1)

    @admin.display(description=_("days waiting"), ordering=WAITING_ORDER)
    def days_waiting(self, obj):
        if obj.status not in AWAITING_STAFF_STATUSES or not obj.last_submitted_at:
            return "—"
        days = (timezone.now() - obj.last_submitted_at).days
        label = localize_digits(days)
        if days > WAITING_LONG_DAYS:
            return format_html('<strong class="waiting-long">{}</strong>', label)
        return label

    # Export -----------------------------------------------------------------------

    def export_view(self, request, file_format):
        """The changelist as filtered and searched, with scores and decisions."""
        if not request.user.has_perm("proposals.export_proposal"):
            raise PermissionDenied
        if file_format not in ("csv", "xlsx"):
            raise PermissionDenied
        changelist = self.get_changelist_instance(request)
        audit.log(
            "export",
            what="proposals",
            format=file_format,
            query=request.GET.urlencode(),
        )
        decisions = ProposalEvent.objects.filter(
            kind=ProposalEvent.Kind.STATUS, to_status__in=DECIDED_STATUSES
        ).order_by("-at")
        proposals = (
            changelist.get_queryset(request)
            .select_related(*EXPORT_RELATED)
            .prefetch_related(
                *EXPORT_PREFETCHED,
                Prefetch("events", queryset=decisions, to_attr="decision_events"),
            )
            .annotate(sheet_count=Count("score_sheets", distinct=True))
        )
        header = [str(title) for title, _value in EXPORT_COLUMNS]
        rows = (
            [value(p) for _title, value in EXPORT_COLUMNS]
            for p in map(_with_decision, proposals)
        )
        filename = f"proposals.{file_format}"
        if file_format == "csv":
            return download(
                csv_bytes(header, rows),
                filename=filename,
                content_type=CSV_CONTENT_TYPE,
            )
        content = xlsx_bytes(
            header,
            rows,
            sheet_title=str(Proposal._meta.verbose_name_plural),
            rtl=is_persian(),
        )
        return download(content, filename=filename, content_type=XLSX_CONTENT_TYPE)
