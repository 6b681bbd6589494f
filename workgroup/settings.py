"""Settings of the working-group site, read from the environment.

Every value that differs between a laptop and production comes from an
environment variable (see ``.env.example`` and README.md). Debug is off unless
``DJANGO_DEBUG`` turns it on, and then the site refuses to start without a
secret key, so a forgotten variable fails loudly instead of running insecurely.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off. See .env.example."
        )
    # Only ever used with debug on, on a developer's machine.
    SECRET_KEY = "insecure-development-key-never-used-with-debug-off"

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"]
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# Applications ---------------------------------------------------------------

# Our apps come last, in the order they depend on each other; the demo-data
# command loads each app's demo in this order.
INSTALLED_APPS = [
    "core.apps.WorkgroupAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_otp",
    # These two under names staff understand in the admin (core.apps).
    "core.apps.TOTPConfig",
    "core.apps.AxesConfig",
    "core",
    "ngos",
    "meetings",
    "proposals",
    "delivery",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so static files get the headers too.
    "core.middleware.security_headers",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Stores pages; outside session, messages and CSRF, to see every cookie
    # they set.
    "core.pagecache.PageCacheMiddleware",
    # django-csp's, with the policy built once (core.middleware.CSPMiddleware).
    "core.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's, the language read from the address alone (core.middleware).
    "core.middleware.LocaleMiddleware",
    # Once the page's language is known: cached pages skip the rest.
    "core.pagecache.PageCacheLookupMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "core.middleware.audit_context",
    # Django's, the message storage made only when used (core.middleware).
    "core.middleware.MessageMiddleware",
    "core.middleware.staff_session_timeout",
    # After the timeout, so that an expired session is ended, not redirected.
    "core.middleware.SecondStepRequired",
    # Last, as django-axes asks: it turns lockouts into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "workgroup.urls"
WSGI_APPLICATION = "workgroup.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        # With loaders unset Django caches compiled templates (debug included).
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
            ],
        },
    },
]

# Data -----------------------------------------------------------------------

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # Writers queue for the lock instead of failing at once, and WAL
            # lets readers go on while one request writes.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    # Persistent connections: a fresh PostgreSQL connection per request costs
    # more than rendering most of our pages.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# CACHE_URL wins; REDIS_URL alone also selects Redis (the shared cache that
# several server processes need); without either, each process has its own.
CACHES = {
    "default": env.cache(
        "CACHE_URL", default=env.str("REDIS_URL", default="locmemcache://")
    )
}

# Sessions stay in the database (Django's default, written out because the
# choice was weighed): every server process shares it and it outlives
# restarts. The cached_db engine would save one primary-key query a request,
# but would put Redis on the path of every signed-in request: a Redis error
# while reading an uncached session or ending one becomes a server error, and
# a sign-out during such an error leaves the session alive in the cache.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Public pages are served to visitors who are not signed in from the cache
# for this long at most (any change makes them stale at once; see
# core.pagecache). Only with a cache that every server process shares:
# a per-process cache could not learn of a change made in another process.
# The same holds for the public lists' counts kept between requests
# (core.pagination.keep_count), whether or not pages are cached.
SHARED_CACHE = "locmem" not in CACHES["default"]["BACKEND"].lower()
PAGE_CACHE_SECONDS = env.int(
    "DJANGO_PAGE_CACHE_SECONDS", default=120 if SHARED_CACHE else 0
)

PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private_media")
# Uploaded files (attachments hold personal data) and the folders made for
# them are readable by the site's own user only. Static files, which are
# public, keep the usual modes (see STORAGES).
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# Authentication -------------------------------------------------------------

# django-axes first: it refuses a locked-out username and address before the
# password is even checked. Representatives may also sign in with their
# mobile number when their username is something else (ngos.backends).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "ngos.backends.RepresentativeMobileBackend",
]

# Django's rules, writing the numbers in their messages in Persian digits
# on Persian pages (core.passwords).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "core.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "core.passwords.MinimumLengthValidator"},
    {"NAME": "core.passwords.CommonPasswordValidator"},
    {"NAME": "core.passwords.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "account"
LOGOUT_REDIRECT_URL = "home"

# Password guessing: after a few failures for one username from one address,
# that pair is locked out for a while. Attempts are kept in the database, so
# every server process sees the same count.
AXES_FAILURE_LIMIT = env.int("DJANGO_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(
    minutes=env.int("DJANGO_LOGIN_LOCKOUT_MINUTES", default=15)
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.security.client_ip"
AXES_USERNAME_CALLABLE = "core.security.login_username"
AXES_LOCKOUT_CALLABLE = "core.security.lockout_response"
# How many reverse proxies add themselves to X-Forwarded-For in front of the
# site; 0 when clients connect directly. Decides whose address is counted.
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)

# Attempts per client address in a window, through the shared cache:
# (limit, seconds). "sign_in" counts failed sign-ins of every username on the
# site's and the admin's sign-in pages together (password spraying); over it,
# every sign-in from that address is refused until the window ends. Offices
# behind one address share it, hence well above a person's typing errors.
RATE_LIMITS = {
    # Registrations that succeed, and (far more) that are sent back with
    # errors: offices and mobile carriers share addresses, and an applicant
    # may need several tries to get a form right.
    "register": (5, 3600),
    "register_failed": (60, 3600),
    "password_reset": (5, 3600),
    "upload": (30, 3600),
    "sign_in": (20, 3600),
}

# Staff sessions end after this long without a request, and in any case
# after this long since signing in.
STAFF_SESSION_IDLE_MINUTES = env.int("DJANGO_STAFF_IDLE_MINUTES", default=30)
STAFF_SESSION_MAX_HOURS = env.int("DJANGO_STAFF_MAX_HOURS", default=10)

# Two-step sign-in (TOTP) for staff: optional unless this is on; once a
# staff member has set it up, it is always asked for.
STAFF_OTP_REQUIRED = env.bool("DJANGO_STAFF_OTP_REQUIRED", default=False)
OTP_TOTP_ISSUER = "workgroup"
# Nobody, not even a superuser, reads another's secret (its set-up page or QR
# code) in the admin; each sets their own up on the two-step page.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Languages, time, formats -----------------------------------------------------

LANGUAGE_CODE = "fa"
LANGUAGES = [("fa", _("Persian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Tehran"
USE_TZ = True
# Django's own "fa" formats are Gregorian with Western digits; ours are
# overridden here, and dates are rendered Jalali by core.jalali.
FORMAT_MODULE_PATH = ["core.formats"]

# Static files -----------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
_hashed_static = not DEBUG and env.bool("DJANGO_STATIC_MANIFEST", default=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if _hashed_static
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        ),
        "OPTIONS": {
            "file_permissions_mode": 0o644,
            "directory_permissions_mode": 0o755,
        },
    },
}
# Hashed file names never change content, so browsers may keep them a year.
WHITENOISE_MAX_AGE = 31536000 if _hashed_static else 0
# Without collectstatic (debug, tests) files are served from their sources.
WHITENOISE_USE_FINDERS = not _hashed_static
WHITENOISE_AUTOREFRESH = not _hashed_static

# E-mail -----------------------------------------------------------------------

# EMAIL_URL gives backend, host, port, user, password and TLS in one value
# (django-environ's documented idiom).
EMAIL_CONFIG = env.email(
    "EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25"
)
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str(
    "DJANGO_DEFAULT_FROM_EMAIL", default="workgroup <no-reply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's address as people reach it, for links in e-mails.
SITE_URL = env.str("DJANGO_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# The position printed under the decider's name on decision letters
# (proposals.letters), in Persian and English.
DECISION_LETTER_POSITION = env.str(
    "DJANGO_LETTER_POSITION",
    default="دبیر کارگروه تخصصی سازمان‌های مردم‌نهاد حوزه زنان سرپرست خانوار",
)
DECISION_LETTER_POSITION_EN = env.str(
    "DJANGO_LETTER_POSITION_EN",
    default="Secretary of the specialist working group with NGOs "
    "serving female-headed households",
)

# Security ---------------------------------------------------------------------

# Behind the reverse proxy that terminates TLS (README, "Deployment").
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

# No inline script or style anywhere: every page, the admin included, loads
# its code and styles from files under /static/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Benchmarks ---------------------------------------------------------------------

# ``make bench`` turns this on to mount a bare baseline page (a fixed short
# answer through every middleware), the yardstick the real pages are measured
# against. Off in production: the page does not exist there.
BENCH = env.bool("DJANGO_BENCH", default=False)

# Forms --------------------------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Logging ------------------------------------------------------------------------

# The audit trail (sign-ins, lockouts, refusals, status changes, exports) is
# one JSON object per line on its own logger, for the log collector. A
# refused request (4xx) is one line, without Django's traceback
# (core.audit.RefusalFilter): on django.request itself, so that a 403 leaves
# only its audit line, and on the console for django.security's loggers.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "refusals": {"()": "core.audit.RefusalFilter"},
    },
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "core.audit.JsonLineFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "filters": ["refusals"],
        },
        "audit": {"class": "logging.StreamHandler", "formatter": "json"},
    },
    "loggers": {
        "workgroup.audit": {"handlers": ["audit"], "level": "INFO", "propagate": False},
        "django.request": {"filters": ["refusals"]},
    },
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", "INFO")},
}
