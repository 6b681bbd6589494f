"""The parts of a meeting's page: its record's inlines and its history."""

from django.contrib.admin.widgets import AdminTextareaWidget
from django.db import models
from django.db.models import Q
from django.forms import ModelChoiceField
from django.forms.models import BaseInlineFormSet
from django.utils.text import Truncator

from core.admin_site import (
    JALALI_FORMFIELD_OVERRIDES,
    ReadOnlyTableInline,
    TabularInline,
    field_names,
)
from core.jalali import format_short_date
from meetings.models import (
    ActionItem,
    AgendaItem,
    Decision,
    Meeting,
    MeetingEvent,
    Participant,
    Statement,
)

SHORT_TEXT = {"widget": AdminTextareaWidget(attrs={"rows": 2, "cols": 40})}


def minutes_locked(meeting) -> bool:
    return isinstance(meeting, Meeting) and meeting.is_approved


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
        return not minutes_locked(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not minutes_locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not minutes_locked(obj) and super().has_delete_permission(request, obj)


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
    # through the service that records it: what the model does not let a
    # form edit is shown only.
    readonly_fields = tuple(
        name for name in fields if not Decision._meta.get_field(name).editable
    )
    extra = 2

    def get_queryset(self, request):
        # Approved minutes show the responsible NGO's name in each row.
        return super().get_queryset(request).select_related("responsible_ngo")


class MeetingEventInline(ReadOnlyTableInline):
    """The meeting's history: read-only, never added to or deleted from here."""

    model = MeetingEvent
    # Every field of the history, when first.
    fields = ("at", *field_names(MeetingEvent, exclude=("meeting", "at")))
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("decision", "actor")
