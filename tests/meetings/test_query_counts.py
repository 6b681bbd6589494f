"""Query counts of the meeting record's pages (the archive, a meeting, its
feed and calendar) and of its admin pages: as many queries with many rows
as with few (see :mod:`tests.query_counts`).
"""

import pytest
from django.urls import reverse

from meetings.models import ActionItem
from ngos.models import FocusArea
from tests.factories import DecisionFactory, MeetingFactory
from tests.query_counts import (
    Page,
    add_meeting_parts,
    add_meetings,
    admin_change,
    admin_list,
    approve,
    check_query_count,
    fixed,
    unmeasured_admin_pages,
)

pytestmark = pytest.mark.django_db

# The most queries each page may run, whatever the number of rows: today's
# count, rounded up a little. Raise one only with a reason.
CEILINGS = {
    "meeting list": 5,
    "meeting list, filtered": 5,
    "meeting feed": 3,
    "meeting page": 11,
    # 15: the agenda's follow-ups are read through their links when there
    # are any (one query more here; one fewer for an agenda without).
    "draft meeting page, for staff": 15,
    "scheduled meeting page": 8,
    "meeting calendar": 3,
    "calendar of all meetings": 3,
    "meetings": 8,
    "action items": 10,
    "meeting": 34,
    "approved meeting": 33,
    "meeting move page": 6,
    "next meeting page": 7,
    "action item move page": 6,
    "action item": 7,
}


def approved_meeting():
    meeting = MeetingFactory()
    approve(meeting)
    return meeting


def grow_meeting(meeting, n):
    add_meeting_parts(meeting, n, focus_areas=FocusArea.objects.all()[: 1 + n // 4])


PUBLIC_PAGES = [
    Page("meeting list", fixed("/meetings/"), lambda s, n: add_meetings(n)),
    Page(
        "meeting list, filtered",
        fixed("/meetings/?q=جلسه&year=1396"),
        lambda s, n: add_meetings(n),
    ),
    Page("meeting feed", fixed("/meetings/feed/"), lambda s, n: add_meetings(n)),
    Page(
        "meeting page",
        lambda meeting: meeting.get_absolute_url(),
        grow_meeting,
        approved_meeting,
    ),
    Page(
        "draft meeting page, for staff",
        lambda meeting: meeting.get_absolute_url(),
        grow_meeting,
        MeetingFactory,
        who="superuser",
    ),
    Page(
        "scheduled meeting page",
        lambda meeting: meeting.get_absolute_url(),
        grow_meeting,
        lambda: MeetingFactory(status="scheduled"),
    ),
    Page(
        "calendar of all meetings",
        fixed("/meetings/calendar.ics"),
        lambda s, n: add_meetings(n),
    ),
    Page(
        "meeting calendar",
        lambda meeting: reverse("meetings:calendar", args=[meeting.pk]),
        grow_meeting,
        approved_meeting,
    ),
]

ADMIN_PAGES = [
    admin_list(
        "meetings",
        "meetings.meeting",
        lambda s, n: add_meetings(n),
        who="superuser",
    ),
    admin_list(
        "action items",
        "meetings.actionitem",
        lambda s, n: add_meetings(n),
        who="superuser",
    ),
    admin_change(
        "meeting",
        "meetings.meeting",
        grow_meeting,
        MeetingFactory,
        who="superuser",
    ),
    admin_change(
        "approved meeting",
        "meetings.meeting",
        grow_meeting,
        approved_meeting,
        who="superuser",
    ),
    Page(
        "next meeting page",
        lambda m: reverse("admin:meetings_meeting_start_next", args=[m.pk]),
        grow_meeting,
        approved_meeting,
        who="superuser",
    ),
    Page(
        "action item move page",
        lambda item: reverse(
            "admin:meetings_actionitem_move", args=[item.pk, "mark_done"]
        ),
        lambda item, n: grow_meeting(item.meeting, n),
        lambda: ActionItem.objects.get(pk=DecisionFactory().pk),
        who="superuser",
    ),
    Page(
        "meeting move page",
        lambda m: reverse("admin:meetings_meeting_move", args=[m.pk, "approve"]),
        grow_meeting,
        MeetingFactory,
        who="superuser",
    ),
    admin_change(
        "action item",
        "meetings.actionitem",
        lambda decision, n: grow_meeting(decision.meeting, n),
        lambda: ActionItem.objects.get(pk=DecisionFactory().pk),
        who="superuser",
    ),
]

PAGES = PUBLIC_PAGES + ADMIN_PAGES


def test_every_admin_list_and_change_page_is_measured():
    """A model registered in the admin later gets its pages measured too."""
    assert unmeasured_admin_pages(ADMIN_PAGES, {"meetings"}) == set()


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_query_count_does_not_grow_with_rows(page, signed_in, count_queries):
    check_query_count(page, signed_in(page.who), count_queries, CEILINGS[page.name])
