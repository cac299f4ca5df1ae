"""One writer for every spreadsheet the platform hands out.

Exports yield rows; this module writes them. XLSX goes through XlsxWriter in
constant-memory mode (rows are flushed as they are written, so a ledger of
38,000 rows costs the same memory as one of 38), with typed cells, a frozen
and filtered header row, column widths, and a second sheet saying who
exported what and when. CSV is UTF-8 with a BOM so Excel and WPS open the
Chinese correctly.

User text is never interpreted: XLSX cells are written as text cells, and in
CSV a value starting with = + - @ (or a tab or carriage return) is prefixed
with an apostrophe, so a spreadsheet cannot be made to run a formula.
"""

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import xlsxwriter
from django.utils import timezone
from django.utils.translation import gettext as _

TEXT, INTEGER, DECIMAL, MONEY, DATE, DATETIME, BOOLEAN = (
    "text",
    "integer",
    "decimal",
    "money",
    "date",
    "datetime",
    "boolean",
)

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = TEXT
    width: int = 14
    personal: str = ""  # lib.masking.PHONE, ID_NUMBER or NAME: masked, access logged


@dataclass(frozen=True)
class ExportInfo:
    """What the second sheet records about the export; `user` and `kind` (the
    ledger's key) also go to the access log when personal columns are in full."""

    title: str
    exported_by: str
    scope: str = ""
    exported_at: datetime | None = None
    user: object = None
    kind: str = ""

    @classmethod
    def by(cls, user, *, title, kind: str = "", scope: str = "") -> "ExportInfo":
        return cls(
            title=title,
            exported_by=str(user),
            scope=scope or user.jurisdiction_label,
            user=user,
            kind=kind,
        )


def write_xlsx(
    target, columns: Sequence[Column], rows: Iterable[Sequence], info: ExportInfo
) -> int:
    """Write `rows` to `target` (a path or a binary file); return the row count."""
    workbook = xlsxwriter.Workbook(
        target,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "default_date_format": "yyyy-mm-dd",
        },
    )
    exported_at = timezone.localtime(info.exported_at or timezone.now())
    workbook.set_properties(
        {
            "title": info.title,
            "author": info.exported_by,
            "created": exported_at.replace(tzinfo=None),
        }
    )
    header = workbook.add_format(
        {"bold": True, "bg_color": "#F2DCDB", "border": 1, "text_wrap": True}
    )
    formats = {
        TEXT: workbook.add_format({"num_format": "@"}),
        INTEGER: workbook.add_format({"num_format": "0"}),
        DECIMAL: workbook.add_format({"num_format": "0.0"}),
        MONEY: workbook.add_format({"num_format": "#,##0.00"}),
        DATE: workbook.add_format({"num_format": "yyyy-mm-dd"}),
        DATETIME: workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
        BOOLEAN: None,
    }
    sheet = workbook.add_worksheet(_sheet_name(info.title))
    for index, column in enumerate(columns):
        sheet.set_column(index, index, column.width)
        sheet.write_string(0, index, str(column.header), header)
    sheet.freeze_panes(1, 0)

    formats["yes"], formats["no"] = _("Yes"), _("No")  # translated once, not once a cell
    kinds = [column.kind for column in columns]
    count = 0
    for count, row in enumerate(rows, start=1):
        for index, (kind, value) in enumerate(zip(kinds, row, strict=True)):
            _write_cell(sheet, count, index, kind, value, formats)
    sheet.autofilter(0, 0, max(count, 1), len(columns) - 1)

    about = workbook.add_worksheet(_("About this export"))
    about.set_column(0, 0, 16)
    about.set_column(1, 1, 60)
    for line, (label, value) in enumerate(
        [
            (_("Title"), info.title),
            (_("Exported by"), info.exported_by),
            (_("Exported at"), exported_at.strftime("%Y-%m-%d %H:%M")),
            (_("Scope"), info.scope),
            (_("Rows"), str(count)),
        ]
    ):
        about.write_string(line, 0, str(label), header)
        about.write_string(line, 1, str(value))
    workbook.close()
    return count


def write_csv(stream, columns: Sequence[Column], rows: Iterable[Sequence]) -> int:
    """Write CSV to a text stream opened with newline=''; return the row count."""
    stream.write("\ufeff")
    writer = csv.writer(stream)
    writer.writerow([str(column.header) for column in columns])
    count = 0
    for count, row in enumerate(rows, start=1):  # noqa: B007 - count is the result
        writer.writerow(
            [_csv_value(column.kind, value) for column, value in zip(columns, row, strict=True)]
        )
    return count


def safe_text(value: str) -> str:
    """Neutralise text a spreadsheet would read as a formula."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def _write_cell(sheet, row, col, kind, value, formats):
    if value is None or value == "":
        sheet.write_blank(row, col, None)
    elif kind in (INTEGER, DECIMAL, MONEY) and isinstance(value, int | float | Decimal):
        sheet.write_number(row, col, float(value), formats[kind])
    elif kind in (DATE, DATETIME) and isinstance(value, date):
        if isinstance(value, datetime):
            value = (
                timezone.localtime(value).replace(tzinfo=None)
                if timezone.is_aware(value)
                else value
            )
        else:
            value = datetime(value.year, value.month, value.day)
        sheet.write_datetime(row, col, value, formats[kind])
    elif kind == BOOLEAN:
        sheet.write_string(row, col, formats["yes"] if value else formats["no"])
    else:
        # Text cells are never evaluated, whatever they start with.
        sheet.write_string(row, col, str(value), formats[TEXT])


def _csv_value(kind, value):
    if value is None:
        return ""
    if kind == BOOLEAN:
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
            if timezone.is_aware(value)
            else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return str(value)
    return safe_text(str(value))


def _sheet_name(title: str) -> str:
    # Excel: at most 31 characters, none of []:*?/\
    cleaned = "".join("_" if ch in "[]:*?/\\" else ch for ch in str(title))
    return cleaned[:31] or "Sheet1"
