"""Meetings as iCalendar (RFC 5545) files: one meeting, or all to subscribe to.

Times are written in Asia/Tehran with a ``VTIMEZONE`` that the icalendar
library builds from the time-zone database for the meeting's dates, so a
meeting of 1397 (when Iran still kept daylight saving time) lands at the
right hour in any calendar, whether or not it knows "Asia/Tehran".

Each text is a field of its own, shown alone by calendar programs; the
characters that reorder text are removed from them all the same
(``core.persian.strip_bidi_controls``), for texts stored before forms
removed them.
"""

import datetime
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone

from core.persian import strip_bidi_controls
from meetings.models import Meeting

PRODUCT_ID = "-//NGO working group on female-headed households//Meeting record//FA"

ICAL_STATUS = {
    Meeting.Status.SCHEDULED: "CONFIRMED",
    Meeting.Status.HELD: "CONFIRMED",
    Meeting.Status.CANCELLED: "CANCELLED",
}


def _calendar(first: datetime.date, last: datetime.date) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(
        icalendar.Timezone.from_tzid(
            settings.TIME_ZONE,
            first_date=first - datetime.timedelta(days=1),
            last_date=last + datetime.timedelta(days=1),
        )
    )
    return calendar


def _event(meeting: Meeting, *, url: str, stamp) -> icalendar.Event:
    """The meeting's ``VEVENT``: the same UID in every file, so that a
    calendar holding it from one file updates it from another."""
    tehran = timezone.get_default_timezone()
    starts_at = timezone.localtime(meeting.starts_at, tehran)
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.pk}@{urlsplit(url).netloc}")
    event.add("dtstamp", stamp)
    event.add("last-modified", meeting.updated_at)
    event.add("dtstart", starts_at)
    if meeting.ends_at:
        event.add("dtend", timezone.localtime(meeting.ends_at, tehran))
    event.add("summary", strip_bidi_controls(meeting.title))
    if meeting.place:
        event.add("location", strip_bidi_controls(meeting.place))
    description = "\n\n".join(
        part for part in (meeting.organiser, meeting.summary, url) if part
    )
    event.add("description", strip_bidi_controls(description))
    event.add("url", url)
    event.add("status", ICAL_STATUS[meeting.status])
    # A revision number that grows with every edit, so that calendars which
    # imported the meeting replace their copy.
    event.add("sequence", int(meeting.updated_at.timestamp()))
    return event


def _span(meetings) -> tuple[datetime.date, datetime.date]:
    tehran = timezone.get_default_timezone()
    moments = [m.starts_at for m in meetings] + [
        m.ends_at for m in meetings if m.ends_at
    ]
    if not moments:
        today = timezone.localdate()
        return today, today
    return (
        timezone.localtime(min(moments), tehran).date(),
        timezone.localtime(max(moments), tehran).date(),
    )


def meeting_calendar(meeting: Meeting, *, url: str) -> bytes:
    """The ``VCALENDAR`` of one meeting; ``url`` is its page's absolute URL."""
    calendar = _calendar(*_span([meeting]))
    calendar.add_component(_event(meeting, url=url, stamp=timezone.now()))
    return calendar.to_ical()


def meetings_calendar(meetings, *, url_of, name: str, url: str) -> bytes:
    """The ``VCALENDAR`` to subscribe to: every meeting of ``meetings``.

    ``url_of(meeting)`` is a meeting page's absolute URL; ``name`` and
    ``url`` name the calendar and its own address. Calendar programs that
    subscribe fetch it again every few hours and update each event by its
    UID, ``SEQUENCE`` and ``LAST-MODIFIED``; a cancelled meeting stays in
    it, marked cancelled, so that subscribers see it struck out.
    """
    meetings = list(meetings)
    calendar = _calendar(*_span(meetings))
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("source", url, parameters={"VALUE": "URI"})
    calendar.add("refresh-interval", datetime.timedelta(hours=6))
    calendar.add("x-published-ttl", "PT6H")
    stamp = timezone.now()
    for meeting in meetings:
        calendar.add_component(_event(meeting, url=url_of(meeting), stamp=stamp))
    return calendar.to_ical()
