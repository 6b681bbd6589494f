"""The meeting record's public pages: the archive, a meeting, its calendar file."""

from collections import defaultdict
from typing import NamedTuple

from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, ListView

from core.filters import filter_chips
from core.jalali import jalali_year, year_datetime_bounds
from core.l10n import localize_digits
from core.pagination import PaginationMixin, kept
from core.persian import search_terms
from meetings import ical
from meetings.forms import MeetingSearchForm
from meetings.models import (
    ActionItem,
    AgendaItem,
    Decision,
    Meeting,
    Participant,
    can_see_drafts,
)
from ngos import reference
from ngos.models import NGO

# A meeting page lists this many open action items of earlier meetings at
# most, the longest-open first, and says how many more there are.
MATTERS_ARISING_SHOWN = 25

# What a meeting page shows of an action item of another meeting: its text
# and status, who carries it out (by name, not linked) and the meeting that
# agreed it, named by its title and date and linked. Read with ``only()``:
# the meeting's and the NGO's other columns were half the time of the 25
# matters arising.
ACTION_ROW_FIELDS = (
    "text",
    "kind",
    "status",
    "due_on",
    "done_on",
    "responsible_body",
    "responsible_ngo__name",
    "meeting__title",
    "meeting__starts_at",
)


class MeetingListView(PaginationMixin, ListView):
    """The archive: public meetings, newest first, by Jalali year and words."""

    template_name = "meetings/meeting_list.html"
    context_object_name = "meetings"

    def get(self, request, *args, **kwargs):
        self.form = MeetingSearchForm(request.GET, years=self.years())
        self.form.is_valid()
        # Only the filters that are valid apply; the others show an error.
        self.filters = {
            name: value
            for name, value in self.form.cleaned_data.items()
            if value not in (None, "")
        }
        return super().get(request, *args, **kwargs)

    def years(self) -> list[int]:
        """Jalali years with public meetings, newest first (one query).

        From the distinct days (in Tehran) that have meetings: a Jalali year
        starts in March, so Gregorian years would not do.
        """
        days = Meeting.objects.public().dates("starts_at", "day")
        return sorted({jalali_year(day) for day in days}, reverse=True)

    def get_queryset(self):
        meetings = Meeting.objects.public()
        if "q" in self.filters:
            meetings = meetings.search(search_terms(self.filters["q"]))
        if "year" in self.filters:
            start, end = year_datetime_bounds(self.filters["year"])
            meetings = meetings.filter(starts_at__gte=start, starts_at__lt=end)
        return meetings.order_by("-starts_at", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        labels = {"q": self.filters.get("q")}
        if "year" in self.filters:
            labels["year"] = gettext("year %(year)s") % {
                "year": localize_digits(self.filters["year"])
            }
        context["filter_chips"] = filter_chips(self.request, labels)
        return context


class MeetingDetailView(DetailView):
    """The record of one meeting.

    The public sees scheduled and cancelled meetings (announcement and
    agenda) and held meetings whose minutes are approved (the whole record);
    a held meeting with draft minutes answers 404 to them. Meeting staff see
    every meeting, drafts marked as such. The number of queries does not
    grow with the number of agenda items, participants or statements.
    """

    template_name = "meetings/meeting_detail.html"
    context_object_name = "meeting"

    def get_queryset(self):
        return Meeting.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.object
        reference.attach([meeting], "focus_areas")
        preview = can_see_drafts(self.request.user)
        show_minutes = meeting.status == Meeting.Status.HELD
        participants = []
        if show_minutes:
            participants = list(
                meeting.participants.select_related("ngo").defer(
                    *NGO.beyond_link("ngo")
                )
            )
        context.update(
            is_draft=show_minutes and not meeting.is_approved,
            show_minutes=show_minutes,
            agenda=self.agenda(meeting, participants, preview=preview),
        )
        context["matters_arising"], open_items = self.matters_arising(
            meeting, preview=preview
        )
        context["matters_arising_more"] = open_items - len(context["matters_arising"])
        if show_minutes:
            context.update(
                participant_groups=group_by_role(
                    [person for person in participants if person.attended]
                ),
                absentees=[person for person in participants if not person.attended],
                decisions=list(
                    meeting.decisions.select_related("responsible_ngo").defer(
                        *NGO.beyond_link("responsible_ngo")
                    )
                ),
            )
        return context

    def agenda(self, meeting, participants, *, preview) -> list:
        """The agenda items, each with the action items it follows up
        (``item.follows``) and, for a held meeting, what was said under it
        (``item.said``, :class:`Said` rows).

        A statement's speaker is one of the meeting's ``participants``
        (``Statement`` refuses any other), so statements are read as bare
        rows and take their speaker from that list: as models with their
        speaker and NGO joined they were a third of the page's time.
        """
        items = list(meeting.agenda_items.all())
        follows = self.follows(items, preview=preview)
        said = defaultdict(list)
        if meeting.status == Meeting.Status.HELD:
            speakers = {person.pk: person for person in participants}
            rows = meeting.statements.order_by("order", "pk").values_list(
                "agenda_item_id", "speaker_id", "text"
            )
            for item_id, speaker_id, text in rows:
                said[item_id].append(Said(speakers.get(speaker_id), text))
        for item in items:
            item.follows = follows.get(item.pk, [])
            item.said = said.get(item.pk, [])
        return items

    def follows(self, items, *, preview) -> dict[int, list[Decision]]:
        """The earlier action items each agenda item follows up, by item.

        Whether the agenda has any link is asked first: an agenda that
        follows up nothing (a first meeting, or one not started from the
        meeting before) costs that one small query; otherwise the action
        items are read through the links.
        """
        links = AgendaItem.follow_up.through.objects.filter(
            agendaitem_id__in=[item.pk for item in items]
        )
        if not links.exists():
            return {}
        decisions = (
            Decision.objects.filter(followed_up_in__in=items)
            .annotate(item_id=F("followed_up_in"))
            .select_related("meeting", "responsible_ngo")
            .only(*ACTION_ROW_FIELDS)
        )
        if not preview:
            decisions = decisions.filter(
                meeting__status=Meeting.Status.HELD,
                meeting__minutes_status=Meeting.Minutes.APPROVED,
            )
        follows = defaultdict(list)
        for decision in decisions:
            follows[decision.item_id].append(decision)
        return follows

    def matters_arising(self, meeting, *, preview):
        """Open action items of earlier meetings (agreed in approved minutes).

        The longest-open first, at most :data:`MATTERS_ARISING_SHOWN` of them;
        ``(items, total)``. Counted apart only when the list is full: a
        window count beside the rows made the database join every open item
        with its meeting and NGO (7 ms at 1,000 meetings) where the list
        reads the first 25 in order of the meetings' index. The earlier
        meetings are a join, not a subquery: with ``meeting__in`` PostgreSQL
        spent 3 ms planning the list. The public count is kept while public
        data is unchanged (``core.pagination.kept``).
        """
        earlier = {"meeting__starts_at__lt": meeting.starts_at}
        if not preview:
            earlier.update(
                meeting__status=Meeting.Status.HELD,
                meeting__minutes_status=Meeting.Minutes.APPROVED,
            )
        open_items = ActionItem.objects.filter(status=Decision.Status.OPEN, **earlier)
        items = list(
            open_items.select_related("meeting", "responsible_ngo")
            .only(*ACTION_ROW_FIELDS)
            .order_by("meeting__starts_at", "order", "pk")[:MATTERS_ARISING_SHOWN]
        )
        if len(items) < MATTERS_ARISING_SHOWN:
            return items, len(items)
        if preview:
            return items, open_items.count()
        return items, kept(f"matters-arising|{meeting.starts_at}", open_items.count)


class Said(NamedTuple):
    """A statement as the meeting page shows it: who said what."""

    speaker: Participant
    text: str


# Headings of the participant groups, in the order they are shown.
ROLE_HEADINGS = {
    Participant.Role.CHAIR: pgettext_lazy("participants heading", "Chair"),
    Participant.Role.OFFICIAL: _("Officials"),
    Participant.Role.NGO_REPRESENTATIVE: _("NGO representatives"),
    Participant.Role.SECRETARY: _("Secretariat"),
    Participant.Role.GUEST: _("Guests"),
}


def group_by_role(participants) -> list[dict]:
    """Participants grouped by role, in the order of :data:`ROLE_HEADINGS`."""
    groups = []
    for role, heading in ROLE_HEADINGS.items():
        members = [person for person in participants if person.role == role]
        if members:
            groups.append({"role": role, "heading": heading, "members": members})
    return groups


@require_GET
def calendar(request):
    """``calendar.ics``: every public meeting, to subscribe to."""
    body = ical.meetings_calendar(
        Meeting.objects.public().order_by("starts_at", "pk"),
        url_of=lambda meeting: request.build_absolute_uri(meeting.get_absolute_url()),
        name=gettext("Meetings of the NGO working group on female-headed households"),
        url=request.build_absolute_uri(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    return response


def meeting_calendar(request, pk):
    """``calendar.ics``: the meeting as an iCalendar event (Asia/Tehran)."""
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user), pk=pk)
    body = ical.meeting_calendar(
        meeting, url=request.build_absolute_uri(meeting.get_absolute_url())
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response
