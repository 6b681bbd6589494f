"""Jalali dates everywhere in the Persian admin, read-only or not: approved
minutes, decided proposals, the history page and the sign-in records. The
English admin keeps Gregorian dates."""

import datetime
import re

import pytest
from axes.models import AccessLog
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation

from meetings.models import Meeting
from tests.factories import TEHRAN, DecisionFactory, MeetingFactory
from tests.proposals.test_admin import sent

pytestmark = pytest.mark.django_db

GREGORIAN = re.compile(r"\b(19|20)\d\d[-/]\d\d[-/]\d\d\b")


def main_text(response):
    """The page's main content as text, without the markup's attributes."""
    html = response.content.decode()
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def test_approved_minutes_show_their_dates_jalali(client, secretary):
    meeting = MeetingFactory()
    DecisionFactory(meeting=meeting)
    Meeting.objects.filter(pk=meeting.pk).update(
        minutes_status="approved", approved_at=meeting.ends_at
    )
    client.force_login(secretary)
    response = client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk]))
    assert response.context["adminform"].form.fields == {}  # read-only
    text = main_text(response)
    assert "۱۳۹۶/۱۰/۱۸ ۱۰:۰۰" in text  # starts_at, 2018-01-08 10:00
    assert "۱۳۹۶/۱۰/۱۸ ۱۲:۰۰" in text  # ends_at
    assert "۱۳۹۶/۱۱/۱۵" in text  # the action item's due date, 2018-02-04
    assert not GREGORIAN.search(text)


def test_the_english_admin_keeps_gregorian_dates(client, secretary):
    meeting = MeetingFactory(approved=True)
    client.force_login(secretary)
    with translation.override("en"):
        url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    text = main_text(client.get(url))
    assert "2018-01-08 10:00" in text
    assert "۱۳۹۶" not in text


def test_a_decided_proposal_shows_its_dates_jalali(client, reviewer):
    proposal = sent(status="approved")
    proposal.decided_at = datetime.datetime(2018, 1, 8, 9, 30, tzinfo=TEHRAN)
    proposal.save(update_fields=["decided_at"])
    client.force_login(reviewer)
    text = main_text(
        client.get(reverse("admin:proposals_proposal_change", args=[proposal.pk]))
    )
    assert "۱۳۹۶/۱۰/۱۸ ۰۹:۳۰" in text
    assert not GREGORIAN.search(text)


def test_the_history_page_shows_jalali_moments(client, secretary):
    meeting = MeetingFactory()
    entry = LogEntry.objects.create(
        user=secretary,
        content_type=ContentType.objects.get_for_model(Meeting),
        object_id=str(meeting.pk),
        object_repr=str(meeting)[:200],
        action_flag=CHANGE,
        change_message="ویرایش",
    )
    moment = datetime.datetime(2018, 1, 8, 11, 5, tzinfo=TEHRAN)
    LogEntry.objects.filter(pk=entry.pk).update(action_time=moment)
    client.force_login(secretary)
    response = client.get(reverse("admin:meetings_meeting_history", args=[meeting.pk]))
    text = main_text(response)
    assert "۱۳۹۶/۱۰/۱۸ ۱۱:۰۵" in text
    assert "۱ " in text  # the count of entries, in Persian digits
    assert not GREGORIAN.search(text)


@pytest.fixture
def sign_in_record():
    record = AccessLog.objects.create(
        username="reviewer", ip_address="10.0.0.1", user_agent="x", path_info="/"
    )
    moment = datetime.datetime(2018, 1, 8, 8, 15, tzinfo=TEHRAN)
    AccessLog.objects.filter(pk=record.pk).update(
        attempt_time=moment, logout_time=moment + datetime.timedelta(hours=1)
    )
    return record


def test_sign_in_records_list_their_times_jalali(client, superuser, sign_in_record):
    client.force_login(superuser)
    response = client.get(reverse("admin:axes_accesslog_changelist"))
    text = main_text(response)
    assert "۱۳۹۶/۱۰/۱۸ ۰۸:۱۵" in text
    assert "۱۳۹۶/۱۰/۱۸ ۰۹:۱۵" in text
    # A Jalali year filter instead of Django's Gregorian date hierarchy.
    assert response.context["cl"].date_hierarchy is None
    assert "attempt_time__jyear=1396" in response.content.decode()
    assert not GREGORIAN.search(text)
