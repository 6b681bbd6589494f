"""The meeting record in the ministry's admin.

Meeting secretaries record a meeting on one page (agenda, participants,
statements, decisions as inlines), change its status and approve or reopen
its minutes through buttons that each lead to a confirmation page (POST
only), and follow the action items of every meeting in one list.
"""

from dataclasses import dataclass

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AdminTextareaWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q
from django.forms import CheckboxSelectMultiple, ModelChoiceField
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.admin_site import (
    JALALI_FORMFIELD_OVERRIDES,
    ModelAdmin,
    TabularInline,
    jalali_year_filter,
)
from core.jalali import format_short_date
from core.persian import localize_digits, search_terms
from meetings import services
from meetings.forms import ActionItemDoneForm, NextMeetingForm, ReasonForm
from meetings.models import (
    ActionItem,
    AgendaItem,
    Decision,
    Meeting,
    MeetingEvent,
    Participant,
    Statement,
)

# Meetings --------------------------------------------------------------------

SHORT_TEXT = {"widget": AdminTextareaWidget(attrs={"rows": 2, "cols": 40})}


def follow_up_choices(meeting: Meeting):
    """Action items an agenda item of ``meeting`` may follow up.

    The open ones of earlier held meetings, and those already linked (which
    may be done by now).
    """
    earlier = Q(status=Decision.Status.OPEN, meeting__status=Meeting.Status.HELD)
    if meeting.starts_at:
        earlier &= Q(meeting__starts_at__lt=meeting.starts_at)
    linked = Q(pk__in=[])
    if meeting.pk:
        earlier &= ~Q(meeting=meeting)
        linked = Q(followed_up_in__meeting=meeting)
    return (
        ActionItem.objects.filter(earlier | linked)
        .select_related("meeting")
        .distinct()
        .order_by("meeting__starts_at", "order", "pk")
    )


def follow_up_label(action: Decision) -> str:
    """Short enough for a table cell: the start of the text and the date."""
    agreed = format_short_date(action.meeting.starts_at)
    return f"{Truncator(action.text).chars(50)} ({agreed})"


class MeetingPartFormSet(BaseInlineFormSet):
    """Offers each inline form only what belongs with this meeting.

    Speakers are this meeting's participants and statements go under this
    meeting's agenda items (``Statement.clean()`` refuses anything else too);
    an agenda item follows up earlier meetings' action items. On a meeting
    not saved yet there is nothing to offer: save it first.

    Each select's options are read once for the whole formset: every row
    offers the same ones, and Django would read them again for each row.
    """

    def add_fields(self, form, index):
        super().add_fields(form, index)
        meeting = self.instance
        saved = meeting.pk is not None
        if "speaker" in form.fields:
            form.fields["speaker"].queryset = (
                Participant.objects.filter(meeting=meeting)
                if saved
                else Participant.objects.none()
            )
        if "agenda_item" in form.fields:
            form.fields["agenda_item"].queryset = (
                AgendaItem.objects.filter(meeting=meeting)
                if saved
                else AgendaItem.objects.none()
            )
        if "follow_up" in form.fields:
            field = form.fields["follow_up"]
            field.queryset = follow_up_choices(meeting)
            field.label_from_instance = follow_up_label
            field.widget.attrs["size"] = 4
        if not hasattr(self, "_options"):
            self._options = {}
        for name, field in form.fields.items():
            if isinstance(field, ModelChoiceField):
                if name not in self._options:
                    self._options[name] = list(field.choices)
                # The select inside the admin's "+" wrapper, if any.
                widget = getattr(field.widget, "widget", field.widget)
                widget.choices = self._options[name]


