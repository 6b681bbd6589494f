"""The meeting record as open data: meetings, their decisions, and the action
items that follow them up (see :mod:`core.opendata`).

Only what the public pages show: meetings that are public (announced,
cancelled, or held with approved minutes), and the decisions and action
items of approved minutes only. The list of participants and what each said
stay on the meeting's page, where they are read in context; no dataset
holds people's names. Registered from ``MeetingsConfig.ready()``.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.opendata import (
    CODES,
    DATE,
    DATE_TIME,
    INTEGER,
    TEXT,
    URL_PATH,
    Dataset,
    Field,
    moment,
)
from meetings.models import ActionItem, Decision, Meeting

MEETING_FIELDS = (
    Field("id", INTEGER, _("the meeting's number; its page is /meetings/<id>/")),
    Field("title", TEXT, _("title")),
    Field("starts_at", DATE_TIME, _("when the meeting starts")),
    Field("ends_at", DATE_TIME, _("when it ends, if announced")),
    Field("place", TEXT, _("where it is held")),
    Field("organiser", TEXT, _("the body that called and organised it")),
    Field("summary", TEXT, _("what it is about, or what came of it")),
    Field(
        "status",
        _("code"),
        _(
            "scheduled, held or cancelled; a held meeting is here once its "
            "minutes are approved"
        ),
    ),
    Field("minutes_approved_at", DATE_TIME, _("when its minutes were approved")),
    Field("focus_areas", CODES, _("the focus areas it dealt with")),
    Field("decisions", INTEGER, _("how many decisions it took")),
    Field("action_items", INTEGER, _("how many action items it set")),
    Field("url", URL_PATH, _("the meeting's page on this site")),
)


def _meeting_rows():
    meetings = (
        Meeting.objects.public()
        .prefetch_related("focus_areas", "decisions")
        .order_by("starts_at", "pk")
    )
    for meeting in meetings.iterator(chunk_size=500):
        parts = meeting.decisions.all() if meeting.has_public_minutes else []
        action_items = sum(1 for part in parts if part.is_action_item)
        yield (
            meeting.pk,
            meeting.title,
            moment(meeting.starts_at),
            moment(meeting.ends_at),
            meeting.place,
            meeting.organiser,
            meeting.summary,
            meeting.status,
            moment(meeting.approved_at) if meeting.has_public_minutes else "",
            [area.code for area in meeting.focus_areas.all()],
            len(parts) - action_items,
            action_items,
            meeting.get_absolute_url(),
        )


MEETINGS = Dataset(
    slug="meetings",
    order=30,
    title=_("Meetings"),
    description=_(
        "The working group's meetings: those announced or cancelled, and those "
        "held whose minutes are approved."
    ),
    fields=MEETING_FIELDS,
    rows=_meeting_rows,
    count=lambda: Meeting.objects.public().count(),
)


def _public_parts(model):
    """Decisions or action items of approved minutes, oldest meeting first."""
    return (
        model.objects.filter(meeting__in=Meeting.objects.with_public_minutes())
        .select_related("meeting", "responsible_ngo")
        .order_by("meeting__starts_at", "meeting_id", "order", "pk")
    )


DECISION_FIELDS = (
    Field("id", INTEGER, _("the decision's number")),
    Field("meeting_id", INTEGER, _("the meeting that took it")),
    Field("meeting_date", DATE, _("the day of that meeting (Gregorian)")),
    Field("order", INTEGER, _("its place among the meeting's decisions")),
    Field("text", TEXT, _("the decision, as in the minutes")),
    Field("url", URL_PATH, _("the meeting's page, where it is recorded")),
)


def _meeting_date(part) -> str:
    return moment(part.meeting.starts_at)[:10]


def _decision_rows():
    decisions = _public_parts(Decision).filter(kind=Decision.Kind.DECISION)
    for decision in decisions.iterator(chunk_size=500):
        yield (
            decision.pk,
            decision.meeting_id,
            _meeting_date(decision),
            decision.order,
            decision.text,
            reverse("meetings:detail", args=[decision.meeting_id]),
        )


DECISIONS = Dataset(
    slug="decisions",
    order=40,
    title=_("Decisions"),
    description=_("The decisions recorded in the approved minutes of meetings."),
    fields=DECISION_FIELDS,
    rows=_decision_rows,
    count=lambda: _public_parts(Decision).filter(kind=Decision.Kind.DECISION).count(),
)

ACTION_ITEM_FIELDS = (
    Field("id", INTEGER, _("the action item's number")),
    Field("meeting_id", INTEGER, _("the meeting that set it")),
    Field("meeting_date", DATE, _("the day of that meeting (Gregorian)")),
    Field("text", TEXT, _("what is to be done, as in the minutes")),
    Field(
        "responsible_ngo_id",
        INTEGER,
        _("the registry NGO that carries it out, if one does"),
    ),
    Field("responsible", TEXT, _("who carries it out: that NGO's name, or a body")),
    Field("due_on", DATE, _("by when")),
    Field("status", _("code"), _("open or done")),
    Field("done_on", DATE, _("when it was done")),
    Field("url", URL_PATH, _("the meeting's page, where it is recorded")),
)


def _action_item_rows():
    for item in _public_parts(ActionItem).iterator(chunk_size=500):
        yield (
            item.pk,
            item.meeting_id,
            _meeting_date(item),
            item.text,
            item.responsible_ngo_id,
            item.owner_name,
            item.due_on.isoformat() if item.due_on else "",
            item.status,
            item.done_on.isoformat() if item.done_on else "",
            reverse("meetings:detail", args=[item.meeting_id]),
        )


ACTION_ITEMS = Dataset(
    slug="action-items",
    order=50,
    title=_("Action items"),
    description=_(
        "What the approved minutes ask someone to do, by when, and whether it is done."
    ),
    fields=ACTION_ITEM_FIELDS,
    rows=_action_item_rows,
    count=lambda: _public_parts(ActionItem).count(),
)

DATASETS = (MEETINGS, DECISIONS, ACTION_ITEMS)
