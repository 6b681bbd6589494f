"""Site-wide request handling: security headers, the page's language, the
messages, the audit context, the time limits of staff sessions, and the
second step of staff sign-in."""

import datetime
import functools

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as PerResponseCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.contrib.messages.middleware import (
    MessageMiddleware as DjangoMessageMiddleware,
)
from django.contrib.messages.storage import default_storage
from django.core.signals import setting_changed
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject, empty
from django.utils.translation import gettext, trans_real

from core import audit

# Responses that django-csp does not see (static files served by WhiteNoise)
# still get a policy: they need none of the page's permissions.
FALLBACK_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"


class CSPMiddleware(PerResponseCSPMiddleware):
    """django-csp's middleware, with the site's policy built once.

    django-csp builds the policy (and the report-only one) anew for every
    response, a tenth of what a page served from the cache costs. Ours is
    the same on every page: it is built when the settings are first seen
    (again when they change) and set as it is. A response that asks for
    something of its own (django-csp's decorators) or a request that used
    a nonce still goes through django-csp.
    """

    OWN_POLICY = tuple(
        f"_csp_{part}{suffix}"
        for part in ("config", "update", "replace", "exempt")
        for suffix in ("", "_ro")
    )

    # The ids of the settings the policies were built from, and the policies:
    # ((header, policy, excluded URL prefixes), ...).
    _built = (None, ())

    def _policies(self) -> tuple:
        ours, report_only = (
            getattr(settings, name, None)
            for name in (
                "CONTENT_SECURITY_POLICY",
                "CONTENT_SECURITY_POLICY_REPORT_ONLY",
            )
        )
        key = (id(ours), id(report_only))
        if self._built[0] != key:
            policies = []
            for header, policy, config in (
                (HEADER, build_policy(), ours),
                (HEADER_REPORT_ONLY, build_policy(report_only=True), report_only),
            ):
                if policy:
                    excluded = tuple((config or {}).get("EXCLUDE_URL_PREFIXES") or ())
                    policies.append((header, policy, excluded))
            self._built = (key, tuple(policies))
        return self._built[1]

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            hasattr(response, name) for name in self.OWN_POLICY
        ):
            return super().process_response(request, response)
        if settings.DEBUG and response.status_code in (404, 500):
            return response  # Django's debug pages, as django-csp does
        for header, policy, excluded in self._policies():
            if header not in response and not request.path_info.startswith(excluded):
                response[header] = policy
        # As django-csp: a nonce asked for after this point is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, taking the language from the address alone where the
    addresses say it all.

    With language-prefixed addresses and the default language unprefixed
    (this site: ``/en/...`` is English, everything else Persian), Django's
    middleware reads the language cookie and parses ``Accept-Language`` on
    every request only to set the answer aside for the address's, and looks
    the address's first segment up as a language three times a request (an
    exception each time for ``/ngos/``). This asks the address once, each
    first segment's answer kept per worker, with the same result and the
    same headers. Any other arrangement of the addresses goes Django's way.
    """

    def process_request(self, request):
        if not self._address_decides(request):
            return super().process_request(request)
        language = _language_of(request.path_info) or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        return None

    def process_response(self, request, response):
        if not self._address_decides(request):
            return super().process_response(request, response)
        # Django's, less the redirect to a prefixed address (only for a
        # prefixed default language).
        if not _language_of(request.path_info):
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response

    @staticmethod
    def _address_decides(request) -> bool:
        urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
        prefixed, default_prefixed = is_language_prefix_patterns_used(urlconf)
        return prefixed and not default_prefixed


def _language_of(path: str) -> str | None:
    """The language of ``path``'s prefix, as Django's
    ``get_language_from_path`` finds it."""
    match = trans_real.language_code_prefix_re.match(path)
    return _prefix_language(match[1]) if match else None


@functools.lru_cache(maxsize=512)
def _prefix_language(prefix: str) -> str | None:
    try:
        return translation.get_supported_language_variant(prefix)
    except LookupError:
        return None


def _forget_prefixes(setting, **kwargs):
    if setting in ("LANGUAGES", "LANGUAGE_CODE"):  # tests only
        _prefix_language.cache_clear()


setting_changed.connect(_forget_prefixes, dispatch_uid="locale_prefixes")


def has_session(request) -> bool:
    """Whether the request may belong to a signed-in user: without the
    session cookie it cannot (and its user need not be looked up)."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def security_headers(get_response):
    """Headers Django does not set, on every response."""

    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        response.headers.setdefault(
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
        )
        response.headers.setdefault("Content-Security-Policy", FALLBACK_CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", settings.SECURE_REFERRER_POLICY)
        return response

    return middleware


def audit_context(get_response):
    """Remember the request so that audit lines can name the client."""

    def middleware(request):
        token = audit.current_request.set(request)
        try:
            return get_response(request)
        finally:
            audit.current_request.reset(token)

    return middleware


class MessageMiddleware(DjangoMessageMiddleware):
    """Django's, with the message storage made when something first adds or
    reads a message.

    Django's makes the storage (a cookie storage and a session storage
    behind it) for every request and asks it to update the response after,
    though most answers (files, feeds, open data, redirects of static
    addresses, health checks) never touch a message. Untouched, there is
    nothing to store: the response goes out as it is. Pages that show
    messages (every page of ``base.html``) read them as before.
    """

    def process_request(self, request):
        request._messages = SimpleLazyObject(lambda: default_storage(request))

    def process_response(self, request, response):
        stored = getattr(request, "_messages", None)
        if isinstance(stored, SimpleLazyObject) and stored._wrapped is empty:
            return response
        return super().process_response(request, response)


SESSION_STARTED = "staff_session_started"
SESSION_SEEN = "staff_session_seen"
# The last request is noted to the minute: noting every request would write
# the session row on every page a staff member opens.
SEEN_PRECISION = 60


def staff_session_timeout(get_response):
    """Sign staff out after a while idle, and after a working day at most.

    Staff sessions reach personal identifiers and decisions; a session left
    open on a shared office computer should not last. Representatives keep
    Django's usual session length.
    """

    def middleware(request):
        if not has_session(request):
            return get_response(request)  # nobody signed in
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            now = timezone.now().timestamp()
            started = request.session.setdefault(SESSION_STARTED, now)
            seen = request.session.get(SESSION_SEEN, now)
            idle = datetime.timedelta(minutes=settings.STAFF_SESSION_IDLE_MINUTES)
            longest = datetime.timedelta(hours=settings.STAFF_SESSION_MAX_HOURS)
            if (
                now - seen > idle.total_seconds()
                or now - started > longest.total_seconds()
            ):
                audit.log("session.expired", request=request)
                logout(request)
                messages.info(
                    request,
                    gettext("Your session ended for safety. Please sign in again."),
                )
                # Staff sign in again on the admin's page, wherever they were:
                # the public one refuses them.
                return redirect_to_login(
                    request.get_full_path(), reverse("admin:login")
                )
            if SESSION_SEEN not in request.session or now - seen >= SEEN_PRECISION:
                request.session[SESSION_SEEN] = now
        return get_response(request)

    return middleware


class SecondStepRequired:
    """A staff session that owes its two-step code gets no page but the admin's.

    Such a session (see :func:`core.twostep.owes_second_step`) is sent from
    every page of the site to the admin's sign-in, which asks for the code
    (or, when two-step sign-in is compulsory and not set up yet, to its
    set-up page), and may sign out. The admin refuses it by itself
    (``WorkgroupAdminSite.has_permission``). Deciding it here, for every
    view at once, means that no page giving staff something (attachments,
    draft meetings, the landing page) can forget to ask.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from core.twostep import owes_second_step

        if not has_session(request):
            return None  # nobody signed in
        match = request.resolver_match
        if "admin" in match.namespaces or match.url_name == "logout":
            return None
        if owes_second_step(request):
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        return None
