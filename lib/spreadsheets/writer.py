"""One writer for every spreadsheet the platform hands out.

Exports yield rows; this module writes them. XLSX has typed cells (numbers
as numbers, dates as dates), a frozen and filtered header row, column widths,
and a second sheet saying who exported what and when; it is written in
constant memory, so a ledger of 38,000 rows costs the same memory as one of
38. CSV is UTF-8 with a BOM so Excel and WPS open the Chinese correctly.

Two libraries can write the XLSX, chosen by settings.SPREADSHEET_WRITER:
"rust" (rustpy-xlsxwriter, a binding of Rust's rust_xlsxwriter: the city's
ledger in about a tenth of the time) and "xlsxwriter" (XlsxWriter, the way
back). Both write the same cells; see writer_rust and writer_xlsxwriter.

Values are converted a column at a time, a chunk of rows at once: the kind
of a column decides its conversion once, not once a cell.

User text is never interpreted: XLSX cells are written as text cells, and in
CSV a value starting with = + - @ (or a tab or carriage return) is prefixed
with an apostrophe, so a spreadsheet cannot be made to run a formula.
"""

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from itertools import chain, repeat

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.translation import gettext as _

from .sheet import (  # noqa: F401 - the kinds and Column are imported from here by every app
    BOOLEAN,
    DATE,
    DATETIME,
    DECIMAL,
    FORMULA_TRIGGERS,
    INTEGER,
    MONEY,
    NONE,
    TEXT,
    Column,
    ExportInfo,
    about_lines,
    about_sheet_name,
    by_column,
    plain,
    sheet_name,
    yes_no,
)

WRITERS = ("rust", "xlsxwriter")


def write_xlsx(
    target, columns: Sequence[Column], rows: Iterable[Sequence], info: ExportInfo
) -> int:
    """Write `rows` to `target` (a path or a binary file); return the row count."""
    choice = getattr(settings, "SPREADSHEET_WRITER", "rust")
    if choice not in WRITERS:
        raise ImproperlyConfigured(
            f"SPREADSHEET_WRITER is {choice!r}; it must be one of {', '.join(WRITERS)}."
        )
    exported_at = timezone.localtime(info.exported_at or timezone.now())
    rows = iter(rows)
    first = next(rows, None)
    if choice == "rust" and first is not None and _rust_can_key(columns, info):
        from . import writer_rust as backend
    else:
        # The Rust writer takes each row as a dict keyed by its header: it
        # writes no header without a row, and cannot key two equal headers.
        from . import writer_xlsxwriter as backend
    rows = chain([first], rows) if first is not None else rows
    return backend.write(target, columns, rows, info, exported_at)


def write_csv(stream, columns: Sequence[Column], rows: Iterable[Sequence]) -> int:
    """Write CSV to a text stream opened with newline=''; return the row count."""
    stream.write("\ufeff")
    # A chunk's lines are gathered in memory and handed to the stream at
    # once: one encode a chunk, not one a line.
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(column.header) for column in columns])
    yes, no = yes_no()
    converters = [_csv_converter(column.kind, yes, no) for column in columns]
    count = 0
    for chunk in by_column(rows, converters):
        writer.writerows(chunk)
        count += len(chunk)
        stream.write(buffer.getvalue())
        buffer.seek(0)
        buffer.truncate()
    stream.write(buffer.getvalue())
    return count


def safe_text(value: str) -> str:
    """Neutralise text a spreadsheet would read as a formula."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def _rust_can_key(columns: Sequence[Column], info: ExportInfo) -> bool:
    headers = [str(column.header) for column in columns]
    first_line = about_lines(info, 0, timezone.now())[0]
    return (
        len(set(headers)) == len(headers)
        and first_line[0] != first_line[1]
        and sheet_name(info.title) != about_sheet_name()
    )


def formula_free(values) -> bool:
    """Whether no text of a column (of str and None) starts a formula."""
    return not any(map(str.startswith, filter(None, values), repeat(FORMULA_TRIGGERS)))


def _csv_converter(kind: str, yes: str, no: str) -> Callable[[tuple], Sequence]:
    if kind == BOOLEAN:
        labels = {True: yes, False: no, None: ""}

        def convert_boolean(values):
            if plain(values, {bool, NONE}):
                return list(map(labels.__getitem__, values))
            return ["" if v is None else yes if v else no for v in values]

        return convert_boolean

    def convert(values):
        # The csv module writes an int as str() does and None as "": such a
        # column, and text none of which starts a formula, pass as they are.
        if plain(values, {int, NONE}) or (plain(values, {str, NONE}) and formula_free(values)):
            return values
        if plain(values, {date, NONE}):
            return ["" if v is None else v.isoformat() for v in values]
        return [_csv_value(kind, v) for v in values]

    return convert


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
