"""Reading an existing NGO list (CSV or XLSX) and checking every row.

Nothing is written here: :func:`read_rows` turns a file into dictionaries,
:func:`check_rows` validates each one and reports per-row errors, and
``services.import_ngos`` creates the valid rows once the officer confirms.
"""

import csv
import io
from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook

from core import archives
from core.forms import JalaliDateField, TextInputMixin
from core.l10n import parse_integer, split_list
from core.persian import normalize
from ngos.forms import NGO_TEXT_LIMITS, DigitsField, FoundingYearField, PhoneField
from ngos.models import NGO, FocusArea, Province
from ngos.validators import (
    validate_legal_national_id,
    validate_postal_code,
)

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024

# Column headings we understand, in Persian and English, by field.
COLUMNS = {
    "name": ["name", "نام", "نام سازمان", "نام فارسی"],
    "name_en": ["name_en", "english name", "نام انگلیسی"],
    "national_id": ["national_id", "national id", "شناسه ملی", "شناسه"],
    "registration_number": ["registration_number", "registration number", "شماره ثبت"],
    "registration_date": ["registration_date", "registration date", "تاریخ ثبت"],
    "founding_year": ["founding_year", "founding year", "سال تاسیس"],
    "province": ["province", "استان"],
    "city": ["city", "شهر"],
    "address": ["address", "نشانی", "آدرس"],
    "postal_code": ["postal_code", "postal code", "کد پستی"],
    "phone": ["phone", "تلفن"],
    "email": ["email", "e-mail", "ایمیل", "پست الکترونیک"],
    "website": ["website", "وب سایت", "وبگاه"],
    "description": ["description", "توضیحات", "شرح فعالیت"],
    "focus_areas": ["focus_areas", "focus areas", "حوزه های فعالیت", "حوزه فعالیت"],
    "households_served": [
        "households_served",
        "households served",
        "تعداد خانوار",
        "خانوار تحت پوشش",
    ],
}
_HEADING_TO_FIELD = {
    normalize(heading): name
    for name, headings in COLUMNS.items()
    for heading in headings
}
REQUIRED_COLUMNS = ("name", "national_id", "province", "city")


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why."""


class NGOImportRowForm(TextInputMixin, forms.Form):
    """One row of an imported list, checked like the registration form."""

    name = forms.CharField(max_length=200)
    name_en = forms.CharField(max_length=200, required=False)
    national_id = DigitsField(max_length=20, validators=[validate_legal_national_id])
    registration_number = forms.CharField(max_length=30, required=False)
    registration_date = JalaliDateField(required=False, allow_future=False)
    founding_year = FoundingYearField(required=False)
    province = forms.CharField(max_length=100)
    city = forms.CharField(max_length=100)
    address = forms.CharField(required=False, max_length=NGO_TEXT_LIMITS["address"])
    postal_code = DigitsField(
        max_length=20, required=False, validators=[validate_postal_code]
    )
    phone = PhoneField(required=False)
    email = forms.EmailField(required=False, max_length=254)
    website = forms.URLField(required=False, max_length=200, assume_scheme="https")
    description = forms.CharField(
        required=False, max_length=NGO_TEXT_LIMITS["description"]
    )
    focus_areas = forms.CharField(required=False, max_length=1000)
    households_served = forms.CharField(required=False, max_length=20)

    def __init__(self, *args, provinces, focus_areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.provinces = provinces
        self.focus_areas = focus_areas
        for name, form_field in self.fields.items():
            form_field.label = NGO._meta.get_field(name).verbose_name

    def clean_province(self):
        value = normalize(self.cleaned_data["province"])
        code = self.provinces.get(value)
        if code is None:
            raise forms.ValidationError(
                _("Unknown province “%(value)s”."),
                code="province",
                params={"value": self.cleaned_data["province"]},
            )
        return code

    def clean_focus_areas(self):
        value = self.cleaned_data["focus_areas"]
        codes = []
        for part in split_list(value):
            key = normalize(part)
            if not key:
                continue
            code = self.focus_areas.get(key)
            if code is None:
                raise forms.ValidationError(
                    _("Unknown focus area “%(value)s”."),
                    code="focus_area",
                    params={"value": part},
                )
            codes.append(code)
        return codes

    def clean_households_served(self):
        value = self.cleaned_data["households_served"]
        if not value:
            return None
        number = parse_integer(value)
        if number is None or number < 0:
            raise forms.ValidationError(
                _("Enter a whole number, such as 120."), code="invalid"
            )
        return number


@dataclass
class RowReport:
    number: int  # the row's line in the file, the heading being line 1
    values: dict
    errors: list = field(default_factory=list)
    cleaned: dict | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


def read_rows(uploaded) -> list[dict]:
    """Rows of a CSV or XLSX file as dictionaries keyed by our field names."""
    if uploaded.size > MAX_BYTES:
        raise ImportFileError(_("The file is larger than 5 MB."))
    name = uploaded.name.lower()
    content = uploaded.read()
    if name.endswith(".xlsx"):
        table = _xlsx_table(content)
    elif name.endswith(".csv"):
        table = _csv_table(content)
    else:
        raise ImportFileError(_("Upload a .csv or .xlsx file."))
    if not table:
        raise ImportFileError(_("The file is empty."))
    headings = [_HEADING_TO_FIELD.get(normalize(str(h or ""))) for h in table[0]]
    missing = [c for c in REQUIRED_COLUMNS if c not in headings]
    if missing:
        raise ImportFileError(
            _("The file lacks these columns: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    rows = []
    for cells in table[1:]:
        if not any(str(cell or "").strip() for cell in cells):
            continue
        row = {}
        for heading, cell in zip(headings, cells, strict=False):
            if heading:
                row[heading] = "" if cell is None else str(cell).strip()
        rows.append(row)
    if len(rows) > MAX_ROWS:
        raise ImportFileError(
            _("The file has more than %(max)s rows; split it.") % {"max": MAX_ROWS}
        )
    return rows


def _csv_table(content: bytes) -> list[list]:
    # Excel in Iran often saves CSV as Windows-1256 rather than UTF-8.
    for encoding in ("utf-8-sig", "cp1256"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(_("The file is neither UTF-8 nor Windows-1256 text."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect)]


def _xlsx_table(content: bytes) -> list[list]:
    # An XLSX is a ZIP archive: what it really unpacks to is measured before
    # openpyxl reads it, which would unpack whatever it is given.
    try:
        archives.unpacked_size(
            io.BytesIO(content), limit=archives.limit_for(len(content))
        )
    except archives.ArchiveTooLarge as error:
        raise ImportFileError(
            _("The file unpacks to far more than its size; it is refused.")
        ) from error
    except archives.BrokenArchive as error:
        raise ImportFileError(_("The file is not a readable XLSX workbook.")) from error
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a bad file
        raise ImportFileError(_("The file is not a readable XLSX workbook.")) from error
    sheet = workbook.worksheets[0]
    table = []
    for row in sheet.iter_rows(values_only=True):
        table.append(["" if v is None else _cell_text(v) for v in row])
        if len(table) > MAX_ROWS + 1:
            break
    workbook.close()
    return table


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "date") and callable(value.date):
        return value.date().isoformat()
    return str(value)


def check_rows(rows: list[dict]) -> list[RowReport]:
    """Validate every row; duplicates in the file or the registry are errors."""
    provinces = {}
    for province in Province.objects.all():
        for key in (province.code, province.name_fa, province.name_en):
            provinces[normalize(key)] = province.code
    focus_areas = {}
    for area in FocusArea.objects.all():
        for key in (area.code, area.name_fa, area.name_en):
            focus_areas[normalize(key)] = area.code
    reports = []
    for index, values in enumerate(rows, start=2):
        form = NGOImportRowForm(values, provinces=provinces, focus_areas=focus_areas)
        report = RowReport(number=index, values=values)
        if form.is_valid():
            report.cleaned = form.cleaned_data
        else:
            for name, errors in form.errors.items():
                for error in errors:
                    report.errors.append(f"{form.fields[name].label}: {error}")
        reports.append(report)
    _mark_duplicates(reports)
    return reports


def _mark_duplicates(reports: list[RowReport]) -> None:
    ids = [r.cleaned["national_id"] for r in reports if r.cleaned]
    registered = dict(
        NGO.objects.filter(national_id__in=ids).values_list("national_id", "name")
    )
    seen = {}
    label = NGO._meta.get_field("national_id").verbose_name
    for report in reports:
        if not report.cleaned:
            continue
        national_id = report.cleaned["national_id"]
        if national_id in registered:
            report.errors.append(
                str(
                    _("%(field)s: already registered to “%(name)s”.")
                    % {"field": label, "name": registered[national_id]}
                )
            )
        elif national_id in seen:
            report.errors.append(
                str(
                    _("%(field)s: repeats row %(row)s of this file.")
                    % {"field": label, "row": seen[national_id]}
                )
            )
        else:
            seen[national_id] = report.number
        if report.errors:
            report.cleaned = None
