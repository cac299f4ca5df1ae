"""Reading .xlsx files safely: openpyxl's read-only loader, with the zip and
the XML checked first so that a hostile or broken file costs bounded time
and memory and ends in a SpreadsheetError.

What openpyxl 3.1 (with the standard library's expat, no defusedxml, no
lxml) would otherwise do with such files, and what is done about it here:

- a zip bomb: the unpacked size declared in the zip directory is limited
  (settings.IMPORT_MAX_UNPACKED_BYTES); reading never inflates past it;
- a zip directory of 100,000 entries: its size is limited before ZipFile
  builds an object for each;
- entity expansion (billion laughs): declarations are refused;
- parts parsed whole into a tree (styles, workbook, manifests): limited to
  MAX_WHOLE_PART each;
- a sheet without a <dimension>: openpyxl would parse it whole at load
  time; StreamedWorksheet never looks;
- a sheet of a million rows: its row tags are counted before any row is
  parsed;
- anything the parsers raise mid-sheet: reported as a damaged file.
"""

import io
import re
import struct
import zipfile
from collections.abc import Iterator
from xml.parsers import expat

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.packaging.relationship import get_rels_path
from openpyxl.reader.excel import ExcelReader, _find_workbook_part
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.xml.constants import ARC_CONTENT_TYPES, ARC_CORE, ARC_CUSTOM, ARC_STYLE

from lib.spreadsheets.grids import ErrorValue, Formula, Grid, SpreadsheetError, guarded

MAX_ZIP_DIRECTORY = 1_048_576  # about 10,000 parts; a ledger has a few dozen
# Parts openpyxl parses whole, into a tree, before the first row: the package
# and workbook manifests, properties and styles. Real ones are a few KB; a
# styles part of 1 MB (some 16,000 cell formats) already takes seconds.
MAX_WHOLE_PART = 1_048_576
# Excel writes a control character in a cell as _x0001_; openpyxl leaves it so.
EXCEL_ESCAPE = re.compile("_x(00[01][0-9A-Fa-f])_")
ROW_TAGS = (b"<row ", b"<row>", b":row ", b":row>")  # <row r="1">, <x:row r="1">


def _damaged_xlsx() -> SpreadsheetError:
    return SpreadsheetError(_("The file is damaged and cannot be opened as .xlsx."))


def xlsx_grids(data: bytes) -> Iterator[Grid]:
    _check_package(data)
    try:
        reader = LedgerWorkbookReader(io.BytesIO(data), read_only=True, keep_links=False)
        reader.read()
    except SpreadsheetError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for broken files
        raise _damaged_xlsx() from exc
    workbook = reader.wb
    try:
        for worksheet in workbook.worksheets:
            yield Grid(
                guarded(worksheet.iter_rows(), _damaged_xlsx),
                _xlsx_value,
                count=lambda sheet=worksheet: _read_or_refuse(sheet.count_rows),
            )
    finally:
        workbook.close()


def _read_or_refuse(read):
    try:
        return read()
    except Exception as exc:  # a bad checksum, a broken deflate stream...
        raise _damaged_xlsx() from exc


