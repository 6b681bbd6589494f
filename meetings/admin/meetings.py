"""The meeting's page: its record, its status and minutes, the next meeting."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms import CheckboxSelectMultiple
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin_moves import MovesAdminMixin
from core.admin_site import (
    JALALI_FORMFIELD_OVERRIDES,
    ModelAdmin,
    field_names,
    jalali_year_filter,
)
from core.admin_timeline import TimelineAdminMixin, TimelineEntry
from core.filters import JalaliDateRangeFilter
from core.persian import search_terms
from meetings import services
from meetings.admin.parts import (
    AgendaItemInline,
    DecisionInline,
    MeetingEventInline,
    ParticipantInline,
    StatementInline,
    minutes_locked,
)
from meetings.forms import NextMeetingForm
from meetings.models import Meeting
from meetings.moves import MEETING_MOVES, MINUTES_MOVES

# Each table's transition function, and its rules on other fields.
SERVICES = {
    MEETING_MOVES: (services.meeting_change_status, services.meeting_refusal),
    MINUTES_MOVES: (services.minutes_change_status, services.minutes_refusal),
}

# What no form edits is shown: the statuses (changed by their moves) and the
# approval. The search key and the record's own timestamps are not shown.
STATUS_AND_APPROVAL = tuple(
    name
    for name in field_names(Meeting, exclude=("search_key", "created_at", "updated_at"))
    if not Meeting._meta.get_field(name).editable
)


# Links to pages about a meeting that apps higher up add (see
# ``register_meeting_link``); this app knows nothing of them.
_meeting_links = []


def register_meeting_link(get_link) -> None:
    """Add a link to the meeting's page, from an ``AppConfig.ready()``.

    ``get_link(request, meeting)`` returns ``{"url": ..., "label": ...}``, or
    ``None`` when the user should not see it.
    """
    _meeting_links.append(get_link)


class AwaitingFilter(admin.SimpleListFilter):
    """What the secretaries' desk counts: meetings over but not recorded,
    minutes not yet approved."""

    title = _("awaiting")
    parameter_name = "awaiting"

    def lookups(self, request, model_admin):
        return [
            ("record", _("a record that it was held")),
            ("approval", _("approval of the minutes")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "record":
            return queryset.awaiting_record()
        if self.value() == "approval":
            return queryset.awaiting_approval()
        return queryset


@admin.register(Meeting)
class MeetingAdmin(TimelineAdminMixin, MovesAdminMixin, ModelAdmin):
    def timeline_entries(self, request, meeting):
        """The meeting's history: each act on it, its minutes and action items."""
        entries = []
        for event in meeting.events.select_related("actor", "decision"):
            text = str(event.get_action_display())
            if event.decision_id:
                text = f"{text}: {event.decision}"
            entries.append(
                TimelineEntry(
                    at=event.at,
                    kind=gettext("meeting"),
                    text=text,
                    actor=event.actor,
                    detail=event.reason,
                )
            )
        return entries

    move_tables = (MEETING_MOVES, MINUTES_MOVES)
    list_display = ("title", "starts_at", "place", "status", "minutes_status")
    list_filter = (
        "status",
        "minutes_status",
        AwaitingFilter,
        jalali_year_filter("starts_at", _("year")),
        ("starts_at", JalaliDateRangeFilter),
    )
    search_fields = ("title",)
    search_help_text = _(
        "Searches titles, agendas and approved minutes, in any spelling."
    )
    ordering = ("-starts_at", "-pk")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title",
                    ("starts_at", "ends_at"),
                    "place",
                    "organiser",
                    "summary",
                    "focus_areas",
                )
            },
        ),
        (_("Status and approval"), {"fields": STATUS_AND_APPROVAL}),
    )
    readonly_fields = STATUS_AND_APPROVAL
    formfield_overrides = {
        **JALALI_FORMFIELD_OVERRIDES,
        models.ManyToManyField: {"widget": CheckboxSelectMultiple},
    }
    change_form_template = "admin/meetings/meeting/change_form.html"

    def get_inlines(self, request, obj):
        if obj is None:
            # Statements need saved participants and agenda items to point
            # at, and a new meeting has no history yet.
            return [AgendaItemInline, ParticipantInline, DecisionInline]
        return [
            AgendaItemInline,
            ParticipantInline,
            StatementInline,
            DecisionInline,
            MeetingEventInline,
        ]

    def has_change_permission(self, request, obj=None):
        # Approved minutes are shown read-only; the reopen button unlocks them.
        return not minutes_locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not minutes_locked(obj) and super().has_delete_permission(request, obj)

    def get_search_results(self, request, queryset, search_term):
        # The normalised key, so that ي/ی, ك/ک and ZWNJ/space all match.
        return queryset.search(search_terms(search_term)), False

    # Status and minutes ------------------------------------------------------

    def move_refusal(self, obj, move):
        _change, refusal = SERVICES[self.table_for(move.action)]
        return refusal(obj, to_status=move.target)

    def apply_move(self, request, obj, move, data):
        change, _refusal = SERVICES[self.table_for(move.action)]
        change(
            meeting=obj,
            to_status=move.target,
            actor=request.user,
            reason=data["reason"],
        )

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        if obj is not None and obj.pk is not None:
            if request.user.has_perm("meetings.add_meeting"):
                context["start_next_url"] = reverse(
                    "admin:meetings_meeting_start_next", args=[obj.pk]
                )
            context["is_locked"] = obj.is_approved
            context["meeting_links"] = [
                link
                for get_link in _meeting_links
                if (link := get_link(request, obj)) is not None
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    # The next meeting ----------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/start-next/",
                self.admin_site.admin_view(self.start_next_view),
                name="{}_{}_start_next".format(*info),
            ),
            *super().get_urls(),
        ]

    def start_next_view(self, request, object_id):
        """Schedule the next meeting, its agenda opening with follow-up."""
        previous = self.get_object(request, unquote(object_id))
        if previous is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = NextMeetingForm(request.POST or None, initial={"place": previous.place})
        if request.method == "POST" and form.is_valid():
            try:
                meeting = services.meeting_start_next(
                    previous=previous, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    gettext(
                        "The next meeting is scheduled; its agenda opens with "
                        "the open action items."
                    ),
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("admin:meetings_meeting_change", args=[meeting.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Start the next meeting"),
            "subtitle": str(previous),
            "opts": self.opts,
            "original": previous,
            "form": form,
            "open_action_items": services.open_action_items_until(previous)
            .select_related("meeting", "responsible_ngo")
            .order_by("meeting__starts_at", "order"),
            "change_url": reverse("admin:meetings_meeting_change", args=[previous.pk]),
        }
        return TemplateResponse(
            request, "admin/meetings/meeting/start_next.html", context
        )