class MeetingPartInline(TabularInline):
    """An inline that turns read-only while the meeting's minutes are approved."""

    formset = MeetingPartFormSet
    formfield_overrides = {**JALALI_FORMFIELD_OVERRIDES, models.TextField: SHORT_TEXT}
    extra = 3

    def has_add_permission(self, request, obj=None):
        return not _locked(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not _locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _locked(obj) and super().has_delete_permission(request, obj)


def _locked(meeting) -> bool:
    return isinstance(meeting, Meeting) and meeting.is_approved


class AgendaItemInline(MeetingPartInline):
    model = AgendaItem
    fields = ("order", "title", "description", "follow_up")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("follow_up")


class ParticipantInline(MeetingPartInline):
    model = Participant
    fields = ("order", "name", "position", "role", "ngo", "affiliation", "attended")
    extra = 6

    def get_queryset(self, request):
        # Approved minutes show the NGO's name in each row.
        return super().get_queryset(request).select_related("ngo")


class StatementInline(MeetingPartInline):
    model = Statement
    fields = ("order", "agenda_item", "speaker", "text")
    formfield_overrides = {
        **JALALI_FORMFIELD_OVERRIDES,
        models.TextField: {"widget": AdminTextareaWidget(attrs={"rows": 3})},
    }
    extra = 5

    def get_queryset(self, request):
        # Approved minutes show the agenda item and the speaker in each row.
        return super().get_queryset(request).select_related("agenda_item", "speaker")


class DecisionInline(MeetingPartInline):
    model = Decision
    fields = (
        "order",
        "kind",
        "text",
        "responsible_body",
        "responsible_ngo",
        "due_on",
        "status",
        "done_on",
    )
    # Whether an action item is done is followed up in the action-item list,
    # through the service that records it.
    readonly_fields = ("status", "done_on")
    extra = 2

    def get_queryset(self, request):
        # Approved minutes show the responsible NGO's name in each row.
        return super().get_queryset(request).select_related("responsible_ngo")


class MeetingEventInline(TabularInline):
    model = MeetingEvent
    fields = ("at", "action", "decision", "actor", "reason")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("decision", "actor")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@dataclass(frozen=True)
class Transition:
    """A button on the meeting page that leads to a confirmation page."""

    name: str
    label: str
    question: str
    permission: str
    needs_reason: bool
    done: str

    def available(self, meeting: Meeting) -> bool:
        held = meeting.status == Meeting.Status.HELD
        return {
            "hold": meeting.status == Meeting.Status.SCHEDULED,
            "cancel": meeting.status == Meeting.Status.SCHEDULED,
            "reschedule": meeting.status == Meeting.Status.CANCELLED
            or (held and not meeting.is_approved),
            "approve": held and not meeting.is_approved,
            "reopen": meeting.is_approved,
        }[self.name]

    def run(self, meeting: Meeting, *, by, reason: str) -> Meeting:
        if self.name == "approve":
            return services.minutes_approve(meeting=meeting, by=by)
        if self.name == "reopen":
            return services.minutes_reopen(meeting=meeting, by=by, reason=reason)
        status = {
            "hold": Meeting.Status.HELD,
            "cancel": Meeting.Status.CANCELLED,
            "reschedule": Meeting.Status.SCHEDULED,
        }[self.name]
        return services.meeting_change_status(
            meeting=meeting, status=status, by=by, reason=reason
        )


TRANSITIONS = {
    transition.name: transition
    for transition in [
        Transition(
            "hold",
            _("Record as held"),
            _(
                "Record that this meeting took place? Its page leaves the public "
                "site until you approve the minutes."
            ),
            "meetings.change_meeting",
            needs_reason=False,
            done=_("The meeting is recorded as held."),
        ),
        Transition(
            "cancel",
            _("Cancel the meeting"),
            _("Cancel this meeting? Its page says so publicly."),
            "meetings.change_meeting",
            needs_reason=True,
            done=_("The meeting is cancelled."),
        ),
        Transition(
            "reschedule",
            _("Back to scheduled"),
            _("Make this meeting scheduled again?"),
            "meetings.change_meeting",
            needs_reason=False,
            done=_("The meeting is scheduled again."),
        ),
        Transition(
            "approve",
            _("Approve the minutes"),
            _(
                "Approve these minutes? They are published and locked: nobody can "
                "change them unless they are reopened, with a reason."
            ),
            "meetings.approve_minutes",
            needs_reason=False,
            done=_("The minutes are approved and published."),
        ),
        Transition(
            "reopen",
            _("Reopen the minutes"),
            _(
                "Reopen these approved minutes? They leave the public site until "
                "they are approved again. The reason is kept in the history."
            ),
            "meetings.reopen_minutes",
            needs_reason=True,
            done=_("The minutes are reopened: they are a draft again."),
        ),
    ]
}


@admin.register(Meeting)
class MeetingAdmin(ModelAdmin):
    list_display = ("title", "starts_at", "place", "status", "minutes_status")
    list_filter = (
        "status",
        "minutes_status",
        jalali_year_filter("starts_at", _("year")),
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
        (
            _("Status and approval"),
            {"fields": ("status", "minutes_status", "approved_at", "approved_by")},
        ),
    )
    readonly_fields = ("status", "minutes_status", "approved_at", "approved_by")
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
        return not _locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _locked(obj) and super().has_delete_permission(request, obj)

    def get_search_results(self, request, queryset, search_term):
        # The normalised key, so that ي/ی, ك/ک and ZWNJ/space all match.
        return queryset.search(search_terms(search_term)), False

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/act/<str:transition>/",
                self.admin_site.admin_view(self.transition_view),
                name="{}_{}_transition".format(*info),
            ),
            path(
                "<path:object_id>/start-next/",
                self.admin_site.admin_view(self.start_next_view),
                name="{}_{}_start_next".format(*info),
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        meeting = self.get_object(request, unquote(object_id))
        extra_context = extra_context or {}
        if meeting is not None:
            extra_context["meeting_transitions"] = [
                {
                    "label": transition.label,
                    "url": reverse(
                        "admin:meetings_meeting_transition",
                        args=[meeting.pk, transition.name],
                    ),
                }
                for transition in TRANSITIONS.values()
                if transition.available(meeting)
                and request.user.has_perm(transition.permission)
            ]
            if request.user.has_perm("meetings.add_meeting"):
                extra_context["start_next_url"] = reverse(
                    "admin:meetings_meeting_start_next", args=[meeting.pk]
                )
            extra_context["is_locked"] = meeting.is_approved
        return super().change_view(request, object_id, form_url, extra_context)

    def transition_view(self, request, object_id, transition):
        """Confirm (GET) and carry out (POST) one act on the meeting's record."""
        meeting = self.get_object(request, unquote(object_id))
        act = TRANSITIONS.get(transition)
        if meeting is None or act is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not request.user.has_perm(act.permission):
            raise PermissionDenied
        change_url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
        if not act.available(meeting):
            self.message_user(
                request,
                gettext("That is not possible in the meeting's present state."),
                messages.WARNING,
            )
            return HttpResponseRedirect(change_url)
        form = ReasonForm(request.POST or None) if act.needs_reason else None
        if request.method == "POST" and (form is None or form.is_valid()):
            reason = form.cleaned_data["reason"] if form else ""
            try:
                act.run(meeting, by=request.user, reason=reason)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(request, act.done, messages.SUCCESS)
            return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": act.label,
            "subtitle": str(meeting),
            "opts": self.opts,
            "original": meeting,
            "question": act.question,
            "form": form,
            "change_url": change_url,
        }
        return TemplateResponse(
            request, "admin/meetings/meeting/transition.html", context
        )

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


