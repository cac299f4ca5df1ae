"""Read the spreadsheets offices really send.

Accepts .xlsx (Excel, WPS), .xls (Excel 97) and .csv (UTF-8 or GBK), and
copes with what they contain: a title row or two above the header (merged
cells included), a 序号 column, blank rows, a 填表人 line at the bottom,
headers with * or line breaks. Limits on file size, unpacked size and row
count keep a hostile or mistaken file from exhausting the server.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.conf import settings
from django.utils.translation import gettext as _

from orgs.ledger import LedgerField, normalise_header


class SpreadsheetError(Exception):
    """The file as a whole cannot be read; the message says why, for the user."""


@dataclass
class Sheet:
    columns: dict[str, int]  # field key -> column index
    rows: list[tuple[int, dict]]  # (line number in the file, {field key: value})
    ignored_headers: list[str] = field(default_factory=list)


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

    if name.endswith(".csv"):
        grids = [_csv_rows(data)]
    elif data[:4] == b"PK\x03\x04":
        grids = _xlsx_grids(data)
    elif data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        grids = _xls_grids(data)
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


def _xlsx_grids(data: bytes):
    import openpyxl

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise SpreadsheetError(_("The file is damaged and cannot be opened as .xlsx.")) from exc
    if unpacked > settings.IMPORT_MAX_UNPACKED_BYTES:
        raise SpreadsheetError(
            _("The spreadsheet unpacks to more than %(limit)s MB; split it into smaller files.")
            % {"limit": settings.IMPORT_MAX_UNPACKED_BYTES // 1_048_576}
        )
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for broken files
        raise SpreadsheetError(_("The file is damaged and cannot be opened as .xlsx.")) from exc
    try:
        for worksheet in workbook.worksheets:
            yield _limited(worksheet.iter_rows(values_only=True))
    finally:
        workbook.close()


def _xls_grids(data: bytes):
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
    except Exception as exc:
        raise SpreadsheetError(_("The file is damaged and cannot be opened as .xls.")) from exc
    for sheet in book.sheets():
        yield _limited(_xls_values(book, sheet, row) for row in range(sheet.nrows))


def _xls_values(book, sheet, row):
    import xlrd

    values = []
    for cell in sheet.row(row):
        if cell.ctype == xlrd.XL_CELL_DATE:
            values.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
        elif cell.ctype == xlrd.XL_CELL_EMPTY:
            values.append(None)
        else:
            values.append(cell.value)
    return values


def _csv_rows(data: bytes):
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SpreadsheetError(_("The CSV file is neither UTF-8 nor GBK text."))
    return _limited(csv.reader(io.StringIO(text)))


def _limited(rows):
    limit = settings.IMPORT_MAX_ROWS + 20  # room for title rows and footers
    for count, row in enumerate(rows, start=1):
        if count > limit:
            raise SpreadsheetError(
                _("The sheet has more than %(limit)s rows; split it into smaller files.")
                % {"limit": settings.IMPORT_MAX_ROWS}
            )
        yield row


def _find_table(grid, fields: list[LedgerField]) -> Sheet | None:
    by_name = {}
    for ledger_field in fields:
        for name in ledger_field.names():
            by_name[name] = ledger_field
    rows = iter(enumerate(grid, start=1))
    for line, values in rows:
        if line > 20:
            return None
        columns, ignored = {}, []
        for index, value in enumerate(values or ()):
            header = normalise_header(value)
            if not header:
                continue
            ledger_field = by_name.get(header)
            if ledger_field is None:
                ignored.append(str(value).strip())
            elif ledger_field.importable and ledger_field.key not in columns:
                columns[ledger_field.key] = index
        required = {f.key for f in fields if f.required}
        if len(columns) >= 2 and required & columns.keys():
            return Sheet(
                columns=columns, rows=list(_data_rows(rows, columns)), ignored_headers=ignored
            )
    return None


def _data_rows(rows, columns):
    for line, values in rows:
        values = list(values or ())
        cells = {
            key: _cell(values[index]) if index < len(values) else None
            for key, index in columns.items()
        }
        filled = [value for value in cells.values() if value not in (None, "")]
        if not filled:
            continue
        if len(filled) == 1 and isinstance(filled[0], str) and filled[0].startswith(FOOTER_MARKERS):
            continue
        yield line, cells


def _cell(value):
    if isinstance(value, str):
        value = value.replace("\u3000", " ").strip()
        return value or None
    if isinstance(value, datetime) and value.time() == time(0, 0):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, date | int | float | datetime):
        return value
    return None if value is None else str(value).strip() or None
