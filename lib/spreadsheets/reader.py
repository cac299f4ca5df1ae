"""Read the spreadsheets offices really send, and survive the ones they should not.

Accepts .xlsx (Excel, WPS), .xls (Excel 97) and .csv (UTF-8 or GBK), and
copes with what they contain: a title row or two above the header (merged
cells included), a 序号 column, blank rows, a 填表人 line at the bottom,
headers with * or line breaks.

A damaged or hostile file gets a SpreadsheetError (one message for the user)
and never another exception, and costs bounded memory: the file size and
the row count are limited here, an .xlsx is checked before openpyxl parses
it (xlsx.py), and rows are streamed, keeping only the table's columns.

Cells: formulas are not calculated. An .xlsx formula cell, an error value
(#REF!, #N/A...), text with control characters and text longer than Excel's
own cell limit are reported per cell with their row (Sheet.problems), so the
import reports them all and writes nothing. An .xls keeps only the values
Excel last calculated (xlrd cannot see formulas), and those are used. Text
that merely starts with = + - @ is text: it is stored as typed, and the
exporters (lib/spreadsheets/writer.py) write it so no spreadsheet runs it.
"""

import csv
import io
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.conf import settings
from django.utils.translation import gettext as _

from .columns import LedgerField, normalise_header
from .grids import ErrorValue, Formula, Grid, SpreadsheetError, guarded
from .xlsx import xlsx_grids


@dataclass
class CellProblem:
    line: int
    key: str  # the ledger field
    message: str


@dataclass
class Sheet:
    columns: dict[str, int]  # field key -> column index
    rows: list[tuple[int, dict]]  # (line number in the file, {field key: value})
    ignored_headers: list[str] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)  # cells that cannot be imported
    # field key -> its heading as the file wrote it (所属社区, not the platform's 社区（村）),
    # so a report names the column the officer sees
    headings: dict[str, str] = field(default_factory=dict)


FOOTER_MARKERS = (
    "填表人",
    "制表人",
    "填报人",
    "审核人",
    "合计",
    "总计",
    "备注：",
    "说明：",
    "注：",
)

MAX_COLUMNS = 256  # Excel 97's last column (IV); a ledger never needs more
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted .xlsx is an OLE file holding this stream.
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")

# C0 and C1 controls except tab, line feed and carriage return (which are
# whitespace and collapse to a space), lone surrogates and non-characters.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
INVISIBLE = str.maketrans("", "", "\u200b\ufeff")  # zero-width space, stray BOM