# Action items ----------------------------------------------------------------


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
class ActionItemAdmin(ModelAdmin):
    """Every meeting's action items, to follow them up.

    Marking one done (or open again) goes through the service that records
    who did it and when, and is allowed while the minutes are approved. The
    text of an action item is changed on its meeting's page.
    """

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
    )
    list_select_related = ("meeting", "responsible_ngo")
    search_fields = ("text", "responsible_body", "responsible_ngo__name")
    ordering = ("status", "due_on", "pk")
    actions = ["mark_done_today", "mark_open"]
    fields = (
        "meeting",
        "text",
        "responsible_body",
        "responsible_ngo",
        "due_on",
        "status",
        "done_on",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

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

    @admin.display(description=_("overdue"), boolean=True)
    def overdue(self, item):
        return item.is_overdue

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/follow-up/",
                self.admin_site.admin_view(self.follow_up_view),
                name="{}_{}_follow_up".format(*info),
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Nothing here is edited with the form; the follow-up button is the
        # way to change the status.
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
            "follow_up_url": reverse(
                "admin:meetings_actionitem_follow_up", args=[object_id]
            ),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def follow_up_view(self, request, object_id):
        """Mark one action item done on a date with a note, or open again."""
        item = self.get_object(request, unquote(object_id))
        if item is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, item):
            raise PermissionDenied
        target = (
            Decision.Status.OPEN
            if item.status == Decision.Status.DONE
            else Decision.Status.DONE
        )
        form = ActionItemDoneForm(request.POST or None)
        if target == Decision.Status.OPEN:
            del form.fields["done_on"]
        if request.method == "POST" and form.is_valid():
            try:
                services.decision_change_status(
                    decision=item,
                    status=target,
                    by=request.user,
                    done_on=form.cleaned_data.get("done_on"),
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request, gettext("The action item is updated."), messages.SUCCESS
                )
                return HttpResponseRedirect(
                    reverse("admin:meetings_actionitem_changelist")
                )
        context = {
            **self.admin_site.each_context(request),
            "title": (
                _("Mark the action item done")
                if target == Decision.Status.DONE
                else _("Mark the action item open again")
            ),
            "subtitle": str(item),
            "opts": self.opts,
            "original": item,
            "form": form,
            "change_url": reverse("admin:meetings_actionitem_change", args=[item.pk]),
        }
        return TemplateResponse(
            request, "admin/meetings/actionitem/follow_up.html", context
        )

    @admin.action(
        description=_("Mark the selected action items done today"),
        permissions=["change"],
    )
    def mark_done_today(self, request, queryset):
        self._change_status(request, queryset, Decision.Status.DONE)

    @admin.action(
        description=_("Mark the selected action items open again"),
        permissions=["change"],
    )
    def mark_open(self, request, queryset):
        self._change_status(request, queryset, Decision.Status.OPEN)

    def _change_status(self, request, queryset, status):
        changed, refused = 0, []
        for item in queryset.exclude(status=status).select_related("meeting"):
            try:
                services.decision_change_status(
                    decision=item, status=status, by=request.user
                )
            except ValidationError as error:
                refused.append(f"{item}: {' '.join(error.messages)}")
            else:
                changed += 1
        self.message_user(
            request,
            ngettext(
                "%(count)s action item updated.",
                "%(count)s action items updated.",
                changed,
            )
            % {"count": localize_digits(changed)},
            messages.SUCCESS,
        )
        for message in refused:
            self.message_user(request, message, messages.ERROR)
