"""Addresses of rows by their primary key, without resolving the pattern
for every row.

``reverse("ngos:detail", args=[pk])`` walks the URL patterns each time it is
called; a meeting's record links to the profile of every NGO that spoke and
to the meeting of every open action item (about ninety links), the directory
and the supported list to every row. :func:`address` reverses a pattern once
per language (with a stand-in key) and fills in each row's key, which gives
the same address.
"""

import functools

from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# The key a pattern is reversed with once: digits no address of the site
# has otherwise, so the one place they appear is where the key goes.
_STAND_IN = 918273645546372819


@functools.lru_cache(maxsize=256)
def _around_key(name: str, language, prefix: str, urlconf) -> tuple[str, str]:
    """The address of ``name`` before and after its key (``language``,
    ``prefix`` and ``urlconf`` only key the cache: ``reverse`` reads them)."""
    before, key, after = reverse(name, args=[_STAND_IN]).partition(str(_STAND_IN))
    if not key:
        raise ValueError(f"The address of {name!r} does not show its key.")
    return before, after


def address(name: str, pk, language: str | None = None) -> str:
    """``reverse(name, args=[pk])`` for a pattern whose only argument is an
    integer key (``<int:pk>``), in the active language (``language``, when
    the caller has asked for it already, must be that one)."""
    if not isinstance(pk, int) or isinstance(pk, bool):
        return reverse(name, args=[pk])  # None, a string: reverse decides
    before, after = _around_key(
        name, language or get_language(), get_script_prefix(), get_urlconf()
    )
    return f"{before}{pk}{after}"


def _forget(setting, **kwargs):
    # Tests that change the URLs or the languages (Django clears its own
    # URL caches on the same signal).
    if setting in ("ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE", "FORCE_SCRIPT_NAME"):
        _around_key.cache_clear()


setting_changed.connect(_forget, dispatch_uid="core_links_forget")
