"""The NGO list and page: search, filters, status moves, history, import, export."""

import re

from django.contrib import admin
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin_moves import MovesAdminMixin
from core.admin_site import ModelAdmin, field_names, jalali_year_filter
from core.admin_timeline import TimelineAdminMixin, TimelineEntry
from core.filters import JalaliDateRangeFilter
from core.l10n import list_separator, to_persian_digits
from ngos import reference, services
from ngos.admin.exports import NGOExportMixin
from ngos.admin.forms import NGOAdminForm, NGOMoveForm
from ngos.admin.imports import NGOImportMixin
from ngos.admin.inlines import RepresentativeInline, StatusHistoryInline
from ngos.forms import provinces_in_language_order
from ngos.models import NGO, FocusArea
from ngos.moves import NGO_MOVES
from ngos.validators import clean_digits


class FocusAreaListFilter(admin.RelatedFieldListFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The choice of NGOs with no focus area says so, instead of a bare "-".
        self.empty_value_display = _("No focus area")

    def field_choices(self, field, request, model_admin):
        return [(area.pk, area.name) for area in reference.focus_areas()]


class ProvinceListFilter(admin.RelatedFieldListFilter):
    """Provinces in the alphabetical order of the page's language, not by code."""

    def field_choices(self, field, request, model_admin):
        return [(p.pk, p.name) for p in provinces_in_language_order()]


def identifier_match(search_term: str) -> Q | None:
    """NGOs whose national ID or registration number holds what was typed.

    Persian or Arabic digits, spaces and dashes are typed as freely as on
    the forms; ``None`` when the term is not a number of four digits or more.
    """
    digits = clean_digits(search_term)
    if not re.fullmatch(r"[0-9/]{4,}", digits):
        return None
    return (
        Q(national_id__contains=digits)
        | Q(registration_number__contains=digits)
        # Registration numbers are kept as typed, in either script.
        | Q(registration_number__contains=to_persian_digits(digits))
    )


class LikelyDuplicateFilter(admin.SimpleListFilter):
    """NGOs whose name differs from another's only in spelling."""

    title = _("likely duplicates")
    parameter_name = "duplicates"

    def lookups(self, request, model_admin):
        return [("yes", _("Likely duplicates"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.likely_duplicates()
        return queryset


@admin.register(NGO)
class NGOAdmin(
    TimelineAdminMixin, MovesAdminMixin, NGOExportMixin, NGOImportMixin, ModelAdmin
):
    def timeline_entries(self, request, ngo):
        """The NGO's history: each change of its status, with its reason."""
        entries = []
        for change in ngo.status_changes.select_related("actor"):
            source = NGO.Status(change.from_status).label if change.from_status else "—"
            entries.append(
                TimelineEntry(
                    at=change.at,
                    kind=gettext("status change"),
                    text=f"{source} → {NGO.Status(change.to_status).label}",
                    actor=change.actor,
                    detail=change.reason,
                )
            )
        return entries

    form = NGOAdminForm
    move_table = NGO_MOVES
    move_form_class = NGOMoveForm
    list_display = (
        "name",
        "status_label",
        "province",
        "focus_area_list",
        "verified_at",
        "created_at",
    )
    list_filter = (
        "status",
        ("province", ProvinceListFilter),
        ("focus_areas", FocusAreaListFilter),
        jalali_year_filter("registration_date", _("year registered")),
        ("created_at", JalaliDateRangeFilter),
        LikelyDuplicateFilter,
    )
    list_select_related = ("province",)
    search_fields = ("name",)  # replaced by the normalised search below
    search_help_text = _(
        "Name, English name, city or description, in any spelling; "
        "national ID or registration number, in any digits."
    )
    # 25 rows: each row of a changelist costs about 2 ms to render, which
    # at 50 rows put the list over its 300 ms budget (docs/performance.md).
    list_per_page = 25
    show_full_result_count = False
    inlines = [RepresentativeInline, StatusHistoryInline]
    # What the form does not edit is shown, not edited (the status as a
    # badge); the keys derived for search and sorting are not shown at all.
    readonly_fields = tuple(
        "status_label" if name == "status" else name
        for name in field_names(NGO, exclude=NGO.KEY_FIELDS)
        if name not in NGOAdminForm.Meta.fields
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "name_en",
                    "status_label",
                    "verified_at",
                    "verified_by",
                )
            },
        ),
        (
            _("Legal identity"),
            {
                "fields": (
                    "national_id",
                    "registration_number",
                    "registration_date",
                    "licensing_authority",
                    "founding_year",
                )
            },
        ),
        (
            _("Contact"),
            {
                "fields": (
                    "province",
                    "city",
                    "address",
                    "postal_code",
                    "phone",
                    "email",
                    "website",
                )
            },
        ),
        (
            _("Work"),
            {
                "fields": (
                    "description",
                    "focus_areas",
                    "provinces_served",
                    "households_served",
                )
            },
        ),
        (_("Record"), {"fields": ("created_at", "updated_at")}),
    )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("focus_areas", queryset=FocusArea.objects.order_by("position"))
            )
        )

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        # The officer is warned of NGOs whose names differ from this one's
        # only in letter forms, ZWNJ or spacing.
        if obj is not None and obj.pk is not None:
            context["likely_duplicates"] = [
                (other, reverse("admin:ngos_ngo_change", args=[other.pk]))
                for other in NGO.objects.named_like(obj.name)
                .exclude(pk=obj.pk)
                .only("pk", "name", "status")
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_search_results(self, request, queryset, search_term):
        found = queryset.search(search_term)
        numbers = identifier_match(search_term)
        if numbers is None:
            return found, False
        return queryset.filter(numbers | Q(pk__in=found.values("pk"))), False

    def has_delete_permission(self, request, obj=None):
        # NGOs are never deleted: their history is the registry's record.
        # A wrong application is rejected; an NGO that stops is suspended.
        return False

    def apply_move(self, request, obj, move, data):
        services.change_ngo_status(
            ngo=obj,
            to_status=move.target,
            actor=request.user,
            reason=data["reason"],
            basis=data.get("basis", ""),
            evidence=data.get("evidence", ""),
        )

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, obj):
        return format_html(
            '<span class="status-badge status-{}">{}</span>',
            obj.status,
            obj.get_status_display(),
        )

    @admin.display(description=_("focus areas"))
    def focus_area_list(self, obj):
        return format_html_join(
            list_separator(), "{}", ((area.name,) for area in obj.focus_areas.all())
        )
