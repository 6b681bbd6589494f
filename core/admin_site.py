"""The ministry's admin site and the pieces every ModelAdmin of ours shares.

Persian is done right in the admin too: dates are typed and shown Jalali
(``JalaliAdminMixin``), and lists filter by Jalali year
(:func:`jalali_year_filter`). Every ModelAdmin and inline of the project
derives from :class:`ModelAdmin`, :class:`TabularInline` or
:class:`StackedInline` below.

Every ModelAdmin registered on the site, Django's and other packages' too,
refuses filter values that no database can compare (``core.admin_guards``):
the list, and any other view of the admin that reads its filters (an
export), answers with Django's "invalid lookup" redirect, never a server
error; so does the autocomplete for a search term no database can compare.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import (
    IncorrectLookupParameters,
)
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Max, Min
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect, JsonResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import audit
from core.admin_guards import SafeChangelistMixin, lookups_refused_to_list
from core.admin_rows import RowLinksMixin
from core.forms import (
    JalaliDateField,
    JalaliDateInput,
    JalaliSplitDateTimeField,
    JalaliSplitDateTimeWidget,
    ModelChoiceField,
    ModelMultipleChoiceField,
    TextField,
)
from core.jalali import (
    format_short_date,
    format_short_datetime,
    jalali_year,
    year_bounds,
    year_datetime_bounds,
)
from core.l10n import localize_digits
from core.pagination import LargePaginator


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

    def get_app_list(self, request, app_label=None):
        # Built once a request: the front page asks for it twice (its own
        # list, and the context every admin page gets for its sidebar), each
        # time checking every model's permissions and reversing two
        # addresses a model.
        lists = request.__dict__.setdefault("_workgroup_app_lists", {})
        if app_label not in lists:
            lists[app_label] = super().get_app_list(request, app_label)
        return lists[app_label]

    def register(self, model_or_iterable, admin_class=None, **options):
        # Admins of Django and other packages get the same guard as ours.
        # Every deletion it still allows is audited, and sign-in records
        # (django-axes) are deleted by nobody here.
        admin_class = admin_class or admin.ModelAdmin
        models_ = (
            [model_or_iterable]
            if isinstance(model_or_iterable, type)
            else list(model_or_iterable)
        )
        # Their dates are shown Jalali too, in lists and read-only fields,
        # and their Gregorian date hierarchy becomes a Jalali year filter;
        # their rows link as ours do (core.admin_rows).
        mixins = [
            mixin
            for mixin in (
                SafeChangelistMixin,
                RowLinksMixin,
                AuditedDeletionMixin,
                JalaliReadonlyMixin,
                JalaliListMixin,
            )
            if not issubclass(admin_class, mixin)
        ]
        if any(model._meta.app_label in UNDELETABLE_APPS for model in models_):
            mixins.insert(0, NoDeletionMixin)
        attrs = {"__module__": admin_class.__module__}
        if admin_class.date_hierarchy:
            attrs["date_hierarchy"] = None
            attrs["list_filter"] = (
                *admin_class.list_filter,
                jalali_year_filter(admin_class.date_hierarchy),
            )
        if mixins or admin_class.date_hierarchy:
            admin_class = type(admin_class.__name__, (*mixins, admin_class), attrs)
        super().register(model_or_iterable, admin_class, **options)

    def admin_view(self, view, cacheable=False):
        return super().admin_view(lookups_refused_to_list(view), cacheable)

    def autocomplete_view(self, request):
        # A search term no database can compare finds nothing, like a term
        # that matches nothing, instead of failing in the database.
        if "\x00" in request.GET.get("term", ""):
            return JsonResponse({"results": [], "pagination": {"more": False}})
        return super().autocomplete_view(request)

    def has_permission(self, request):
        # Staff with two-step sign-in (compulsory, or set up by them) use the
        # admin only after giving a code in this session.
        from core.twostep import owes_second_step

        return super().has_permission(request) and not owes_second_step(request)

    @property
    def login_form(self):
        from core.twostep import StaffSignInForm

        return StaffSignInForm

    def login(self, request, extra_context=None):
        from core.security import sign_in_limited

        # Failed sign-ins of the site and the admin count together.
        return sign_in_limited(self._login)(request, extra_context)

    def _login(self, request, extra_context=None):
        from core.twostep import must_enrol, owes_second_step

        if must_enrol(request.user):
            return HttpResponseRedirect(
                reverse("admin:two_step", current_app=self.name)
            )
        extra_context = {
            **(extra_context or {}),
            "owes_second_step": owes_second_step(request),
        }
        return super().login(request, extra_context)

    def get_urls(self):
        return [
            path("two-step/", self.two_step_view, name="two_step"),
            *super().get_urls(),
        ]

    def two_step_view(self, request):
        """Set up two-step sign-in: scan the QR code, type one code."""
        from django_otp import login as otp_login
        from django_otp import user_has_device
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from core import audit
        from core.twostep import (
            EnrolForm,
            device_being_set_up,
            forget_device_being_set_up,
            qr_code_data_uri,
            secret_of,
        )

        if not (request.user.is_authenticated and request.user.is_staff):
            return redirect_to_login(request.get_full_path(), reverse("admin:login"))
        if (
            user_has_device(request.user, confirmed=True)
            and not request.user.is_verified()
        ):
            # Set up already: the code is asked for at sign-in.
            return HttpResponseRedirect(reverse("admin:login"))
        # The device's row is written when a code is sent, not on opening
        # the page.
        device = device_being_set_up(request, save=request.method == "POST")
        form = EnrolForm(request.POST or None, device=device)
        if request.method == "POST" and form.is_valid():
            # One authenticator per person: a new phone replaces the old one.
            TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            forget_device_being_set_up(request)
            otp_login(request, device)
            audit.log("two_step.enabled", request=request)
            messages.success(request, gettext("Two-step sign-in is set up."))
            return HttpResponseRedirect(reverse("admin:index", current_app=self.name))
        context = {
            **self.each_context(request),
            "title": gettext("Two-step sign-in"),
            "form": form,
            "qr_code": qr_code_data_uri(device),
            "secret": secret_of(device),
            "already": user_has_device(request.user, confirmed=True),
            "required": settings.STAFF_OTP_REQUIRED,
        }
        return TemplateResponse(request, "admin/two_step.html", context)

    def index(self, request, extra_context=None):
        panels = []
        for template_name, get_context in self._panels:
            context = get_context(request)
            if context is not None:
                panels.append(render_to_string(template_name, context, request))
        extra_context = {**(extra_context or {}), "panels": panels}
        return super().index(request, extra_context)


# Staff's longest texts (minutes, statements, reasons) in any admin form:
# about forty pages, far below what a request may carry.
ADMIN_TEXT_MAX_LENGTH = 100_000

JALALI_FORMFIELD_OVERRIDES = {
    # Relations refuse impossible ids instead of failing in the database.
    models.ForeignKey: {"form_class": ModelChoiceField},
    models.ManyToManyField: {"form_class": ModelMultipleChoiceField},
    models.DateField: {"form_class": JalaliDateField, "widget": JalaliDateInput},
    # Typed text loses the characters that reorder it (core.forms.TextField);
    # a TextField has no maximum of its own.
    models.CharField: {"form_class": TextField},
    models.TextField: {"form_class": TextField, "max_length": ADMIN_TEXT_MAX_LENGTH},
    # Subclasses of CharField keep their own form fields, which refuse a
    # bidi control as an invalid address or slug.
    models.EmailField: {},
    models.URLField: {"assume_scheme": "https"},
    models.SlugField: {},
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


class JalaliListMixin:
    """Jalali display in the list.

    Date fields named in ``list_display`` are shown as ``۱۳۹۶/۱۰/۱۸`` (and
    still sort by their real value) without each admin writing a method.
    """

    def get_list_display(self, request):
        return [
            self._jalali_list_column(name) for name in super().get_list_display(request)
        ]

    def _jalali_list_column(self, name):
        field = _date_field(self.model, name)
        if field is None:
            return name
        # The same column every time: Django finds the sortable columns by
        # looking each one up in the list display (``get_sortable_by``), and a
        # new function on each call would never be found there.
        columns = self.__dict__.setdefault("_jalali_list_columns", {})
        if name not in columns:
            columns[name] = jalali_column(
                name,
                field.verbose_name,
                with_time=isinstance(field, models.DateTimeField),
            )
        return columns[name]

    def get_list_display_links(self, request, list_display):
        links = super().get_list_display_links(request, list_display)
        if not links:
            return links
        # Keep links declared by name working after the Jalali swap above.
        names = {getattr(item, "__name__", item): item for item in list_display}
        return [names.get(link, link) for link in links]


class JalaliAdminMixin(JalaliListMixin):
    """Jalali input for every date field and Jalali display in the list."""

    formfield_overrides = JALALI_FORMFIELD_OVERRIDES


class JalaliReadonlyMixin:
    """Read-only date fields on change pages shown Jalali too.

    Django prints a read-only date with its Gregorian formats. Each such
    field is swapped, in the read-only fields and in the fieldsets alike, for
    a display of the same label that shows ``۱۳۹۶/۱۰/۱۸ ۱۰:۰۰``. A page the
    user may only look at (approved minutes, a decided proposal, a
    record kept for audits) shows every field read-only, its dates included.
    """

    def _jalali_readonly_name(self, name):
        field = _date_field(self.model, name)
        if field is None:
            return name
        display = f"{name}__jalali"
        if not hasattr(self, display):
            setattr(
                self,
                display,
                jalali_column(
                    name,
                    field.verbose_name,
                    with_time=isinstance(field, models.DateTimeField),
                ),
            )
        return display

    def _view_only(self, request, obj) -> bool:
        if isinstance(self, admin.options.InlineModelAdmin):
            # Rows that can be neither changed nor added: all read-only.
            return not (
                self.has_change_permission(request, obj)
                or self.has_add_permission(request, obj)
            )
        return obj is not None and not self.has_change_permission(request, obj)

    def _readonly_names(self, request, obj) -> list:
        names = list(super().get_readonly_fields(request, obj))
        if self._view_only(request, obj):
            # Django shows every field of such a page read-only; its date
            # fields are named here so that they are swapped too.
            names += [
                field.name
                for field in self.model._meta.fields
                if isinstance(field, models.DateField)
                and field.editable
                and field.name not in names
            ]
        return names

    def get_readonly_fields(self, request, obj=None):
        return [
            self._jalali_readonly_name(name)
            for name in self._readonly_names(request, obj)
        ]

    def get_exclude(self, request, obj=None):
        # The form leaves out a date it shows swapped, or it would show the
        # date twice: as an input and as its Jalali display.
        swapped = [
            name
            for name in self._readonly_names(request, obj)
            if _date_field(self.model, name) is not None
        ]
        exclude = super().get_exclude(request, obj)
        if not swapped:
            return exclude
        return [*(exclude or ()), *swapped]

    def get_fieldsets(self, request, obj=None):
        readonly = set(self._readonly_names(request, obj))

        def swap(names):
            if isinstance(names, list | tuple):
                return type(names)(swap(name) for name in names)
            return self._jalali_readonly_name(names) if names in readonly else names

        return [
            (title, {**options, "fields": swap(options["fields"])})
            for title, options in super().get_fieldsets(request, obj)
        ]


def field_names(model, *, exclude=()) -> tuple[str, ...]:
    """The names of ``model``'s fields in declaration order, but its key.

    Read-only field lists and export columns are derived from the model with
    it instead of being copied out, so that a field added to the model later
    is shown and exported without anyone remembering to.
    """
    fields = sorted(
        (
            field
            for field in model._meta.get_fields()
            if field.concrete and not field.primary_key
        ),
        key=lambda field: field.creation_counter,
    )
    return tuple(field.name for field in fields if field.name not in exclude)


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


# Apps whose records nobody deletes through the admin: sign-in records.
UNDELETABLE_APPS = ("axes",)


class AuditedDeletionMixin:
    """Every deletion the admin makes, one audit line per object, written
    before it goes (the change page's and the bulk action's alike)."""

    def log_deletions(self, request, queryset):
        for obj in queryset:
            audit.log(
                "admin.deleted",
                request=request,
                model=obj._meta.label_lower,
                object=obj.pk,
                object_repr=str(obj)[:200],
            )
        return super().log_deletions(request, queryset)


class NoDeletionMixin:
    def has_delete_permission(self, request, obj=None):
        return False


class ModelAdmin(
    AuditedDeletionMixin,
    SafeChangelistMixin,
    RowLinksMixin,
    JalaliReadonlyMixin,
    JalaliAdminMixin,
    admin.ModelAdmin,
):
    # No full COUNT(*) and no deep OFFSET over the large tables; the admin's
    # own "(N total)" count is off for the same reason.
    paginator = LargePaginator
    show_full_result_count = False

    def action_checkbox(self, obj):
        # Django's own renders a checkbox widget through the template engine
        # for every row, a fifth of a long changelist's time; this writes the
        # same markup directly.
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" '
            'aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(gettext("Select this object for an action - {}"), str(obj)),
        )


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


class TabularInline(JalaliReadonlyMixin, admin.TabularInline):
    formfield_overrides = JALALI_FORMFIELD_OVERRIDES

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (LabelledCellsMixin, formset), {})


class _ViewOnlyFormSet(BaseInlineFormSet):
    """A history's formset: its rows are read, never posted back.

    The page shows the rows from the queryset (``ReadOnlyTableInline``);
    no form is built for them, not even for the page's media, and the
    change form posts none back (its management form says none).
    """

    @property
    def media(self):
        return forms.Media()

    @property
    def forms(self):
        # The admin walks the forms for prepopulated fields and errors.
        return []


class ReadOnlyTableInline(TabularInline):
    """A record kept for audits (a history, score sheets) shown below an
    object as a plain table: never added to, changed or deleted here.

    Django's tabular inline builds a form for every row and renders each
    cell through its read-only field machinery: 40% of a long history's
    change page. This renders the same cells from the rows themselves
    (``core.templatetags.admin_pages.readonly_rows``), in one query.
    """

    template = "admin/edit_inline/readonly_table.html"
    formset = _ViewOnlyFormSet
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StackedInline(JalaliReadonlyMixin, admin.StackedInline):
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
