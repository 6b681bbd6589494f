"""The ministry's admin site and the pieces every ModelAdmin of ours shares.

Persian is done right in the admin too: dates are typed and shown Jalali
(``JalaliAdminMixin``), and lists filter by Jalali year
(:func:`jalali_year_filter`). Every ModelAdmin and inline of the project
derives from :class:`ModelAdmin`, :class:`TabularInline` or
:class:`StackedInline` below.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Max, Min
from django.template.loader import render_to_string
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from workgroup.forms import (
    JalaliDateField,
    JalaliDateInput,
    JalaliSplitDateTimeField,
    JalaliSplitDateTimeWidget,
)
from workgroup.jalali import (
    format_short_date,
    format_short_datetime,
    jalali_year,
    year_bounds,
    year_datetime_bounds,
)
from workgroup.persian import localize_digits


class WorkgroupAdminSite(admin.AdminSite):
    site_header = _("Working group on NGOs for female-headed households")
    site_title = _("Working group administration")
    index_title = _("Ministry staff desk")
    index_template = "admin/workgroup_index.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._panels = []

    def register_panel(self, template_name: str, get_context) -> None:
        """Add a panel to the staff's front page.

        Apps register their panels from ``AppConfig.ready()``, so the site
        knows nothing of them. ``get_context(request)`` returns the panel's
        context, or ``None`` when the user should not see it.
        """
        self._panels.append((template_name, get_context))

    def index(self, request, extra_context=None):
        panels = []
        for template_name, get_context in self._panels:
            context = get_context(request)
            if context is not None:
                panels.append(render_to_string(template_name, context, request))
        extra_context = {**(extra_context or {}), "panels": panels}
        return super().index(request, extra_context)


JALALI_FORMFIELD_OVERRIDES = {
    models.DateField: {"form_class": JalaliDateField, "widget": JalaliDateInput},
    models.DateTimeField: {
        "form_class": JalaliSplitDateTimeField,
        "widget": JalaliSplitDateTimeWidget,
    },
}


def jalali_column(field_name: str, verbose_name, *, with_time: bool):
    """A ``list_display`` column that shows a date field as Jalali."""

    def column(obj):
        value = getattr(obj, field_name)
        if with_time:
            return format_short_datetime(value)
        return format_short_date(value)

    column.__name__ = field_name
    column.short_description = verbose_name
    column.admin_order_field = field_name
    return column


class JalaliAdminMixin:
    """Jalali input for every date field and Jalali display in the list.

    Date fields named in ``list_display`` are shown as ``۱۳۹۶/۱۰/۱۸`` (and
    still sort by their real value) without each admin writing a method.
    """

    formfield_overrides = JALALI_FORMFIELD_OVERRIDES

    def get_list_display(self, request):
        columns = []
        for name in super().get_list_display(request):
            field = _date_field(self.model, name)
            if field is None:
                columns.append(name)
            else:
                columns.append(
                    jalali_column(
                        name,
                        field.verbose_name,
                        with_time=isinstance(field, models.DateTimeField),
                    )
                )
        return columns

    def get_list_display_links(self, request, list_display):
        links = super().get_list_display_links(request, list_display)
        if not links:
            return links
        # Keep links declared by name working after the Jalali swap above.
        names = {getattr(item, "__name__", item): item for item in list_display}
        return [names.get(link, link) for link in links]


def _date_field(model, name):
    if not isinstance(name, str):
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if isinstance(field, models.DateField):  # DateTimeField is a DateField
        return field
    return None


class ModelAdmin(JalaliAdminMixin, admin.ModelAdmin):
    pass


class LabelledCellsMixin:
    """Gives every field of a tabular inline's rows an accessible name.

    A tabular inline shows each field's label once, as a column heading, so
    the inputs in the rows have no label of their own and screen readers
    announce them nameless (axe: label, select-name). Each input is named
    after its column instead. Radio buttons and checkbox lists are left
    alone: their options carry their own labels.
    """

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for field in form.fields.values():
            widget = getattr(field.widget, "widget", field.widget)  # "+" wrapper
            if getattr(widget, "input_type", None) == "radio" or isinstance(
                widget, forms.CheckboxSelectMultiple
            ):
                continue
            if field.label:
                widget.attrs.setdefault("aria-label", capfirst(str(field.label)))


class TabularInline(admin.TabularInline):
    formfield_overrides = JALALI_FORMFIELD_OVERRIDES

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (LabelledCellsMixin, formset), {})


class StackedInline(admin.StackedInline):
    formfield_overrides = JALALI_FORMFIELD_OVERRIDES


def jalali_year_filter(field_name: str, title=None):
    """A list filter by Jalali year of ``field_name`` (a date or date-time).

    The years offered run from the newest to the oldest value present, found
    with one MIN/MAX query that an index on the field answers.
    """

    class JalaliYearFilter(admin.SimpleListFilter):
        parameter_name = f"{field_name}__jyear"

        def lookups(self, request, model_admin):
            bounds = model_admin.get_queryset(request).aggregate(
                first=Min(field_name), last=Max(field_name)
            )
            if bounds["first"] is None:
                return []
            newest, oldest = jalali_year(bounds["last"]), jalali_year(bounds["first"])
            return [
                (str(year), localize_digits(year))
                for year in range(newest, oldest - 1, -1)
            ]

        def queryset(self, request, queryset):
            if not self.value():
                return queryset
            try:
                year = int(self.value())
                field = queryset.model._meta.get_field(field_name)
                if isinstance(field, models.DateTimeField):
                    start, end = year_datetime_bounds(year)
                else:
                    start, end = year_bounds(year)
            except (ValueError, OverflowError) as error:
                raise IncorrectLookupParameters(error) from None
            return queryset.filter(
                **{f"{field_name}__gte": start, f"{field_name}__lt": end}
            )

    JalaliYearFilter.title = title or _("Jalali year")
    JalaliYearFilter.__name__ = f"JalaliYearFilter_{field_name}"
    return JalaliYearFilter
