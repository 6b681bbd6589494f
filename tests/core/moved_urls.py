"""The directory's addresses under ``/moved/``: for tests that change the
URLs."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

urlpatterns = i18n_patterns(
    path("moved/ngos/", include("ngos.urls")), prefix_default_language=False
)
