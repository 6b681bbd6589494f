"""Ministry staff review proposals here: filter, read, score, decide, export."""

import datetime

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, F, FloatField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Cast
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core import audit
from core.admin_site import ModelAdmin, TabularInline, jalali_year_filter
from core.exports import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    csv_bytes,
    download,
    xlsx_bytes,
)
from core.jalali import format_short_date, format_short_datetime
from core.persian import format_number, is_persian, localize_digits
from ngos.models import FocusArea, Province
from proposals import review, services
from proposals.models import (
    AWAITING_STAFF_STATUSES,
    Attachment,
    ConflictOfInterest,
    Proposal,
    ProposalEvent,
    ScoreSheet,
    Status,
)

WAITING_LONG_DAYS = 30


def mean_score_subquery():
    """Each proposal's mean score: the average of its sheets' means."""
    total = (
        F("relevance")
        + F("feasibility")
        + F("impact")
        + F("cost_effectiveness")
        + F("capacity")
    )
    return Subquery(
        ScoreSheet.objects.filter(proposal=OuterRef("pk"))
        .values("proposal")
        .annotate(mean=Avg(Cast(total, FloatField()) / len(ScoreSheet.CRITERIA)))
        .values("mean")[:1],
        output_field=FloatField(),
    )


class AssignedToMeFilter(admin.SimpleListFilter):
    title = _("assigned")
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("me", _("to me")), ("nobody", _("to nobody"))]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(reviewer=request.user)
        if self.value() == "nobody":
            return queryset.filter(reviewer__isnull=True)
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
        return [(area.code, area.name) for area in FocusArea.objects.all()]

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


class EventInline(TabularInline):
    """The proposal's history: read-only, never added to or deleted here."""

    model = ProposalEvent
    extra = 0
    can_delete = False
    fields = (
        "when",
        "kind",
        "transition",
        "actor",
        "visibility",
        "comment",
        "assignee",
    )
    readonly_fields = fields
    verbose_name_plural = _("history")

    @admin.display(description=_("at"))
    def when(self, obj):
        return format_short_datetime(obj.at)

    @admin.display(description=_("status"))
    def transition(self, obj):
        if not obj.to_status:
            return ""
        return f"{obj.get_from_status_display()} → {obj.get_to_status_display()}"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor", "assignee")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ScoreSheetInline(TabularInline):
    model = ScoreSheet
    extra = 0
    can_delete = False
    fields = ("reviewer", *ScoreSheet.CRITERIA, "sheet_mean", "comment")
    readonly_fields = fields
    verbose_name_plural = _("score sheets")

    @admin.display(description=_("mean"))
    def sheet_mean(self, obj):
        return format_number(obj.mean, decimal_places=2)

    def get_queryset(self, request):
        # Each row shows the sheet's name, which names its proposal too.
        return super().get_queryset(request).select_related("reviewer", "proposal")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Proposal)