def _check_package(data: bytes) -> None:
    """Check the zip before any XML in it is parsed."""
    if _zip_directory_size(data) > MAX_ZIP_DIRECTORY:
        raise _damaged_xlsx()  # ZipFile would build an object for every entry first
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception as exc:  # BadZipFile mostly; a crafted directory can raise others
        raise _damaged_xlsx() from exc
    with archive:
        members = archive.infolist()
        names = {member.filename for member in members}
        if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
            raise SpreadsheetError(  # a zip, a .docx...: not a workbook
                _(
                    "This is not an Excel file. Save it as .xlsx (Excel or WPS: File → Save as) "
                    "and try again."
                )
            )
        # Sizes from the zip directory: reading never inflates past them
        # (zipfile stops there and the checksum fails), so a zip bomb is
        # refused here, before anything is decompressed.
        if sum(member.file_size for member in members) > settings.IMPORT_MAX_UNPACKED_BYTES:
            raise SpreadsheetError(
                _("The spreadsheet unpacks to more than %(limit)s MB; split it into smaller files.")
                % {"limit": settings.IMPORT_MAX_UNPACKED_BYTES // 1_048_576}
            )
        for member in members:
            _refuse_entities(archive, member)


def _zip_directory_size(data: bytes) -> int:
    """The central directory's size, from the end record (0 if there is none:
    then ZipFile says the file is damaged)."""
    if len(data) < 22:
        return 0
    end = len(data) - 22
    if data[end : end + 4] != b"PK\x05\x06":
        end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or len(data) < end + 22:
        return 0
    return struct.unpack_from("<I", data, end + 12)[0]


class _Root(Exception):
    pass


class _Entities(Exception):
    pass


def _refuse_entities(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """Refuse XML that declares entities (billion laughs, quadratic blow-up).

    openpyxl parses with the standard library's expat (defusedxml is not
    installed), and expat ≥ 2.4 stops a runaway expansion only after some
    8 MB of it. Excel and WPS never declare entities, so a part that does is
    refused before openpyxl sees it. Declarations come before the root
    element, so each part is read up to there (a part that is not XML stops
    at once) by the same parser openpyxl will use.
    """

    def entity(*args):
        raise _Entities

    def root(*args):
        raise _Root

    parser = expat.ParserCreate()
    parser.EntityDeclHandler = entity
    parser.StartElementHandler = root
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(65_536):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Entities:
        raise SpreadsheetError(
            _(
                "The file declares XML entities, which Excel and WPS never write, so it cannot be "
                "imported. Open it in Excel or WPS, save it as .xlsx and try again."
            )
        ) from None
    except (_Root, expat.ExpatError):
        return  # the root element reached, or not XML (openpyxl reports that)
    except Exception as exc:  # a bad checksum, a broken deflate stream, encryption...
        raise _damaged_xlsx() from exc


def _whole_part(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse a part openpyxl would parse whole, when it is too big to."""
    try:
        size = archive.getinfo(name).file_size
    except KeyError:
        return
    if size > MAX_WHOLE_PART:
        raise SpreadsheetError(
            _(
                "Part of the file (%(part)s) is too large, usually because the workbook has "
                "collected too many cell formats. Copy the table into a new workbook, save it and "
                "try again."
            )
            % {"part": name}
        )


class StreamedWorksheet(ReadOnlyWorksheet):
    """A read-only sheet that does not look for its size when opened.

    openpyxl reads a sheet's <dimension> when the workbook is loaded; for a
    sheet without one it parses the whole sheet into a tree first (a minute
    and hundreds of MB for a million rows), and when the dimension is wrong
    it cuts or pads the rows to it. Rows here are as the file has them.
    """

    def _get_size(self):
        pass

    def count_rows(self) -> int:
        """The row tags in the sheet's XML, counted without parsing it, so an
        oversized sheet is refused before its rows are read. (A row tag
        written some other way is still counted by _limited as it is read.)"""
        count, tail = 0, b""
        with self._get_source() as source:
            while chunk := source.read(1_048_576):
                block = tail + chunk
                cut = block.rfind(b"<")  # a tag never spans the cut
                cut = len(block) if cut < 0 else cut
                count += sum(block.count(tag, 0, cut) for tag in ROW_TAGS)
                tail = block[cut:]
        return count + sum(tail.count(tag) for tag in ROW_TAGS)


class LedgerWorkbookReader(ExcelReader):
    """openpyxl's read-only loader (load_workbook's, openpyxl 3.1: the tests
    in lib/tests/test_import_fuzz.py fail if that changes), with a size check
    before each part it parses whole, and streamed worksheets. Chartsheets
    and the worksheets' relations are not read: the import needs neither."""

    def read_manifest(self):
        _whole_part(self.archive, ARC_CONTENT_TYPES)
        super().read_manifest()

    def read_workbook(self):
        workbook_part = _find_workbook_part(self.package).PartName[1:]
        for name in (workbook_part, get_rels_path(workbook_part), ARC_CORE, ARC_CUSTOM, ARC_STYLE):
            _whole_part(self.archive, name)
        super().read_workbook()

    def read_worksheets(self):
        for sheet, rel in self.parser.find_sheets():
            if rel.target in self.valid_files and "chartsheet" not in rel.Type:
                worksheet = StreamedWorksheet(self.wb, sheet.name, rel.target, self.shared_strings)
                worksheet.sheet_state = sheet.state
                self.wb._sheets.append(worksheet)


def _xlsx_value(cell):
    value = cell.value
    if cell.data_type == "f":
        return Formula(value if isinstance(value, str) else getattr(value, "text", None) or "=")
    if cell.data_type == "e":
        return ErrorValue(value)
    if isinstance(value, str):
        return EXCEL_ESCAPE.sub(lambda match: chr(int(match[1], 16)), value)
    return value
