"""The meeting record's public pages: the archive, a meeting, its calendar file."""

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, ListView

from core.filters import filter_chips
from core.jalali import jalali_year, year_datetime_bounds
from core.l10n import localize_digits
from core.pagination import PaginationMixin
from core.persian import search_terms
from meetings import ical
from meetings.forms import MeetingSearchForm
from meetings.models import (
    ActionItem,
    Decision,
    Meeting,
    Participant,
    Statement,
    can_see_drafts,
)
from ngos import reference
from ngos.models import NGO

# A meeting page lists this many open action items of earlier meetings at
# most, the longest-open first, and says how many more there are.
MATTERS_ARISING_SHOWN = 25

# An action item of another meeting names that meeting by its title and date
# and links to it: its summary and search key are not read.
ACTION_ORIGIN_UNSHOWN = ("meeting__summary", "meeting__search_key")


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
        context.update(
            is_draft=show_minutes and not meeting.is_approved,
            show_minutes=show_minutes,
            agenda=self.agenda(meeting, preview=preview),
        )
        context["matters_arising"], open_items = self.matters_arising(
            meeting, preview=preview
        )
        context["matters_arising_more"] = open_items - len(context["matters_arising"])
        if show_minutes:
            participants = list(
                meeting.participants.select_related("ngo").defer(
                    *NGO.beyond_link("ngo")
                )
            )
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

    def agenda(self, meeting, *, preview):
        statements = Statement.objects.select_related("speaker__ngo").defer(
            "meeting", *NGO.beyond_link("speaker__ngo")
        )
        follow_up = Decision.objects.select_related("meeting", "responsible_ngo").defer(
            *ACTION_ORIGIN_UNSHOWN, *NGO.beyond_link("responsible_ngo")
        )
        if not preview:
            follow_up = follow_up.filter(
                meeting__in=Meeting.objects.with_public_minutes()
            )
        prefetches = [Prefetch("follow_up", queryset=follow_up)]
        if meeting.status == Meeting.Status.HELD:
            prefetches.append(Prefetch("statements", queryset=statements))
        return list(meeting.agenda_items.prefetch_related(*prefetches))

    def matters_arising(self, meeting, *, preview):
        """Open action items of earlier meetings (agreed in approved minutes).

        The longest-open first, at most :data:`MATTERS_ARISING_SHOWN` of them;
        ``(items, total)``. Counted apart only when the list is full: a
        window count beside the rows made the database join every open item
        with its meeting and NGO (7 ms at 1,000 meetings) where the list
        reads the first 25 in order of the meetings' index.
        """
        earlier = Meeting.objects.filter(starts_at__lt=meeting.starts_at)
        earlier = earlier if preview else earlier.with_public_minutes()
        open_items = ActionItem.objects.filter(
            status=Decision.Status.OPEN, meeting__in=earlier
        )
        items = list(
            open_items.select_related("meeting", "responsible_ngo")
            .defer(*ACTION_ORIGIN_UNSHOWN, *NGO.beyond_link("responsible_ngo"))
            .order_by("meeting__starts_at", "order", "pk")[:MATTERS_ARISING_SHOWN]
        )
        if len(items) < MATTERS_ARISING_SHOWN:
            return items, len(items)
        return items, open_items.count()


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
