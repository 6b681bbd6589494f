"""The meeting record's machine-readable forms: iCalendar and Atom."""

import datetime

import feedparser
import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from meetings import services
from meetings.models import Meeting
from tests.factories import TEHRAN, AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def calendar_of(client, meeting) -> icalendar.Calendar:
    response = client.get(reverse("meetings:calendar", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="meeting-{meeting.pk}.ics"'
    )
    return icalendar.Calendar.from_ical(response.content)


def test_calendar_file_parses_with_the_meeting_in_tehran_time(client, secretary):
    meeting = MeetingFactory(title="جلسه کارگروه", place="تهران")
    services.minutes_change_status(
        meeting=meeting, to_status="approved", actor=secretary
    )
    calendar = calendar_of(client, meeting)
    (event,) = calendar.walk("VEVENT")
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Asia/Tehran"
    assert event["DTSTART"].params["TZID"] == "Asia/Tehran"
    assert event.decoded("DTSTART") == datetime.datetime(
        2018, 1, 8, 10, 0, tzinfo=TEHRAN
    )
    assert event.decoded("DTEND") == datetime.datetime(2018, 1, 8, 12, 0, tzinfo=TEHRAN)
    assert event.decoded("DTSTART").utcoffset() == datetime.timedelta(
        hours=3, minutes=30
    )
    assert str(event["SUMMARY"]) == "جلسه کارگروه"
    assert str(event["LOCATION"]) == "تهران"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["UID"]) == f"meeting-{meeting.pk}@testserver"
    assert str(event["URL"]) == f"http://testserver/meetings/{meeting.pk}/"


def test_calendar_of_a_summer_meeting_before_2022_keeps_daylight_saving(client):
    # Iran kept daylight saving time until 2022: 10:00 in May 2018 was +04:30.
    meeting = MeetingFactory(
        status="scheduled",
        starts_at=datetime.datetime(2018, 4, 30, 10, 0, tzinfo=TEHRAN),
    )
    calendar = calendar_of(client, meeting)
    (zone,) = calendar.walk("VTIMEZONE")
    offsets = {part["TZOFFSETTO"].td for part in zone.subcomponents}
    assert datetime.timedelta(hours=4, minutes=30) in offsets
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("DTSTART").utcoffset() == datetime.timedelta(
        hours=4, minutes=30
    )
    assert event.decoded("DTSTART").astimezone(datetime.UTC).hour == 5


def test_calendar_of_a_cancelled_meeting_says_cancelled(client):
    meeting = MeetingFactory(status="cancelled", ends_at=None)
    (event,) = calendar_of(client, meeting).walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"
    assert "DTEND" not in event


