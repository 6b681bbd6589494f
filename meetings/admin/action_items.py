"""Every meeting's action items in one list, to follow them up."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from core.admin_moves import MovesAdminMixin
from core.admin_site import ModelAdmin, field_names, jalali_year_filter
from core.filters import JalaliDateRangeFilter
from meetings import services
from meetings.forms import ActionItemMoveForm
from meetings.models import ActionItem, Decision
from meetings.moves import ACTION_ITEM_MOVES


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("overdue")), ("no", _("not overdue"))]

    def queryset(self, request, queryset):
        overdue = Q(status=Decision.Status.OPEN, due_on__lt=timezone.localdate())
        if self.value() == "yes":
            return queryset.filter(overdue)
        if self.value() == "no":
            return queryset.exclude(overdue)
        return queryset


class OwnerFilter(admin.SimpleListFilter):
    """Who is responsible: a registry NGO, a body named in text, or nobody."""

    title = _("responsible")
    parameter_name = "owner"

    def lookups(self, request, model_admin):
        items = model_admin.get_queryset(request)
        ngos = (
            items.filter(responsible_ngo__isnull=False)
            .values_list("responsible_ngo_id", "responsible_ngo__name")
            .distinct()
            .order_by("responsible_ngo__name")
        )
        bodies = (
            items.exclude(responsible_body="")
            .values_list("responsible_body", flat=True)
            .distinct()
            .order_by("responsible_body")
        )
        return [
            *((f"ngo:{pk}", name) for pk, name in ngos),
            *((f"body:{body}", body) for body in bodies),
            ("none", _("nobody named")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        kind, _separator, rest = value.partition(":")
        if kind == "ngo" and rest.isdigit():
            return queryset.filter(responsible_ngo_id=int(rest))
        if kind == "body" and rest:
            return queryset.filter(responsible_body=rest)
        if value == "none":
            return queryset.filter(responsible_ngo__isnull=True, responsible_body="")
        raise IncorrectLookupParameters(value)


@admin.register(ActionItem)
class ActionItemAdmin(MovesAdminMixin, ModelAdmin):
    """Every meeting's action items, to follow them up.

    Marking one done (or open again) goes through the service that records
    who did it and when, and is allowed while the minutes are approved. The
    text of an action item is changed on its meeting's page, so here every
    field is shown, none edited.
    """

    move_table = ACTION_ITEM_MOVES
    move_form_class = ActionItemMoveForm
    list_display = (
        "short_text",
        "meeting_link",
        "owner",
        "due_on",
        "status",
        "done_on",
        "overdue",
    )
    list_filter = (
        "status",
        OverdueFilter,
        OwnerFilter,
        jalali_year_filter("due_on", _("due year")),
        ("due_on", JalaliDateRangeFilter),
    )
    list_select_related = ("meeting", "responsible_ngo")
    search_fields = ("text", "responsible_body", "responsible_ngo__name")
    ordering = ("status", "due_on", "pk")
    # The agenda's order and the kind (always an action item) say nothing here.
    fields = field_names(ActionItem, exclude=("order", "kind"))
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def move_refusal(self, obj, move):
        return services.decision_refusal(obj, to_status=move.target)

    def apply_move(self, request, obj, move, data):
        services.decision_change_status(
            decision=obj,
            to_status=move.target,
            actor=request.user,
            done_on=data.get("done_on"),
            reason=data["reason"],
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Nothing here is edited with the form; the status changes through
        # the buttons of its moves.
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("action item"), ordering="text")
    def short_text(self, item):
        return Truncator(item.text).words(14)

    @admin.display(description=_("meeting"), ordering="meeting__starts_at")
    def meeting_link(self, item):
        url = reverse("admin:meetings_meeting_change", args=[item.meeting_id])
        return format_html('<a href="{}">{}</a>', url, item.meeting)

    @admin.display(description=_("responsible"))
    def owner(self, item):
        return item.owner_name or "—"

    @admin.display(description=_("overdue"))
    def overdue(self, item):
        # Words, not Django's boolean icons: a green tick for "overdue: yes"
        # read as good news, a red cross for an item on time as bad.
        if item.is_overdue:
            return format_html(
                '<span class="status-badge status-overdue">{}</span>', _("overdue")
            )
        if item.status == Decision.Status.OPEN and item.due_on is not None:
            return _("on time")
        return "—"
