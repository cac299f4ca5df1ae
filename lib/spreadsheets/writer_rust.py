"""XLSX through rustpy-xlsxwriter, a binding of Rust's rust_xlsxwriter:
the default writer (SPREADSHEET_WRITER=rust).

Rows go to it as dicts keyed by header, from a generator, and it writes them
in constant memory (rows flushed as they come; strings inline, as XlsxWriter
does in that mode) when it writes to a path: see `write`. It types a cell by the Python type of its value, so each
column is first converted to the types its kind means: text to str (written
as text, never as a formula, whatever it starts with), numbers to int or
float, dates to date or naive local datetime, booleans to 是/否.

What it cannot do that XlsxWriter did: the file's own properties (title,
author, created). The "About this export" sheet says the same.
"""

import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal

import rustpy_xlsxwriter as rx
from django.utils import timezone

from .sheet import (
    BOOLEAN,
    DATE,
    DATETIME,
    DECIMAL,
    HEADER_STYLE,
    INTEGER,
    MONEY,
    NONE,
    NUMBER_FORMATS,
    about_lines,
    about_sheet_name,
    by_column,
    plain,
    sheet_name,
    yes_no,
)


def write(target, columns, rows, info, exported_at) -> int:
    if isinstance(target, str | os.PathLike):
        return _write(target, columns, rows, info, exported_at)
    # Given a file object, the binding builds the whole zip in memory first
    # (+34 MiB for 114,000 rows); given a path it streams. So the file is
    # written to a path, then copied into the file object.
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "export.xlsx")
        count = _write(path, columns, rows, info, exported_at)
        with open(path, "rb") as written:
            shutil.copyfileobj(written, target)
    return count


def _write(path, columns, rows, info, exported_at) -> int:
    keys = [str(column.header) for column in columns]
    yes, no = yes_no()
    converters = [_converter(column.kind, yes, no) for column in columns]
    written = [0]

    def records():
        for chunk in by_column(rows, converters):
            written[0] += len(chunk)
            for row in chunk:
                yield dict(zip(keys, row, strict=True))

    def about():
        # Iterated once the ledger's sheet is written, so the count is known.
        (label, value), *lines = about_lines(info, written[0], exported_at)
        for line_label, line_value in lines:
            yield {label: line_label, value: line_value}

    header = (
        rx.Format()
        .set_bold()
        .set_background_color(HEADER_STYLE["background"])
        .set_border("thin")
        .set_text_wrap()
    )
    ledger, about_name = sheet_name(info.title), about_sheet_name()
    rx.write_worksheets(
        [(ledger, records()), (about_name, about())],
        path,
        freeze_panes={ledger: {"row": 1, "col": 0}},
        column_widths={ledger: [column.width for column in columns], about_name: [16, 60]},
        column_formats={
            ledger: [_format(column.kind) for column in columns],
            about_name: [header, rx.Format()],
        },
        header_format={ledger: header, about_name: header},
        autofilter={ledger: True},
    )
    return written[0]


def _format(kind: str):
    number_format = NUMBER_FORMATS.get(kind)
    return rx.Format().set_num_format(number_format) if number_format else rx.Format()


def _converter(kind: str, yes: str, no: str) -> Callable[[tuple], Sequence]:
    # A column already of the types its kind means passes as it is (checked
    # at C speed); any other goes value by value.
    if kind == BOOLEAN:
        labels = {True: yes, False: no, None: None}

        def convert_boolean(values):
            if plain(values, {bool, NONE}):
                return list(map(labels.__getitem__, values))
            return [None if v is None or v == "" else yes if v else no for v in values]

        return convert_boolean
    if kind in (INTEGER, DECIMAL, MONEY):
        return lambda values: (
            values if plain(values, {int, float, NONE}) else list(map(_number, values))
        )
    if kind in (DATE, DATETIME):
        return lambda values: values if plain(values, {date, NONE}) else list(map(_moment, values))
    return lambda values: values if plain(values, {str, NONE}) else list(map(_text, values))


def _text(value):
    # Written with write_string whatever it starts with: text, never a formula.
    return None if value is None or value == "" else str(value)


def _number(value):
    if isinstance(value, bool):  # a number, 1 or 0, as XlsxWriter wrote it
        return int(value)
    if isinstance(value, int | float):
        return value
    if isinstance(value, Decimal):
        return float(value)
    return _text(value)


def _moment(value):
    # A column of dates and datetimes becomes one of datetimes: the binding
    # caches a column's type from its first value and would write a later
    # datetime of a date column as its date alone.
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return _text(value)
