"""The meeting record's public pages, under ``/meetings/``."""

from django.urls import path

from workgroup import views
from workgroup.feeds import MeetingFeed

app_name = "meetings"

urlpatterns = [
    path("", views.MeetingListView.as_view(), name="list"),
    path("feed/", MeetingFeed(), name="feed"),
    path("<int:pk>/", views.MeetingDetailView.as_view(), name="detail"),
    path("<int:pk>/calendar.ics", views.meeting_calendar, name="calendar"),
]
