"""CSV and XLSX downloads that open well in Excel and cannot run formulas.

CSV is UTF-8 with a byte-order mark, without which Excel shows Persian as
mojibake. A cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab or
carriage return) would be read as a formula by spreadsheet programs, so it
is prefixed with an apostrophe (OWASP's advice on CSV injection). Text
loses the characters that reorder it (``core.persian.BIDI_CONTROLS``), which
forms remove on input too; texts stored before that are cleaned here.
"""

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.persian import strip_bidi_controls

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    """The value, with text that a spreadsheet would evaluate neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value
    text = strip_bidi_controls(str(value))
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(str(title)) for title in header])
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(
    header: Sequence[str], rows: Iterable[Sequence], *, sheet_title: str, rtl: bool
) -> bytes:
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    sheet.sheet_view.rightToLeft = rtl
    sheet.append([safe_cell(str(title)) for title in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(str(title)) for title in header]
    for row in rows:
        values = [safe_cell(value) for value in row]
        sheet.append(values)
        for index, value in enumerate(values):
            widths[index] = max(widths[index], min(len(str(value)), 60))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width + 2
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def download(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
