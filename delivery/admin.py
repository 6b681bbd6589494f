"""Staff follow supported plans: accept milestones and reports, close plans.

Every status changes through ``delivery.services.transition`` (the buttons
and bulk actions of ``core.admin_moves``). Staff set a milestone by adding
one here: it is accepted at once. Overdue milestones and plans whose report
is due are flagged in the lists.
"""

import datetime

from django.contrib import admin
from django.db.models import Max
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin_moves import MovesAdminMixin
from core.admin_site import ModelAdmin
from delivery import services
from delivery.models import (
    REPORT_EVERY_DAYS,
    Milestone,
    Plan,
    ProgressReport,
    Reach,
    ReportAttachment,
)
from delivery.workflow import (
    MILESTONE_MOVES,
    OPEN_MILESTONES,
    PLAN_MOVES,
    REPORT_MOVES,
    PlanStatus,
)


def overdue_badge():
    # Words, not a boolean icon (see the action items' list).
    return format_html(
        '<span class="status-badge status-overdue">{}</span>', _("overdue")
    )


class MilestoneOverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("overdue"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(
                status__in=OPEN_MILESTONES,
                due_date__lt=timezone.localdate(),
                plan__status=PlanStatus.IN_DELIVERY,
            )
        return queryset


class MilestoneInline(admin.TabularInline):
    model = Milestone
    fields = ("title", "due_date", "amount", "status")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class ReportInline(admin.TabularInline):
    model = ProgressReport
    fields = ("period_start", "period_end", "is_final", "status", "submitted_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # Each row is named after its plan, which is named after its proposal.
        return super().get_queryset(request).select_related("plan__proposal")


@admin.register(Plan)
class PlanAdmin(MovesAdminMixin, ModelAdmin):
    move_table = PLAN_MOVES
    list_display = ("proposal", "ngo", "status", "report_due")
    list_filter = ("status",)
    list_select_related = ("proposal__ngo",)
    search_fields = ("proposal__title", "proposal__reference", "proposal__ngo__name")
    fields = ("proposal", "status", "status_changed_at", "closing_reason")
    readonly_fields = fields
    inlines = [MilestoneInline, ReportInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(last_report=Max("reports__submitted_at"))
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def apply_move(self, request, obj, move, data):
        services.transition(
            obj=obj, to_status=move.target, actor=request.user, reason=data["reason"]
        )

    @admin.display(description=_("NGO"), ordering="proposal__ngo__name")
    def ngo(self, plan):
        return plan.proposal.ngo

    @admin.display(description=_("progress report"))
    def report_due(self, plan):
        if plan.status != PlanStatus.IN_DELIVERY:
            return "—"
        since = plan.last_report or plan.proposal.decided_at or plan.created_at
        if since + datetime.timedelta(days=REPORT_EVERY_DAYS) < timezone.now():
            return overdue_badge()
        return _("on time")


@admin.register(Milestone)
class MilestoneAdmin(MovesAdminMixin, ModelAdmin):
    move_table = MILESTONE_MOVES
    list_display = ("title", "plan", "due_date", "amount", "status", "overdue")
    list_filter = ("status", MilestoneOverdueFilter)
    list_select_related = ("plan__proposal",)
    search_fields = ("title", "plan__proposal__title", "plan__proposal__reference")
    ordering = ("due_date", "pk")
    autocomplete_fields = ("plan",)
    add_fields = ("plan", "title", "due_date", "deliverable", "amount")

    def get_fields(self, request, obj=None):
        if obj is None:
            return self.add_fields
        return (*self.add_fields, "status", "status_changed_at", "proposed_by")

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.get_fields(request, obj)

    def save_model(self, request, obj, form, change):
        # Set by staff: accepted at once, through the service (history, audit).
        if change:
            return
        created = services.milestone_add(
            plan=form.cleaned_data["plan"],
            actor=request.user,
            **{name: form.cleaned_data[name] for name in self.add_fields[1:]},
        )
        obj.pk = created.pk
        obj._state.adding = False

    def has_delete_permission(self, request, obj=None):
        return False

    def apply_move(self, request, obj, move, data):
        services.transition(
            obj=obj, to_status=move.target, actor=request.user, reason=data["reason"]
        )

    @admin.display(description=_("overdue"))
    def overdue(self, milestone):
        if milestone.is_overdue(timezone.localdate()):
            return overdue_badge()
        return "—"


class ReachInline(admin.TabularInline):
    model = Reach
    fields = ("province", "households", "children")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class AttachmentInline(admin.TabularInline):
    model = ReportAttachment
    fields = ("download", "size", "uploaded_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def download(self, attachment):
        return format_html(
            '<a href="{}">{}</a>', attachment.get_absolute_url(), attachment
        )


@admin.register(ProgressReport)
class ProgressReportAdmin(MovesAdminMixin, ModelAdmin):
    move_table = REPORT_MOVES
    list_display = ("plan", "period_start", "period_end", "is_final", "status")
    list_filter = ("status", "is_final")
    list_select_related = ("plan__proposal",)
    search_fields = ("plan__proposal__title", "plan__proposal__reference")
    ordering = ("-submitted_at", "-pk")
    fields = (
        "plan",
        "period_start",
        "period_end",
        "work_done",
        "funds_spent",
        "public_summary",
        "is_final",
        "status",
        "return_reason",
        "submitted_by",
        "submitted_at",
    )
    readonly_fields = fields
    inlines = [ReachInline, AttachmentInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def apply_move(self, request, obj, move, data):
        services.transition(
            obj=obj, to_status=move.target, actor=request.user, reason=data["reason"]
        )
