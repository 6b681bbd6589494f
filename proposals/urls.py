from django.urls import path

from core.pagecache import cache_public_page
from core.security import rate_limited
from proposals import views

app_name = "proposals"

urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("new/", views.proposal_create, name="create"),
    path(
        "supported/",
        cache_public_page(views.SupportedListView.as_view()),
        name="supported",
    ),
    path("<int:pk>/", views.proposal_detail, name="detail"),
    path("<int:pk>/edit/", views.proposal_update, name="update"),
    path("<int:pk>/submit/", views.proposal_submit, name="submit"),
    path("<int:pk>/withdraw/", views.proposal_withdraw, name="withdraw"),
    path(
        "<int:pk>/attachments/",
        rate_limited("upload")(views.attachment_add),
        name="attachment_add",
    ),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment",
    ),
    path(
        "<int:pk>/letters/<int:letter_pk>/",
        views.letter_download,
        name="letter",
    ),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/remove/",
        views.attachment_remove,
        name="attachment_remove",
    ),
]
