from django.urls import path

from core.pagecache import cache_public_page
from ngos import views

app_name = "ngos"

urlpatterns = [
    path("", cache_public_page(views.NGOListView.as_view()), name="list"),
    path("<int:pk>/", cache_public_page(views.NGODetailView.as_view()), name="detail"),
    path("register/", views.RegisterView.as_view(), name="register"),
    path("application/", views.application_status, name="application"),
    path(
        "application/changes/new/",
        views.change_request_create,
        name="change_request",
    ),
    path(
        "application/changes/<int:pk>/withdraw/",
        views.change_request_withdraw,
        name="change_request_withdraw",
    ),
    # The registry's open data moved to /data/, with the other datasets.
    path(
        "export.csv",
        views.moved_to_open_data,
        {"to": "data_csv"},
        name="export_csv",
    ),
    path(
        "export.json",
        views.moved_to_open_data,
        {"to": "data_json"},
        name="export_json",
    ),
    path(
        "data/",
        views.moved_to_open_data,
        {"to": "dataset"},
        name="data_dictionary",
    ),
]
