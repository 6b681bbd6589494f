"""Ministry staff review proposals here: filter, read, score, decide, export.

``ProposalAdmin`` is put together from its parts: ``lists`` (filters,
columns, the export), ``inlines`` (score sheets and history), ``actions``
(the status moves of ``proposals.workflow.PROPOSAL_MOVES``, through the one
confirmation flow of ``core.admin_moves``) and ``review`` (comment, assign,
conflict, score and print pages). The change page is for reading: staff
change a proposal only through those pages, which keep its history.
"""

from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.db.models import (
    BooleanField,
    Case,
    DateTimeField,
    FloatField,
    Prefetch,
    Value,
    When,
)
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin_site import ModelAdmin, jalali_year_filter
from core.filters import JalaliDateRangeFilter
from core.jalali import format_short_datetime
from core.l10n import format_file_size, format_number, localize_digits
from ngos.models import Province
from proposals import supported
from proposals.admin import calls  # noqa: F401  (registers the calls admin)
from proposals.admin.actions import ProposalMovesMixin, conflicted
from proposals.admin.inlines import EventInline, ScoreSheetInline
from proposals.admin.lists import (
    AssignedToMeFilter,
    FocusAreaFilter,
    NGONotVerifiedFilter,
    ProposalListMixin,
    ProvinceFilter,
    StaffStatusFilter,
    WaitingFilter,
    mean_score_subquery,
    ngo_flag,
)
from proposals.admin.presented import PresentedPagesMixin
from proposals.admin.review import ReviewPagesMixin
from proposals.admin.revisions import ProposalRevisionsMixin
from proposals.admin.timeline import ProposalTimelineMixin
from proposals.forms import ProposalForm
from proposals.models import Attachment, ConflictOfInterest, Proposal
from proposals.review import score_summary, scores_hidden
from proposals.workflow import Status

# The proposal as the NGO wrote it: every field of its form, so that a field
# added to the form is shown here without anyone remembering. The amounts
# are shown grouped and in the page's digits.
SHOWN_AS = {"budget_rials": "budget_label", "co_funding_rials": "co_funding_label"}
PROPOSAL_FIELDS = tuple(
    SHOWN_AS.get(name, name) for name in ProposalForm.Meta.fields if name != "title"
)
# Every moment the model records, shown in Jalali by the base class.
DATE_FIELDS = tuple(
    field.name
    for field in Proposal._meta.get_fields()
    if isinstance(field, DateTimeField)
)


