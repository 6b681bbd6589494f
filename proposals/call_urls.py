"""The public pages of the calls for proposals, at ``/calls/``."""

from django.urls import path

from core.pagecache import cache_public_page
from proposals import views

app_name = "calls"

urlpatterns = [
    path("", cache_public_page(views.call_list), name="list"),
    path("<int:pk>/", cache_public_page(views.call_detail), name="detail"),
]
