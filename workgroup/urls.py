from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from workgroup import views

# Persian pages have no prefix; English ones live under /en/.
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
]

urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path("meetings/", include("workgroup.meeting_urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)
