"""Who is asking, and whether they may ask again: client addresses, login
lockouts (django-axes) and rate limits through the shared cache."""

import functools
import re

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext

from core.l10n import localize_digits, to_ascii_digits

_MOBILE = re.compile(r"(\+98|0098|98|0)?9\d{9}")


def client_ip(request) -> str:
    """The client's address, trusting only our own proxies' X-Forwarded-For.

    With ``TRUSTED_PROXY_COUNT`` proxies in front, the address that the
    outermost proxy saw is that many entries from the right of the header;
    anything further left was written by the client and could be forged.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")


# Longer than any username; longer input is refused before it reaches the
# authentication backends (django-axes stores it in a 255-character column).
MAX_USERNAME_LENGTH = 150
# Longer than any passphrase or password manager's password; a longer text
# is refused as a field error, not hashed.
MAX_PASSWORD_LENGTH = 1024


def normalize_login_username(username: str) -> str:
    """The username as stored: ASCII digits, and a mobile as ``09…``.

    Representatives sign in with their mobile number, typed as ``۰۹۱۲…``,
    ``+98 912 …`` or with spaces. Lockouts use the same form, so changing
    how the number is typed does not reset the count.
    """
    ascii_username = to_ascii_digits(username or "").strip()
    compact = re.sub(r"[\s\-()]", "", ascii_username)
    if _MOBILE.fullmatch(compact):
        return "0" + compact[-10:]
    return ascii_username


def login_username(request, credentials) -> str:
    """django-axes' username callable."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return normalize_login_username(username)[:MAX_USERNAME_LENGTH]


def lockout_response(request, response=None, credentials=None, *args, **kwargs):
    """The page a locked-out user sees: why, and for how long (429)."""
    from core import audit

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    audit.log(
        "login.locked_out",
        request=request,
        username=login_username(request, credentials),
    )
    return render(
        request,
        "registration/locked_out.html",
        {"minutes": localize_digits(minutes)},
        status=429,
    )


def _window(scope: str, request) -> tuple[str, int, int]:
    """The cache key counting ``scope`` for this client now, the limit and
    the window's length in seconds."""
    limit, period = settings.RATE_LIMITS[scope]
    window = int(timezone.now().timestamp()) // period
    return f"ratelimit:{scope}:{client_ip(request)}:{window}", limit, period


def limit_reached(scope: str, request) -> int | None:
    """Seconds until this client may send ``scope`` again when it has used up
    ``settings.RATE_LIMITS[scope]`` in the current window, else ``None``.
    Counts nothing: see :func:`count`."""
    key, limit, period = _window(scope, request)
    if (cache.get(key) or 0) < limit:
        return None
    return period - int(timezone.now().timestamp()) % period


def count(scope: str, request) -> None:
    """Count one more ``scope`` event for this client (for limits that
    count only some outcomes, such as successful registrations)."""
    _count(scope, request)


def wait_message(seconds: int) -> str:
    """Try again in so many minutes, in the user's language and digits."""
    minutes = max(1, -(-seconds // 60))
    return gettext(
        "Too many attempts from your connection. "
        "Please try again in %(minutes)s minutes."
    ) % {"minutes": localize_digits(minutes)}


def _count(scope: str, request) -> tuple[int, int, int]:
    """Count one more ``scope`` event for this client; (count, limit, period)."""
    key, limit, period = _window(scope, request)
    cache.add(key, 0, timeout=period)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=period)
        count = 1
    return count, limit, period


# Fields never written back into a page: secrets, and Django's own token
# (the page has a fresh one).
_NOT_KEPT = re.compile(r"password|token|secret|csrfmiddlewaretoken", re.IGNORECASE)


def kept_fields(request) -> list[tuple[str, str]]:
    """What the client typed into the refused form, passwords and codes left
    out: it goes back with the refusal, so that sending it again after the
    wait needs no retyping. Forms with files are not kept (files cannot be),
    and their bodies are not even read: a refused upload costs nothing."""
    if request.content_type != "application/x-www-form-urlencoded":
        return []
    return [
        (name, value)
        for name, values in request.POST.lists()
        if not _NOT_KEPT.search(name)
        for value in values
    ]


def too_many_attempts(request, scope: str, period: int):
    """The 429 page: try again in so many minutes, with what was typed kept."""
    from core import audit

    audit.log("ratelimit.refused", request=request, scope=scope)
    message = wait_message(period)
    kept = kept_fields(request) if request.method == "POST" else []
    return render(request, "429.html", {"message": message, "kept": kept}, status=429)


def rate_limited(scope: str, *, methods=("POST",)):
    """Refuse more than ``settings.RATE_LIMITS[scope]`` requests per address.

    Counted per client address and fixed time window in the shared cache,
    so every server process counts together. Only ``methods`` are counted:
    looking at a form is free, sending it is not. Over the limit the user
    gets a 429 page saying when to try again.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                count, limit, period = _count(scope, request)
                if count > limit:
                    return too_many_attempts(request, scope, period)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


SIGN_IN = "sign_in"


@receiver(user_login_failed, dispatch_uid="security_count_failed_sign_in")
def _count_failed_sign_in(sender, credentials, request=None, **kwargs):
    """Count a failed sign-in against the client's address, whatever the
    username."""
    if request is not None:
        _count(SIGN_IN, request)


def sign_in_limited(view):
    """Refuse every sign-in from an address with too many recent failures.

    django-axes pauses one username from one address; an attacker who tries
    a few passwords on each of many usernames (password spraying) never
    trips it. This counts the failures of all usernames from one address
    (``settings.RATE_LIMITS["sign_in"]``, through the shared cache) and,
    over the limit, refuses even the right password until the window ends:
    otherwise the one right guess among the many would still get in.
    """

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "POST":
            key, limit, period = _window(SIGN_IN, request)
            if (cache.get(key) or 0) >= limit:
                return too_many_attempts(request, SIGN_IN, period)
        return view(request, *args, **kwargs)

    return wrapped