def all_meetings(client) -> icalendar.Calendar:
    response = client.get(reverse("meetings:all_calendar"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_calendar_of_all_meetings_holds_every_public_meeting(client, secretary):
    held = MeetingFactory(title="جلسه برگزارشده")
    services.minutes_change_status(meeting=held, to_status="approved", actor=secretary)
    MeetingFactory(title="جلسه با پیش‌نویس صورتجلسه")
    upcoming = MeetingFactory(
        title="جلسه آینده",
        status="scheduled",
        starts_at=datetime.datetime(2030, 6, 1, 9, 0, tzinfo=TEHRAN),
    )
    cancelled = MeetingFactory(title="جلسه لغوشده", status="cancelled")
    calendar = all_meetings(client)
    events = {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {"جلسه برگزارشده", "جلسه آینده", "جلسه لغوشده"}
    assert str(events["جلسه لغوشده"]["STATUS"]) == "CANCELLED"
    event = events["جلسه آینده"]
    assert str(event["UID"]) == f"meeting-{upcoming.pk}@testserver"
    assert event["DTSTART"].params["TZID"] == "Asia/Tehran"
    assert event.decoded("DTSTART") == datetime.datetime(
        2030, 6, 1, 9, 0, tzinfo=TEHRAN
    )
    (zone,) = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Asia/Tehran"
    with translation.override("fa"):
        name = gettext("Meetings of the NGO working group on female-headed households")
    assert str(calendar["X-WR-CALNAME"]) == name
    assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Tehran"
    # The same event as the meeting's own file, so that the two never double.
    (own,) = calendar_of(client, cancelled).walk("VEVENT")
    assert own["UID"] == events["جلسه لغوشده"]["UID"]


def test_calendar_of_all_meetings_follows_a_change(client, secretary):
    meeting = MeetingFactory(
        status="scheduled",
        starts_at=datetime.datetime(2030, 6, 1, 9, 0, tzinfo=TEHRAN),
    )
    # Last changed an hour ago: the revision is counted in seconds.
    Meeting.objects.filter(pk=meeting.pk).update(
        updated_at=timezone.now() - datetime.timedelta(hours=1)
    )
    (before,) = all_meetings(client).walk("VEVENT")
    meeting.refresh_from_db()
    meeting.starts_at = datetime.datetime(2030, 6, 2, 11, 0, tzinfo=TEHRAN)
    meeting.ends_at = datetime.datetime(2030, 6, 2, 13, 0, tzinfo=TEHRAN)
    meeting.save()
    services.meeting_change_status(
        meeting=meeting, to_status="cancelled", actor=secretary, reason="تعطیلی"
    )
    (after,) = all_meetings(client).walk("VEVENT")
    assert after["UID"] == before["UID"]
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert after.decoded("LAST-MODIFIED") > before.decoded("LAST-MODIFIED")
    assert after.decoded("DTSTART") == datetime.datetime(
        2030, 6, 2, 11, 0, tzinfo=TEHRAN
    )
    assert str(after["STATUS"]) == "CANCELLED"


def test_calendar_of_all_meetings_with_none_is_still_a_calendar(client):
    calendar = all_meetings(client)
    assert calendar.walk("VEVENT") == []


def test_meeting_list_offers_the_calendar_to_subscribe_to(client):
    html = client.get(reverse("meetings:list")).content.decode()
    assert f'href="{reverse("meetings:all_calendar")}"' in html


def test_feed_is_valid_atom_of_public_meetings_newest_first(client, secretary):
    approved = MeetingFactory(title="صورت‌جلسه تصویب‌شده", summary="خلاصه")
    AgendaItemFactory(meeting=approved)
    services.minutes_change_status(
        meeting=approved, to_status="approved", actor=secretary
    )
    MeetingFactory(
        title="پیش‌نویس", starts_at=datetime.datetime(2018, 2, 1, tzinfo=TEHRAN)
    )
    MeetingFactory(
        title="جلسه آینده",
        status="scheduled",
        starts_at=timezone.now() + datetime.timedelta(days=3),
    )
    response = client.get(reverse("meetings:feed"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "جلسه‌های کارگروه سازمان‌های مردم‌نهاد زنان سرپرست خانوار"
    assert feed.feed.language == "fa"
    assert [entry.title for entry in feed.entries] == [
        "جلسه آینده",
        "صورت‌جلسه تصویب‌شده",
    ]
    entry = feed.entries[1]
    assert entry.link == f"http://testserver/meetings/{approved.pk}/"
    assert "دوشنبه ۱۸ دی ۱۳۹۶" in entry.summary
    assert "خلاصه" in entry.summary
    assert entry.tags[0].term == "صورت‌جلسه تصویب‌شده"
    assert entry.updated_parsed is not None


def test_english_feed_has_english_titles_and_gregorian_dates(client, secretary):
    services.minutes_change_status(
        meeting=MeetingFactory(), to_status="approved", actor=secretary
    )
    feed = feedparser.parse(client.get("/en/meetings/feed/").content)
    assert feed.bozo == 0
    assert feed.feed.language == "en"
    assert feed.feed.title == (
        "Meetings of the NGO working group on female-headed households"
    )
    assert "Monday 8 January 2018" in feed.entries[0].summary


def test_feed_runs_a_fixed_number_of_queries(
    client, secretary, django_assert_num_queries
):
    services.minutes_change_status(
        meeting=MeetingFactory(), to_status="approved", actor=secretary
    )
    with django_assert_num_queries(1) as one:
        client.get(reverse("meetings:feed"))
    for day in range(1, 10):
        MeetingFactory(
            status="scheduled", starts_at=datetime.datetime(2018, 2, day, tzinfo=TEHRAN)
        )
    with django_assert_num_queries(1) as many:
        client.get(reverse("meetings:feed"))
    assert len(one.captured_queries) == len(many.captured_queries)
