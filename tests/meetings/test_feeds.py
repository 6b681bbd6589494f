"""The meeting record's machine-readable forms: iCalendar and Atom."""

import datetime

import feedparser
import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services
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
