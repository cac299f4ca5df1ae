"""XLSX through XlsxWriter: the way back (SPREADSHEET_WRITER=xlsxwriter),
and the writer of an export with no rows or with headers the Rust writer
cannot key (see `writer.write_xlsx`).

Constant-memory mode: rows are flushed as they are written, so a ledger of
38,000 rows costs the same memory as one of 38. Text is written with
write_string, never evaluated, whatever it starts with.
"""

from datetime import date, datetime
from decimal import Decimal

import xlsxwriter
from django.utils import timezone

from .sheet import (
    BOOLEAN,
    DATE,
    DATETIME,
    DECIMAL,
    HEADER_STYLE,
    INTEGER,
    MONEY,
    NUMBER_FORMATS,
    TEXT,
    about_lines,
    about_sheet_name,
    sheet_name,
    yes_no,
)


def write(target, columns, rows, info, exported_at) -> int:
    workbook = xlsxwriter.Workbook(
        target,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "default_date_format": NUMBER_FORMATS[DATE],
        },
    )
    workbook.set_properties(
        {
            "title": info.title,
            "author": info.exported_by,
            "created": exported_at.replace(tzinfo=None),
        }
    )
    header = workbook.add_format(
        {
            "bold": True,
            "bg_color": HEADER_STYLE["background"],
            "border": 1,
            "text_wrap": True,
        }
    )
    formats = {kind: workbook.add_format({"num_format": f}) for kind, f in NUMBER_FORMATS.items()}
    formats[BOOLEAN] = None
    sheet = workbook.add_worksheet(sheet_name(info.title))
    for index, column in enumerate(columns):
        sheet.set_column(index, index, column.width)
        sheet.write_string(0, index, str(column.header), header)
    sheet.freeze_panes(1, 0)

    formats["yes"], formats["no"] = yes_no()  # translated once, not once a cell
    kinds = [column.kind for column in columns]
    count = 0
    for count, row in enumerate(rows, start=1):
        for index, (kind, value) in enumerate(zip(kinds, row, strict=True)):
            _write_cell(sheet, count, index, kind, value, formats)
    sheet.autofilter(0, 0, max(count, 1), len(columns) - 1)

    about = workbook.add_worksheet(about_sheet_name())
    about.set_column(0, 0, 16)
    about.set_column(1, 1, 60)
    for line, (label, value) in enumerate(about_lines(info, count, exported_at)):
        about.write_string(line, 0, label, header)
        about.write_string(line, 1, value)
    workbook.close()
    return count


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
