"""The registry's reference lists, provinces and focus areas, from the cache.

Every public list offers them as filters and every admin changelist in its
sidebar: two queries on each of those pages for rows that change a few
times a year, through the admin. They are kept in the shared cache, so every
worker sees a change at once, and forgotten whenever one is saved or
deleted (now and again once the change commits, so a list read meanwhile
is not kept); the timeout bounds what a bulk update without signals leaves.
"""

from django.core.cache import cache
from django.db import transaction

from core.l10n import is_persian
from core.persian import sort_key
from ngos.models import FocusArea, Province

KEYS = {Province: "ngos:reference:provinces", FocusArea: "ngos:reference:focus-areas"}
SECONDS = 600


def _cached(model) -> list:
    rows = cache.get(KEYS[model])
    if rows is None:
        rows = list(model.objects.all())
        cache.set(KEYS[model], rows, SECONDS)
    return rows


def provinces() -> list[Province]:
    """Every province, in code order."""
    return _cached(Province)


def provinces_in_language_order() -> list[Province]:
    """Every province in the alphabetical order of the active language."""
    if is_persian():
        return sorted(provinces(), key=lambda p: sort_key(p.name_fa))
    return sorted(provinces(), key=lambda p: p.name_en)


def focus_areas() -> list[FocusArea]:
    """Every focus area, in the order the registry gave them."""
    return _cached(FocusArea)


def forget(sender, using="default", **kwargs) -> None:
    """A province or focus area was written: read the list again."""
    key = KEYS[sender]
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key), using=using)
