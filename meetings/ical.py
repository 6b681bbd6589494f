"""A meeting as an iCalendar (RFC 5545) file.

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


def meeting_calendar(meeting: Meeting, *, url: str) -> bytes:
    """The ``VCALENDAR`` of one meeting; ``url`` is its page's absolute URL."""
    tehran = timezone.get_default_timezone()
    starts_at = timezone.localtime(meeting.starts_at, tehran)
    ends_at = timezone.localtime(meeting.ends_at, tehran) if meeting.ends_at else None

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(
        icalendar.Timezone.from_tzid(
            settings.TIME_ZONE,
            first_date=starts_at.date() - datetime.timedelta(days=1),
            last_date=(ends_at or starts_at).date() + datetime.timedelta(days=1),
        )
    )

    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.pk}@{urlsplit(url).netloc}")
    event.add("dtstamp", timezone.now())
    event.add("last-modified", meeting.updated_at)
    event.add("dtstart", starts_at)
    if ends_at:
        event.add("dtend", ends_at)
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
    calendar.add_component(event)
    return calendar.to_ical()
