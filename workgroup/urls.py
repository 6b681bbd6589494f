from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from core import views
from core.forms import ResetPasswordForm, SignInForm
from core.pagecache import cache_public_page
from core.security import rate_limited, sign_in_limited

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"

# Persian pages have no prefix; English ones live under /en/.
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
]

# Only for `make bench`: in production there is no such page, not even a 404
# view that knows of it.
if settings.BENCH:
    urlpatterns.append(path("bench/baseline", views.bench_baseline))

urlpatterns += i18n_patterns(
    path("", cache_public_page(views.HomeView.as_view()), name="home"),
    path("ngos/", include("ngos.urls")),
    # Before the proposals' own: a supported plan's pages live under theirs.
    path("proposals/", include("delivery.urls")),
    path("proposals/", include("proposals.urls")),
    path("calls/", include("proposals.call_urls")),
    path("letters/", include("proposals.letter_urls")),
    path(
        "accounts/login/",
        sign_in_limited(auth_views.LoginView.as_view(authentication_form=SignInForm)),
        name="login",
    ),
    path(
        "accounts/password_reset/",
        rate_limited("password_reset")(
            auth_views.PasswordResetView.as_view(form_class=ResetPasswordForm)
        ),
        name="password_reset",
    ),
    path("accounts/", views.account, name="account"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("meetings/", include("meetings.urls")),
    path("about/", cache_public_page(views.AboutView.as_view()), name="about"),
    path("contact/", cache_public_page(views.ContactView.as_view()), name="contact"),
    path("privacy/", cache_public_page(views.PrivacyView.as_view()), name="privacy"),
    path("stats/", cache_public_page(views.StatsView.as_view()), name="stats"),
    path("stats/<slug:slug>.csv", views.stats_csv, name="stats_csv"),
    path("data/", cache_public_page(views.DataView.as_view()), name="data"),
    path(
        "data/<slug:slug>/",
        cache_public_page(views.DatasetView.as_view()),
        name="dataset",
    ),
    path("data/<slug:slug>.csv", views.dataset_csv, name="data_csv"),
    path("data/<slug:slug>.json", views.dataset_json, name="data_json"),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)
