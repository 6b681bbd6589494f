"""Admin lists that answer bad filter values as "?e=1", never a server error.

Every ModelAdmin the site registers gets :class:`SafeChangelistMixin` (see
``core.admin_site.WorkgroupAdminSite.register``), and every admin view that
reads a list's filters is wrapped in :func:`lookups_refused_to_list`.
"""

from functools import wraps

from django.contrib import admin
from django.contrib.admin.options import (
    IS_FACETS_VAR,
    IS_POPUP_VAR,
    TO_FIELD_VAR,
    IncorrectLookupParameters,
)
from django.contrib.admin.views.main import (
    ALL_VAR,
    ERROR_FLAG,
    ORDER_VAR,
    PAGE_VAR,
    SEARCH_VAR,
)
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.http import HttpResponseRedirect
from django.urls import reverse

# The changelist's own parameters; every other one is a filter's.
_LIST_PARAMETERS = {
    ALL_VAR,
    ORDER_VAR,
    PAGE_VAR,
    SEARCH_VAR,
    ERROR_FLAG,
    IS_FACETS_VAR,
    IS_POPUP_VAR,
    TO_FIELD_VAR,
}
# The widest integer column (a 64-bit key) and its number of digits.
_MAX_INTEGER = 2**63 - 1
_MAX_INTEGER_DIGITS = len(str(_MAX_INTEGER))


def _beyond_any_column(text: str) -> bool:
    """An integer literal wider than any integer column, e.g. 10**22.

    Such a value is a server error at the database (SQLite cannot bind it,
    a date drill-down cannot build the date) rather than "nothing matches".
    Digits are counted before ``int()``, which refuses thousands of digits.
    """
    digits = text.strip().removeprefix("-").removeprefix("+").lstrip("0")
    if not (digits.isascii() and digits.isdigit()):
        return False
    return len(digits) > _MAX_INTEGER_DIGITS or int(digits) > _MAX_INTEGER


def check_changelist_parameters(query) -> None:
    """Raise ``IncorrectLookupParameters`` for a value no filter can compare.

    A NUL character is refused everywhere (PostgreSQL refuses it in any
    text), and a number wider than any column in a filter's value or in an
    item of an ``__in`` list. Django turns the refusal into a redirect to
    the list with ``?e=1``.
    """
    for name, values in query.lists():
        for value in values:
            if "\x00" in name or "\x00" in value:
                raise IncorrectLookupParameters(f"{name}: NUL character")
            if name in _LIST_PARAMETERS:
                continue
            if any(_beyond_any_column(part) for part in value.split(",")):
                raise IncorrectLookupParameters(f"{name}: number out of range")


def lookups_refused_to_list(view):
    """``view``, answering bad filter values as the changelist does.

    Django's changelist turns ``IncorrectLookupParameters`` into a redirect
    to the list with ``?e=1``; other views of a ModelAdmin that read the
    list's filters (an export) get the same answer instead of a 500.
    """
    model_admin = getattr(view, "__self__", None)
    if not isinstance(model_admin, admin.ModelAdmin):
        return view

    @wraps(view)
    def inner(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except IncorrectLookupParameters:
            opts = model_admin.model._meta
            url = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_changelist",
                current_app=model_admin.admin_site.name,
            )
            return HttpResponseRedirect(f"{url}?{ERROR_FLAG}=1")

    return inner


class SafeChangelistMixin:
    """A changelist that answers bad filter values with ``?e=1``, never a 500.

    Values are checked before any query (:func:`check_changelist_parameters`);
    what a filter still cannot use is caught where the list is built, which
    is also where its rows are counted and read. Django itself catches only
    some of these (``ValueError`` for a field's own filter, not the
    ``OverflowError`` of a date drill-down or the database's refusals).
    """

    def get_changelist_instance(self, request):
        check_changelist_parameters(request.GET)
        try:
            changelist = super().get_changelist_instance(request)
        except (DatabaseError, OverflowError, ValueError, ValidationError) as error:
            raise IncorrectLookupParameters(error) from error
        # A paginator that learnt more while reading the page (the exact
        # count past the real end of an estimate that overshot, or more rows
        # than one that undershot) may have moved to the real last page; the
        # list's count and page number say what it showed.
        paginator = getattr(changelist, "paginator", None)
        if paginator is not None:
            changelist.result_count = paginator.count
            changelist.multi_page = paginator.count > changelist.list_per_page
            changelist.page_num = getattr(paginator, "shown", changelist.page_num)
        return changelist
