"""The meeting secretaries' desk on the admin's front page, and the
meetings list's filter it links to."""

import datetime

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from core import roles
from meetings.dashboard import secretary_desk
from meetings.models import Meeting
from tests.factories import DecisionFactory, MeetingFactory, StaffFactory

pytestmark = pytest.mark.django_db


def days(n):
    return datetime.timedelta(days=n)


def over(days_ago, **kwargs):
    """A meeting that ended ``days_ago`` and is still scheduled."""
    return MeetingFactory(
        status=Meeting.Status.SCHEDULED,
        starts_at=timezone.now() - days(days_ago),
        **kwargs,
    )


def desk_of(client, user, language="fa"):
    client.force_login(user)
    with translation.override(language):
        html = client.get(reverse("admin:index")).content.decode()
    if "secretary-desk" not in html:
        return None
    start = html.index("secretary-desk")
    return html[start : html.index("</div>", start)]


def section(desk, heading):
    part = desk[desk.index(heading) :]
    end = part.find("<h3>", 1)
    return part if end < 0 else part[:end]


def test_meetings_over_but_not_recorded_oldest_first(client, secretary):
    older = over(20, title="جلسه قدیمی")
    newer = over(2, title="جلسه تازه")
    MeetingFactory(
        status=Meeting.Status.SCHEDULED,
        starts_at=timezone.now() + days(3),
        title="جلسه آینده",
    )
    # Started an hour ago and not over yet.
    MeetingFactory(
        status=Meeting.Status.SCHEDULED,
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        ends_at=timezone.now() + datetime.timedelta(hours=1),
        title="جلسه در جریان",
    )
    MeetingFactory(status=Meeting.Status.CANCELLED, title="جلسه لغوشده")
    part = section(desk_of(client, secretary), "جلسه‌هایی که")
    assert part.index(older.title) < part.index(newer.title)
    for title in ("جلسه آینده", "جلسه در جریان", "جلسه لغوشده"):
        assert title not in part
    assert reverse("admin:meetings_meeting_change", args=[older.pk]) in part
    assert reverse("admin:meetings_meeting_changelist") + "?awaiting=record" in part


def test_minutes_awaiting_approval_oldest_first(client, secretary):
    older = MeetingFactory(starts_at=timezone.now() - days(30), title="صورت قدیمی")
    newer = MeetingFactory(starts_at=timezone.now() - days(3), title="صورت تازه")
    MeetingFactory(approved=True, title="صورت تأییدشده")
    part = section(desk_of(client, secretary), "صورت‌جلسه‌های")
    assert part.index(older.title) < part.index(newer.title)
    assert "صورت تأییدشده" not in part
    assert reverse("admin:meetings_meeting_change", args=[newer.pk]) in part
    assert reverse("admin:meetings_meeting_changelist") + "?awaiting=approval" in part


def test_overdue_action_items_with_their_badge(client, secretary):
    today = timezone.localdate()
    meeting = MeetingFactory()
    later = DecisionFactory(meeting=meeting, text="دیر کرده", due_on=today - days(2))
    first = DecisionFactory(
        meeting=meeting, text="خیلی دیر کرده", due_on=today - days(9)
    )
    DecisionFactory(meeting=meeting, text="هنوز وقت دارد", due_on=today + days(2))
    DecisionFactory(
        meeting=meeting,
        text="انجام شده",
        due_on=today - days(5),
        status="done",
        done_on=today,
    )
    DecisionFactory(meeting=meeting, kind="decision", text="فقط تصمیم", due_on=None)
    part = section(desk_of(client, secretary), "اقدام‌های")
    assert part.index(first.text) < part.index(later.text)
    for text in ("هنوز وقت دارد", "انجام شده", "فقط تصمیم"):
        assert text not in part
    assert "desk-badge overdue" in part
    assert "۹ روز دیرکرد" in part
    assert reverse("admin:meetings_actionitem_change", args=[first.pk]) in part
    assert reverse("admin:meetings_actionitem_changelist") + "?overdue=yes" in part


def test_the_desk_reads_in_english(client, secretary):
    DecisionFactory(due_on=timezone.localdate() - days(1))
    desk = desk_of(client, secretary, "en")
    assert "Minutes awaiting approval" in desk
    assert "1 day overdue" in desk


def test_an_empty_desk_says_so(client, secretary):
    desk = desk_of(client, secretary)
    assert "هر جلسه‌ای که برگزار شده ثبت شده است" in desk
    assert "صورت‌جلسه‌ای در انتظار تأیید نیست" in desk
    assert "اقدامی از موعدش نگذشته است" in desk


@pytest.mark.parametrize(
    "groups", [[roles.REVIEWERS], [roles.REGISTRY_OFFICERS], [roles.CALL_MANAGERS]]
)
def test_staff_who_keep_no_minutes_have_no_desk(client, groups):
    over(3)
    assert desk_of(client, StaffFactory(groups=groups)) is None


@pytest.mark.parametrize("awaiting", ["record", "approval"])
def test_the_meetings_list_filters_what_awaits(client, secretary, awaiting):
    not_recorded = over(5, title="ثبت‌نشده")
    draft = MeetingFactory(title="پیش‌نویس")
    MeetingFactory(approved=True, title="تأییدشده")
    client.force_login(secretary)
    url = reverse("admin:meetings_meeting_changelist") + f"?awaiting={awaiting}"
    response = client.get(url)
    shown = [meeting.pk for meeting in response.context["cl"].result_list]
    expected = not_recorded if awaiting == "record" else draft
    assert shown == [expected.pk]


@pytest.mark.parametrize("rows", [2, 20])
def test_the_desk_costs_three_queries(secretary, count_queries, rows):
    today = timezone.localdate()
    for i in range(rows):
        over(i + 1)
        meeting = MeetingFactory(starts_at=timezone.now() - days(i + 1))
        DecisionFactory(meeting=meeting, due_on=today - days(i + 1))
    request = RequestFactory().get("/")
    request.user = secretary
    secretary.has_perm("meetings.change_meeting")  # the permissions cached
    with count_queries() as queries:
        context = secretary_desk(request)
    assert len(context["awaiting_record"]) == min(rows, 10)
    assert len(context["awaiting_approval"]) == min(rows, 10)
    assert len(context["overdue_items"]) == min(rows, 10)
    assert len(queries) == 3