class ProposalAdmin(ModelAdmin):
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
        "status",
        FocusAreaFilter,
        ProvinceFilter,
        jalali_year_filter("submitted_at", _("year submitted")),
        AssignedToMeFilter,
        WaitingFilter,
    )
    list_select_related = ("ngo", "reviewer")
    # 25 rows: each row of a changelist costs about 2 ms to render, which
    # at 50 rows put the list over its 300 ms budget (docs/performance.md).
    list_per_page = 25
    show_full_result_count = False
    search_fields = ("title",)  # replaced by the normalised search below
    search_help_text = _("Title, NGO or reference number, in any spelling.")
    ordering = ("-submitted_at", "-id")
    inlines = [ScoreSheetInline, EventInline]
    actions = [
        "bulk_start_review",
        "bulk_request_changes",
        "bulk_approve",
        "bulk_reject",
        "bulk_assign",
        "bulk_comment",
    ]
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
                )
            },
        ),
        (
            _("The proposal"),
            {
                "fields": (
                    "summary",
                    "problem",
                    "solution",
                    "executive_plan",
                    "target_group",
                    "beneficiaries",
                    "provinces",
                    "focus_areas",
                    "duration_months",
                    "budget_label",
                    "co_funding_label",
                )
            },
        ),
        (
            _("Dates"),
            {
                "fields": (
                    "created_label",
                    "submitted_label",
                    "last_submitted_label",
                    "decided_label",
                )
            },
        ),
    )

    def get_queryset(self, request):
        # Staff see what NGOs have sent; a draft stays the NGO's own until it
        # is submitted for the first time.
        return (
            super()
            .get_queryset(request)
            .filter(submitted_at__isnull=False)
            .annotate(score_mean=mean_score_subquery())
            .prefetch_related(Prefetch("provinces", queryset=Province.objects.all()))
        )

    def get_object(self, request, object_id, from_field=None):
        # The change page reads the proposal for its review actions, then
        # Django's own view reads it again: once a request is enough.
        read = request.__dict__.setdefault("_proposals_read", {})
        key = (object_id, from_field)
        if key not in read:
            read[key] = super().get_object(request, object_id, from_field)
        return read[key]

    def get_search_results(self, request, queryset, search_term):
        return queryset.search(search_term), False

    def get_readonly_fields(self, request, obj=None):
        # Staff read the NGO's proposal; they change it only through the
        # review actions, which keep the history.
        return [
            "reference",
            "title",
            "ngo",
            "status_label",
            "reviewer_name",
            "review_summary",
            "attachment_links",
            "summary",
            "problem",
            "solution",
            "executive_plan",
            "target_group",
            "beneficiaries",
            "provinces",
            "focus_areas",
            "duration_months",
            "budget_label",
            "co_funding_label",
            "created_label",
            "submitted_label",
            "last_submitted_label",
            "decided_label",
        ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # The page is for reading; every change goes through a review action.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    # Columns --------------------------------------------------------------------

    @admin.display(description=_("reference"), ordering="reference")
    def reference_label(self, obj):
        return localize_digits(obj.reference) if obj.reference else "—"

    @admin.display(description=_("provinces"))
    def province_list(self, obj):
        return (
            "، ".join(p.name for p in obj.provinces.all())
            if is_persian()
            else ", ".join(p.name for p in obj.provinces.all())
        )

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, obj):
        return format_html(
            '<span class="status-badge status-{}">{}</span>',
            obj.status,
            obj.get_status_display(),
        )

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

    @admin.display(description=_("days waiting"), ordering="last_submitted_at")
    def days_waiting(self, obj):
        if obj.status not in AWAITING_STAFF_STATUSES or not obj.last_submitted_at:
            return "—"
        days = (timezone.now() - obj.last_submitted_at).days
        label = localize_digits(days)
        if days > WAITING_LONG_DAYS:
            return format_html('<strong class="waiting-long">{}</strong>', label)
        return label

    @admin.display(description=_("budget requested (rials)"))
    def budget_label(self, obj):
        return format_number(obj.budget_rials) or "—"

    @admin.display(description=_("co-funding (rials)"))
    def co_funding_label(self, obj):
        amount = format_number(obj.co_funding_rials) or "—"
        return (
            f"{amount} ({obj.co_funding_source})" if obj.co_funding_source else amount
        )

    @admin.display(description=_("created at"))
    def created_label(self, obj):
        return format_short_datetime(obj.created_at)

    @admin.display(description=_("first submitted"))
    def submitted_label(self, obj):
        return format_short_datetime(obj.submitted_at) or "—"

    @admin.display(description=_("last submitted"))
    def last_submitted_label(self, obj):
        return format_short_datetime(obj.last_submitted_at) or "—"

    @admin.display(description=_("decided at"))
    def decided_label(self, obj):
        return format_short_datetime(obj.decided_at) or "—"

    @admin.display(description=_("attachments"))
    def attachment_links(self, obj):
        attachments = obj.attachments.all()
        if not attachments:
            return "—"
        return format_html(
            "<ul class='attachment-links'>{}</ul>",
            format_html_join(
                "",
                "<li><a href='{}'>{}</a> ({} KB)</li>",
                (
                    (
                        a.get_absolute_url(),
                        a.original_name,
                        localize_digits(a.size // 1024 or 1),
                    )
                    for a in attachments
                ),
            ),
        )

    @admin.display(description=_("scores"))
    def review_summary(self, obj):
        summary = services.score_summary(obj.score_sheets.all())
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

    # Pages ------------------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<int:pk>/act/<str:action>/",
                self.admin_site.admin_view(self.action_view),
                name="{}_{}_act".format(*info),
            ),
            path(
                "<int:pk>/print/",
                self.admin_site.admin_view(self.print_view),
                name="{}_{}_print".format(*info),
            ),
            path(
                "<int:pk>/score/",
                self.admin_site.admin_view(self.score_view),
                name="{}_{}_score".format(*info),
            ),
            path(
                "export.<str:file_format>",
                self.admin_site.admin_view(self.export_view),
                name="{}_{}_export".format(*info),
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        extra_context["can_export"] = request.user.has_perm("proposals.export_proposal")
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        proposal = self.get_object(request, object_id)
        if proposal is not None:
            extra_context["review_actions"] = review.available(proposal, request.user)
            conflicted = services.has_conflict(proposal, request.user)
            extra_context["can_score"] = (
                proposal.status == Status.UNDER_REVIEW
                and request.user.has_perm("proposals.review_proposal")
                and not conflicted
            )
            extra_context["conflicted"] = conflicted
        return super().change_view(request, object_id, form_url, extra_context)

    def action_view(self, request, pk, action):
        get_object_or_404(Proposal, pk=pk)
        return self._act(request, Proposal.objects.filter(pk=pk), action)

    def _act(self, request, queryset, action_name):
        """One review action on one or many proposals.

        GET, or the first POST from the list's action menu, shows the form;
        a POST with ``apply`` carries it out through the services, proposal
        by proposal, and reports what was done and what was refused.
        """
        action = review.ACTIONS.get(action_name)
        if action is None:
            raise PermissionDenied
        if not request.user.has_perm(action.permission):
            raise PermissionDenied
        proposals = list(queryset.select_related("ngo", "reviewer"))
        form = action.form_class(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            done, refused = 0, []
            for proposal in proposals:
                try:
                    review.apply(
                        action,
                        proposal=proposal,
                        user=request.user,
                        data=form.cleaned_data,
                    )
                    done += 1
                except services.TransitionError as error:
                    refused.append((proposal, " ".join(error.messages)))
                except PermissionDenied:
                    refused.append((proposal, gettext("You may not do this.")))
            if done:
                self.message_user(
                    request,
                    ngettext(
                        "%(action)s: done for %(count)s proposal.",
                        "%(action)s: done for %(count)s proposals.",
                        done,
                    )
                    % {"action": action.label, "count": localize_digits(done)},
                    messages.SUCCESS,
                )
            for proposal, message in refused:
                self.message_user(request, f"{proposal}: {message}", messages.ERROR)
            if len(proposals) == 1 and refused and not done:
                form.add_error(None, refused[0][1])
            elif len(proposals) == 1:
                return HttpResponseRedirect(
                    reverse("admin:proposals_proposal_change", args=[proposals[0].pk])
                )
            else:
                return HttpResponseRedirect(
                    reverse("admin:proposals_proposal_changelist")
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": action.label,
            "action": action,
            "proposals": proposals,
            "form": form,
        }
        return TemplateResponse(request, "admin/proposals/proposal/act.html", context)

    @admin.action(description=_("Start review"), permissions=["review"])
    def bulk_start_review(self, request, queryset):
        return self._act(request, queryset, "start_review")

    @admin.action(description=_("Request changes"), permissions=["review"])
    def bulk_request_changes(self, request, queryset):
        return self._act(request, queryset, "request_changes")

    @admin.action(description=_("Approve"), permissions=["decide"])
    def bulk_approve(self, request, queryset):
        return self._act(request, queryset, "approve")

    @admin.action(description=_("Reject"), permissions=["decide"])
    def bulk_reject(self, request, queryset):
        return self._act(request, queryset, "reject")

    @admin.action(description=_("Assign a reviewer"), permissions=["assign"])
    def bulk_assign(self, request, queryset):
        return self._act(request, queryset, "assign")

    @admin.action(description=_("Comment"), permissions=["review"])
    def bulk_comment(self, request, queryset):
        return self._act(request, queryset, "comment")

    def has_review_permission(self, request):
        return request.user.has_perm("proposals.review_proposal")

    def has_decide_permission(self, request):
        return request.user.has_perm("proposals.decide_proposal")

    def has_assign_permission(self, request):
        return request.user.has_perm("proposals.assign_proposal")

    def score_view(self, request, pk):
        proposal = get_object_or_404(Proposal, pk=pk)
        if not request.user.has_perm("proposals.review_proposal"):
            raise PermissionDenied
        sheet = ScoreSheet.objects.filter(
            proposal=proposal, reviewer=request.user
        ).first()
        form = review.ScoreForm(request.POST or None, instance=sheet)
        if request.method == "POST" and form.is_valid():
            try:
                services.score_proposal(
                    proposal=proposal,
                    reviewer=request.user,
                    scores={
                        name: form.cleaned_data[name] for name in ScoreSheet.CRITERIA
                    },
                    comment=form.cleaned_data["comment"],
                )
            except services.TransitionError as error:
                form.add_error(None, " ".join(error.messages))
            else:
                self.message_user(
                    request, gettext("Your scores are saved."), messages.SUCCESS
                )
                return HttpResponseRedirect(
                    reverse("admin:proposals_proposal_change", args=[proposal.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Score the proposal"),
            "proposals": [proposal],
            "form": form,
            "action": None,
        }
        return TemplateResponse(request, "admin/proposals/proposal/act.html", context)

    def print_view(self, request, pk):
        """The proposal on paper for the review meeting: the proposal, its
        scores and its whole history (internal comments included: the paper
        is for staff)."""
        proposal = get_object_or_404(
            self.get_queryset(request)
            .select_related("ngo__province", "reviewer", "presented_at_meeting")
            .prefetch_related("focus_areas", "attachments"),
            pk=pk,
        )
        if not self.has_view_permission(request, proposal):
            raise PermissionDenied
        sheets = list(proposal.score_sheets.select_related("reviewer"))
        context = {
            **self.admin_site.each_context(request),
            "proposal": proposal,
            "sheets": sheets,
            "summary": services.score_summary(sheets),
            "criteria": review.criteria_means(sheets),
            "events": proposal.events.select_related("actor", "assignee"),
            "reasons": services.REJECTION_REASONS,
            "printed_at": timezone.now(),
        }
        return TemplateResponse(request, "admin/proposals/proposal/print.html", context)

    # Export -------------------------------------------------------------------------

    EXPORT_COLUMNS = (
        (_("reference"), lambda p: p.reference or ""),
        (_("title"), lambda p: p.title),
        (_("NGO"), lambda p: p.ngo.name),
        (_("provinces"), lambda p: "، ".join(x.name for x in p.provinces.all())),
        (_("focus areas"), lambda p: "، ".join(x.name for x in p.focus_areas.all())),
        (_("status"), lambda p: p.get_status_display()),
        (_("first submitted"), lambda p: format_short_date(p.submitted_at)),
        (_("decided at"), lambda p: format_short_date(p.decided_at)),
        (_("reviewer"), lambda p: p.reviewer.get_full_name() if p.reviewer else ""),
        (_("mean score"), lambda p: round(p.score_mean, 2) if p.score_mean else ""),
        (_("score sheets"), lambda p: p.sheet_count),
        (_("budget requested (rials)"), lambda p: p.budget_rials),
        (_("beneficiaries"), lambda p: p.beneficiaries),
        (_("decision"), lambda p: p.decision_text),
    )

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
            kind=ProposalEvent.Kind.STATUS,
            to_status__in=(Status.APPROVED, Status.REJECTED),
        ).order_by("-at")
        proposals = (
            changelist.get_queryset(request)
            .select_related("ngo", "reviewer")
            .prefetch_related(
                "focus_areas",
                Prefetch("events", queryset=decisions, to_attr="decision_events"),
            )
            .annotate(sheet_count=Count("score_sheets", distinct=True))
        )
        header = [str(title) for title, _value in self.EXPORT_COLUMNS]
        rows = (
            [value(_with_decision(p)) for _title, value in self.EXPORT_COLUMNS]
            for p in proposals
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


def _with_decision(proposal):
    event = proposal.decision_events[0] if proposal.decision_events else None
    if event is None:
        proposal.decision_text = ""
    else:
        reason = services.REJECTION_REASONS.get(event.reason_code, "")
        parts = [event.get_to_status_display(), str(reason), event.comment]
        proposal.decision_text = " — ".join(part for part in parts if part)
    return proposal


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(ModelAdmin):
    list_display = ("proposal", "reviewer", "declared_at")
    list_select_related = ("proposal", "reviewer")
    readonly_fields = ("proposal", "reviewer", "note", "declared_at")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Attachment)
class AttachmentAdmin(ModelAdmin):
    """Listed for audits; files are downloaded through the checked view."""

    list_display = ("original_name", "proposal", "size", "uploaded_at")
    list_select_related = ("proposal",)
    readonly_fields = (
        "proposal",
        "original_name",
        "content_type",
        "size",
        "uploaded_by",
        "uploaded_at",
    )
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
