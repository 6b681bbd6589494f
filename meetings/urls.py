"""The meeting record's public pages, under ``/meetings/``."""

from django.urls import path

from core.pagecache import cache_public_page
from meetings import views
from meetings.feeds import MeetingFeed

app_name = "meetings"

urlpatterns = [
    path("", cache_public_page(views.MeetingListView.as_view()), name="list"),
    path("feed/", MeetingFeed(), name="feed"),
    path("calendar.ics", views.calendar, name="all_calendar"),
    path(
        "<int:pk>/",
        cache_public_page(views.MeetingDetailView.as_view()),
        name="detail",
    ),
    path("<int:pk>/calendar.ics", views.meeting_calendar, name="calendar"),
]