@admin.register(Proposal)
class ProposalAdmin(
    ProposalRevisionsMixin,
    PresentedPagesMixin,
    ReviewPagesMixin,
    ProposalTimelineMixin,
    ProposalMovesMixin,
    ProposalListMixin,
    ModelAdmin,
):
    list_display = (
        "reference_label",
        "title",
        "ngo",
        "province_list",
        "status_label",
        "submitted_at",
        "reviewer_name",
        "mean_score",
        "days_waiting",
    )
    # One link a row: each costs a reverse() and, on a filtered list, a
    # resolve() to carry the filters over.
    list_display_links = ("title",)
    list_filter = (
        ("status", StaffStatusFilter),
        FocusAreaFilter,
        ProvinceFilter,
        jalali_year_filter("submitted_at", _("year submitted")),
        ("submitted_at", JalaliDateRangeFilter),
        ("decided_at", JalaliDateRangeFilter),
        AssignedToMeFilter,
        WaitingFilter,
        NGONotVerifiedFilter,
    )
    list_select_related = ("ngo", "reviewer")
    # 25 rows: each row of a changelist costs about 2 ms to render, which
    # at 50 rows put the list over its 300 ms budget (docs/performance.md).
    list_per_page = 25
    show_full_result_count = False
    search_fields = ("title",)  # replaced by the normalised search
    search_help_text = _("Title, NGO or reference number, in any spelling.")
    ordering = ("-submitted_at", "-id")
    inlines = [ScoreSheetInline, EventInline]
    # Besides a bulk action for each status move (core.admin_moves).
    actions = ["bulk_assign", "bulk_comment"]
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "reference",
                    "title",
                    "ngo",
                    "status_label",
                    "reviewer_name",
                    "review_summary",
                    "attachment_links",
                    "approved_amount_label",
                    "approved_in",
                    "letter_links",
                )
            },
        ),
        (
            _("The proposal"),
            {"fields": (*PROPOSAL_FIELDS, "presented_at_agenda_item")},
        ),
        (_("Dates"), {"fields": DATE_FIELDS}),
    )
    readonly_fields = flatten_fieldsets(fieldsets)

    def get_queryset(self, request):
        # Built once a request and cloned after: the changelist and its year
        # filter both ask, and building it (the score annotations) costs a
        # few milliseconds where a clone costs a few microseconds.
        listing = getattr(request, "_proposal_list", False)
        key = f"_proposal_queryset_{listing}"
        built = request.__dict__.get(key)
        if built is None:
            built = request.__dict__[key] = self._staff_queryset(request, listing)
        return built.all()

    def get_changelist_instance(self, request):
        # The list (and its export) shows, sorts by and exports the mean
        # score; the change page and the review pages do not, and computing
        # it for them (its subquery asks four conflict-of-interest questions
        # of every sheet) cost them milliseconds.
        request._proposal_list = True
        return super().get_changelist_instance(request)

    def _staff_queryset(self, request, listing: bool):
        # Staff see what NGOs have sent; a draft stays the NGO's own until it
        # is submitted for the first time. Every review page and move reads
        # its proposal through this (``get_object``).
        hidden = scores_hidden(request.user)
        queryset = (
            super()
            .get_queryset(request)
            .seen_by_staff()
            .select_related("ngo", "call", "reviewer")
            .annotate(
                scores_hidden=Case(
                    When(hidden, then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                )
            )
            .prefetch_related(Prefetch("provinces", queryset=Province.objects.all()))
        )
        if listing:
            # Hidden scores are neither shown, exported nor sorted by.
            queryset = queryset.annotate(
                score_mean=Case(
                    When(scores_hidden=True, then=Value(None)),
                    default=mean_score_subquery(),
                    output_field=FloatField(),
                )
            )
        return queryset

    def get_object(self, request, object_id, from_field=None):
        # The change page reads the proposal for its buttons, then Django's
        # own view reads it again: once a request is enough.
        read = request.__dict__.setdefault("_proposals_read", {})
        key = (object_id, from_field)
        if key not in read:
            read[key] = super().get_object(request, object_id, from_field)
        return read[key]

    def view_on_site(self, obj):
        # "View on site" only where the site shows the proposal to staff too
        # (the page of ``get_absolute_url`` is the NGO's own and answers
        # 404): a supported proposal's own public page (its plan's, from
        # delivery), which also spares the change page the count of every
        # proposal supported after it that finding its card in the list
        # takes (``Proposal.get_public_url``).
        if obj.status != Status.APPROVED:
            return None
        return supported.page_url(obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # The page is for reading; every change goes through the pages above.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        proposal = self.get_object(request, object_id)
        if proposal is not None:
            extra_context["review_links"] = self.review_links(request, proposal)
            extra_context["conflicted"] = conflicted(request, proposal)
            extra_context["ngo_flag"] = ngo_flag(proposal)
        return super().change_view(request, object_id, form_url, extra_context)

    # The change page's fields ---------------------------------------------------

    @admin.display(description=_("budget requested (rials)"))
    def budget_label(self, obj):
        return format_number(obj.budget_rials) or "—"

    @admin.display(description=_("co-funding (rials)"))
    def co_funding_label(self, obj):
        return format_number(obj.co_funding_rials) or "—"

    @admin.display(description=_("approved amount (rials)"))
    def approved_amount_label(self, obj):
        return format_number(obj.approved_amount) or "—"

    @admin.display(description=_("decision letters"))
    def letter_links(self, obj):
        letters = obj.letters.select_related("superseded_by")
        if not letters:
            return "—"
        return format_html(
            "<ul class='letter-links'>{}</ul>",
            format_html_join(
                "",
                "<li><bdi>{}</bdi> · {} · {}{} — "
                "<a href='{}?lang=fa' lang='fa'>PDF فارسی</a> · "
                "<a href='{}?lang=en' lang='en'>PDF in English</a> · "
                "<a href='{}'>{}</a></li>",
                (
                    (
                        localize_digits(letter.number),
                        letter.get_kind_display(),
                        format_short_datetime(letter.issued_at),
                        format_html(
                            " ({})",
                            gettext("corrected by letter %(number)s")
                            % {"number": localize_digits(letter.superseded_by.number)},
                        )
                        if hasattr(letter, "superseded_by")
                        else "",
                        reverse("proposals:letter", args=[obj.pk, letter.pk]),
                        reverse("proposals:letter", args=[obj.pk, letter.pk]),
                        letter.get_absolute_url(),
                        gettext("check page"),
                    )
                    for letter in letters
                ),
            ),
        )

    @admin.display(description=_("attachments"))
    def attachment_links(self, obj):
        attachments = obj.attachments.all()
        if not attachments:
            return "—"
        return format_html(
            "<ul class='attachment-links'>{}</ul>",
            format_html_join(
                "",
                # The name and the size are isolated from each other and
                # from the page: a Persian name ending in ".pdf" next to a
                # size in parentheses otherwise reads scrambled.
                "<li{}><a href='{}'><bdi>{}</bdi></a> "
                "<span class='attachment-size'>(<bdi>{}</bdi>)</span>{}</li>",
                (
                    (
                        mark_safe(" class='attachment-removed'")  # noqa: S308
                        if a.removed_at
                        else "",
                        a.get_absolute_url(),
                        a.original_name,
                        format_file_size(a.size),
                        format_html(
                            " — {} {}",
                            gettext("removed by the NGO on"),
                            format_short_datetime(a.removed_at),
                        )
                        if a.removed_at
                        else "",
                    )
                    for a in attachments
                ),
            ),
        )

    @admin.display(description=_("scores"))
    def review_summary(self, obj):
        if getattr(obj, "scores_hidden", False):
            return gettext("The other reviewers' scores show once yours is in.")
        summary = score_summary(obj.score_sheets.prefetch_related("scores__criterion"))
        if not summary["count"]:
            return gettext("No score sheet yet.")
        return gettext(
            "%(count)s sheets; mean %(mean)s, spread (standard deviation) "
            "%(spread)s, from %(lowest)s to %(highest)s."
        ) % {
            "count": localize_digits(summary["count"]),
            "mean": format_number(summary["mean"], decimal_places=2),
            "spread": format_number(summary["spread"], decimal_places=2),
            "lowest": format_number(summary["lowest"], decimal_places=2),
            "highest": format_number(summary["highest"], decimal_places=2),
        }


# Read-only records: every field shown, none changed here -------------------------


def shown_fields(model, *, hidden=()):
    """Every concrete field of ``model`` but its key and ``hidden``."""
    return tuple(
        field.name
        for field in model._meta.fields
        if not field.primary_key and field.name not in hidden
    )


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(ModelAdmin):
    list_display = ("ngo", "reviewer", "proposal", "declared_at")
    list_select_related = ("ngo", "proposal", "reviewer")
    readonly_fields = shown_fields(ConflictOfInterest)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(proposal__in=Proposal.objects.seen_by_staff())
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Attachment)
class AttachmentAdmin(ModelAdmin):
    """Listed for audits; files are downloaded through the checked view."""

    list_display = ("original_name", "proposal", "size", "uploaded_at")
    list_select_related = ("proposal",)
    # The stored file has a generated name and no URL; its checksum is for us.
    readonly_fields = fields = shown_fields(Attachment, hidden=("file", "sha256"))

    def get_queryset(self, request):
        # A draft's files are the NGO's own, like the draft.
        return (
            super()
            .get_queryset(request)
            .filter(proposal__in=Proposal.objects.seen_by_staff())
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
