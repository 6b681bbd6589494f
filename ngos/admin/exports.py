"""The NGO list, as filtered and searched, as CSV or XLSX.

The columns are the model's fields, derived from it: a field added to the
NGO is exported without anyone remembering to.
"""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.urls import path
from django.utils.translation import gettext_lazy as _

from core import audit
from core.admin_site import field_names
from core.exports import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    csv_bytes,
    download,
    xlsx_bytes,
)
from core.jalali import format_short_date, format_short_datetime
from core.l10n import is_persian, join_list
from ngos.models import NGO

# Keys derived from other fields for search and sorting: not data.
NOT_EXPORTED = NGO.KEY_FIELDS


def cell(field):
    """How one field of an NGO reads in a spreadsheet cell."""
    name = field.name
    if field.many_to_many:
        return lambda ngo: join_list(getattr(ngo, name).all())
    if field.choices:
        return lambda ngo: getattr(ngo, f"get_{name}_display")()
    if field.is_relation:
        return lambda ngo: str(getattr(ngo, name) or "")
    if isinstance(field, models.DateTimeField):
        return lambda ngo: format_short_datetime(getattr(ngo, name))
    if isinstance(field, models.DateField):
        return lambda ngo: format_short_date(getattr(ngo, name))
    return lambda ngo: getattr(ngo, name)


def export_columns() -> list[tuple]:
    """``(heading, value of an NGO)`` for the number and every field."""
    fields = [NGO._meta.get_field(n) for n in field_names(NGO, exclude=NOT_EXPORTED)]
    return [
        (_("number"), lambda ngo: ngo.pk),
        *((field.verbose_name, cell(field)) for field in fields),
    ]


class NGOExportMixin:
    """The export links of the NGO list and the download they lead to."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "export.<str:file_format>",
                self.admin_site.admin_view(self.export_view),
                name="{}_{}_export".format(*info),
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        extra_context["can_export"] = request.user.has_perm("ngos.export_ngo")
        return super().changelist_view(request, extra_context)

    def export_view(self, request, file_format):
        """The changelist as filtered and searched, as CSV or XLSX."""
        if not request.user.has_perm("ngos.export_ngo"):
            raise PermissionDenied
        if file_format not in ("csv", "xlsx"):
            raise PermissionDenied
        changelist = self.get_changelist_instance(request)
        relations = [
            field
            for field in NGO._meta.get_fields()
            if field.concrete and field.is_relation
        ]
        ngos = (
            changelist.get_queryset(request)
            .select_related(*(f.name for f in relations if not f.many_to_many))
            .prefetch_related(*(f.name for f in relations if f.many_to_many))
        )
        audit.log(
            "export", what="ngos", format=file_format, query=request.GET.urlencode()
        )
        columns = export_columns()
        header = [str(title) for title, _value in columns]
        rows = ([value(ngo) for _title, value in columns] for ngo in ngos)
        filename = f"ngos.{file_format}"
        if file_format == "csv":
            return download(
                csv_bytes(header, rows),
                filename=filename,
                content_type=CSV_CONTENT_TYPE,
            )
        content = xlsx_bytes(
            header,
            rows,
            sheet_title=str(NGO._meta.verbose_name_plural),
            rtl=is_persian(),
        )
        return download(content, filename=filename, content_type=XLSX_CONTENT_TYPE)
