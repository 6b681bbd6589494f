"""List filters: chips on the public lists, Jalali date ranges in the admin.

A public list view passes the label of each filter in force, by query-string
parameter, to :func:`filter_chips`; ``templates/includes/_filter_chips.html``
shows the chips with a link that clears them all.

:class:`JalaliDateRangeFilter` is an admin list filter: two boxes, "from" and
"to", that take Jalali (or Gregorian) dates in any digits.
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import PAGE_VAR
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.forms import JalaliDateField


@dataclass(frozen=True)
class FilterChip:
    #: The query-string parameter of the filter.
    name: str
    #: What the reader sees: the words searched, the province's name...
    label: str
    #: The same list without this filter, from its first page.
    remove_url: str


def filter_chips(request, labels: dict[str, str]) -> list[FilterChip]:
    """One chip for each filter in ``labels`` (parameter → label), in order;
    a filter whose label is empty is not in force and has no chip.

    Each chip links to the list at ``request.path`` with every other
    parameter of the query string kept, except the page number: without a
    filter the list is longer, and its page 3 is another page.
    """
    chips = []
    for name, label in labels.items():
        if not label:
            continue
        query = request.GET.copy()
        query.pop(name, None)
        query.pop("page", None)
        url = f"{request.path}?{query.urlencode()}" if query else request.path
        chips.append(FilterChip(name=name, label=str(label), remove_url=url))
    return chips


class DateRangeForm(forms.Form):
    """The two boxes of a date-range filter; both optional."""

    def __init__(self, data, *, from_name: str, to_name: str):
        super().__init__(data)
        self.from_name, self.to_name = from_name, to_name
        self.fields[from_name] = JalaliDateField(
            label=pgettext_lazy("date range", "from"), required=False
        )
        self.fields[to_name] = JalaliDateField(
            label=pgettext_lazy("date range", "to"), required=False
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get(self.from_name), cleaned.get(self.to_name)
        if start and end and start > end:
            raise forms.ValidationError(
                _("The first date is after the second: swap them."),
                code="reversed",
            )
        return cleaned


class JalaliDateRangeFilter(admin.FieldListFilter):
    """From–to dates on a date or date-time field of an admin list.

    ``list_filter = [("submitted_at", JalaliDateRangeFilter)]``. Either box
    may be left empty. A date-time field is compared by the day in Tehran,
    both days included. Text that is not a date is kept in its box with the
    reason next to it and a message at the top of the list, and the list is
    shown unfiltered by this filter: never a 500 nor Django's bare "?e=1".
    """

    template = "admin/jalali_date_range_filter.html"

    def __init__(self, field, request, params, model, model_admin, field_path):
        self.from_param = f"{field_path}__jfrom"
        self.to_param = f"{field_path}__jto"
        super().__init__(field, request, params, model, model_admin, field_path)
        data = {
            name: values[-1] if isinstance(values, list) else values
            for name, values in self.used_parameters.items()
        }
        self.form = DateRangeForm(
            data, from_name=self.from_param, to_name=self.to_param
        )
        self.valid = self.form.is_valid()

    def expected_parameters(self):
        return [self.from_param, self.to_param]

    def queryset(self, request, queryset):
        if not self.used_parameters:
            return queryset
        if not self.valid:
            # One message however often the admin builds the list (facets).
            reported = request.__dict__.setdefault("_date_range_errors", set())
            if self.field_path not in reported:
                reported.add(self.field_path)
                messages.error(
                    request,
                    gettext("The dates of “%(filter)s” were not understood.")
                    % {"filter": self.title},
                )
            return queryset
        start = self.form.cleaned_data.get(self.from_param)
        end = self.form.cleaned_data.get(self.to_param)
        if isinstance(self.field, models.DateTimeField):
            start = start and _start_of_day(start)
            end = end and _start_of_day(end + datetime.timedelta(days=1))
            end_lookup = "lt"
        else:
            end_lookup = "lte"
        if start:
            queryset = queryset.filter(**{f"{self.field_path}__gte": start})
        if end:
            queryset = queryset.filter(**{f"{self.field_path}__{end_lookup}": end})
        return queryset

    def get_facet_counts(self, pk_attname, filtered_qs):
        return {}

    def choices(self, changelist):
        # The form's GET carries the rest of the list's query along; the
        # page number is left out, because the filtered list is another list.
        ours = {self.from_param, self.to_param, PAGE_VAR}
        clear_url = changelist.get_query_string(remove=[self.from_param, self.to_param])
        yield {
            "form": self.form,
            "hidden": [
                (name, value)
                for name, values in changelist.filter_params.items()
                if name not in ours
                for value in values
            ],
            # Django's keys for a choice: the list without this filter.
            "query_string": clear_url,
            "display": self.title,
            "clear_url": clear_url,
            "selected": bool(self.used_parameters),
        }


def _start_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