def read_sheet(upload, fields: list[LedgerField]) -> Sheet:
    """Read the first sheet of `upload` whose header names our columns."""
    name = (getattr(upload, "name", "") or "").lower()
    size = getattr(upload, "size", None)
    if size is not None and size > settings.IMPORT_MAX_BYTES:
        raise SpreadsheetError(
            _("The file is %(size)s MB; files up to %(limit)s MB can be imported.")
            % {"size": round(size / 1_048_576, 1), "limit": settings.IMPORT_MAX_BYTES // 1_048_576}
        )
    data = upload.read(settings.IMPORT_MAX_BYTES + 1)
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise SpreadsheetError(
            _("The file is larger than %(limit)s MB.")
            % {"limit": settings.IMPORT_MAX_BYTES // 1_048_576}
        )
    if not data:
        raise SpreadsheetError(_("The file is empty."))

    # What the file is decides how it is read, whatever it is called.
    if data.startswith(XLSX_MAGIC):
        grids = xlsx_grids(data)
    elif data.startswith(OLE_MAGIC):
        grids = _xls_grids(data)
    elif name.endswith(".csv"):
        grids = iter([_csv_grid(data)])
    else:
        raise SpreadsheetError(
            _(
                "This is not an Excel file. Save it as .xlsx (Excel or WPS: File → Save as) and try again."
            )
        )

    for grid in grids:
        sheet = _find_table(grid, fields)
        if sheet is not None:
            return sheet
    expected = "、".join(str(f.header) for f in fields if f.required)
    raise SpreadsheetError(
        _("No header row was found. The sheet needs a row of column names including: %(columns)s.")
        % {"columns": expected}
    )


# --- .xls --------------------------------------------------------------------


def _xls_grids(data: bytes) -> Iterator[Grid]:
    import xlrd

    def damaged():
        return SpreadsheetError(_("The file is damaged and cannot be opened as .xls."))

    if ENCRYPTED_PACKAGE in data:
        raise _password_protected()
    try:
        # ragged_rows: xlrd would otherwise pad every row to the widest one,
        # 65,536 × 256 cells for a file with one cell in IV65536.
        book = xlrd.open_workbook(file_contents=data, on_demand=True, ragged_rows=True)
    except xlrd.XLRDError as exc:
        if "encrypted" in str(exc).lower():
            raise _password_protected() from exc
        raise damaged() from exc
    except Exception as exc:
        raise damaged() from exc

    def value(cell):
        if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
            return None
        if cell.ctype == xlrd.XL_CELL_ERROR:
            return ErrorValue(xlrd.error_text_from_code.get(cell.value, "#VALUE!"))
        if cell.ctype == xlrd.XL_CELL_BOOLEAN:
            return bool(cell.value)
        if cell.ctype == xlrd.XL_CELL_DATE:
            try:
                return xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
            except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                return ErrorValue("#VALUE!")
        return cell.value

    try:
        for index in range(book.nsheets):
            try:
                sheet = book.sheet_by_index(index)
            except Exception as exc:  # xlrd raises anything on a damaged sheet
                raise damaged() from exc
            if sheet.nrows > row_limit():
                raise too_many_rows()
            yield Grid(guarded(range(sheet.nrows), damaged, sheet.row), value)
    finally:
        book.release_resources()


def _password_protected() -> SpreadsheetError:
    return SpreadsheetError(
        _(
            "The file is protected with a password. Open it in Excel or WPS, remove the "
            "password, save it and try again."
        )
    )


# --- .csv --------------------------------------------------------------------


def _csv_grid(data: bytes) -> Grid:
    furthest = 0
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError as exc:
            furthest = max(furthest, exc.start)
    else:
        raise SpreadsheetError(
            _(
                "Line %(line)s of the CSV file is neither UTF-8 nor GBK text. Save the file "
                "again as CSV (UTF-8) and try again."
            )
            % {"line": data.count(b"\n", 0, furthest) + 1}
        )
    reader = csv.reader(io.StringIO(text))
    line = 1  # where the record being read starts

    def records():
        nonlocal line
        for record in reader:
            yield record
            line = reader.line_num + 1

    def unreadable():
        return SpreadsheetError(
            _(
                "Line %(line)s of the CSV file cannot be read: a cell is too long or its quotes "
                "do not match."
            )
            % {"line": line}
        )

    return Grid(guarded(records(), unreadable))


# --- rows --------------------------------------------------------------------


def row_limit() -> int:
    return settings.IMPORT_MAX_ROWS + 20  # room for title rows and footers


def too_many_rows() -> SpreadsheetError:
    return SpreadsheetError(
        _("The sheet has more than %(limit)s rows; split it into smaller files.")
        % {"limit": settings.IMPORT_MAX_ROWS}
    )


def _limited(rows):
    limit = row_limit()
    for count, row in enumerate(rows, start=1):
        if count > limit:
            raise too_many_rows()
        yield row


def _find_table(grid: Grid, fields: list[LedgerField]) -> Sheet | None:
    by_name = {}
    for ledger_field in fields:
        for name in ledger_field.names():
            by_name[name] = ledger_field
    rows = iter(enumerate(_limited(grid.rows), start=1))
    for line, values in rows:
        if line > 20:
            return None
        columns, headings, ignored = {}, {}, []
        for index, raw in enumerate(values[:MAX_COLUMNS]):
            value = grid.value(raw)
            if isinstance(value, Formula | ErrorValue):
                continue
            header = normalise_header(value)
            if not header:
                continue
            ledger_field = by_name.get(header)
            if ledger_field is None:
                ignored.append(str(value).strip()[:100])
            elif ledger_field.importable and ledger_field.key not in columns:
                columns[ledger_field.key] = index
                headings[ledger_field.key] = " ".join(str(value).split())[:100]
        required = {f.key for f in fields if f.required}
        if len(columns) >= 2 and required & columns.keys():
            if grid.count is not None and grid.count() > row_limit():
                raise too_many_rows()
            sheet = Sheet(columns=columns, rows=[], ignored_headers=ignored, headings=headings)
            _read_rows(sheet, rows, grid.value)
            return sheet
    return None


def _read_rows(sheet: Sheet, rows, value_of) -> None:
    for line, values in rows:
        cells, problems = {}, []
        for key, index in sheet.columns.items():
            value, problem = _cell(value_of(values[index]) if index < len(values) else None)
            cells[key] = value
            if problem:
                problems.append(CellProblem(line, key, problem))
        filled = [value for value in cells.values() if value not in (None, "")]
        if not filled and not problems:
            continue
        if (
            not problems
            and len(filled) == 1
            and isinstance(filled[0], str)
            and filled[0].startswith(FOOTER_MARKERS)
        ):
            continue
        sheet.rows.append((line, cells))
        sheet.problems += problems


def _cell(value) -> tuple[object, str | None]:
    """The cell's value as the import uses it, or None and why it cannot be."""
    if isinstance(value, Formula):
        shown = value if len(value) <= 40 else value[:40] + "…"
        return None, _(
            "The cell holds a formula (%(formula)s); formulas are not calculated on import. Copy "
            "the column and paste it back as values (Paste special → Values)."
        ) % {"formula": shown}
    if isinstance(value, ErrorValue):
        return None, _("The cell shows the error %(error)s; put the right value in.") % {
            "error": value
        }
    if isinstance(value, str):
        value = value.translate(INVISIBLE).replace("\u3000", " ").strip()
        if len(value) > MAX_CELL_CHARS:
            return None, _(
                "The cell has %(count)s characters; at most %(limit)s can be imported."
            ) % {"count": len(value), "limit": MAX_CELL_CHARS}
        if CONTROL.search(value):
            return None, _(
                "The cell contains control characters or other invisible bytes, often left by a "
                "damaged file or a copy from another system. Type the value again."
            )
        return value or None, None
    if isinstance(value, bool):
        return value, None
    if isinstance(value, float):
        if not math.isfinite(value):
            return None, _("“%(value)s” is not a number.") % {"value": value}
        return (int(value) if value.is_integer() else value), None
    if isinstance(value, datetime):
        return (value.date() if value.time() == time(0, 0) else value), None
    if isinstance(value, date | int):
        return value, None
    if value is None:
        return None, None
    return _cell(str(value))
