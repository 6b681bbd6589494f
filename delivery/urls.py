"""Delivery's pages, under ``/proposals/`` beside the proposals' own."""

from django.urls import path

from core.pagecache import cache_public_page
from core.security import rate_limited
from delivery import views

app_name = "delivery"

urlpatterns = [
    path(
        "supported/<int:pk>/",
        cache_public_page(views.plan_public),
        name="plan",
    ),
    path("<int:pk>/plan/", views.plan_manage, name="manage"),
    path(
        "<int:pk>/plan/milestones/new/",
        views.milestone_create,
        name="milestone_create",
    ),
    path(
        "<int:pk>/plan/reports/new/",
        rate_limited("upload")(views.report_create),
        name="report_create",
    ),
    path(
        "<int:pk>/plan/reports/<int:report_pk>/",
        rate_limited("upload")(views.report_detail),
        name="report",
    ),
    path(
        "<int:pk>/plan/reports/<int:report_pk>/files/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment",
    ),
]
