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
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.json", views.export_json, name="export_json"),
    path(
        "data/",
        cache_public_page(views.DataDictionaryView.as_view()),
        name="data_dictionary",
    ),
]
