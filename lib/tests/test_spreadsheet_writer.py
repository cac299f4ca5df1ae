"""Both XLSX writers (SPREADSHEET_WRITER "rust", the default, and
"xlsxwriter", the way back) write the same cells: typed, never a formula,
with the columns' widths and a frozen, filtered header; and the CSV,
converted a column at a time, says exactly what the per-cell rule says."""

import csv
import io
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.core.exceptions import ImproperlyConfigured

from lib.spreadsheets.writer import (
    BOOLEAN,
    DATE,
    DATETIME,
    DECIMAL,
    INTEGER,
    MONEY,
    TEXT,
    Column,
    ExportInfo,
    _csv_value,
    write_csv,
    write_xlsx,
)

WRITERS = ["rust", "xlsxwriter"]
BEIJING = ZoneInfo("Asia/Shanghai")

COLUMNS = [
    Column("序号", INTEGER, 6),
    Column("组织名称", TEXT, 28),
    Column("成员人数", INTEGER, 8),
    Column("评分", DECIMAL, 8),
    Column("金额", MONEY, 12),
    Column("成立日期", DATE, 12),
    Column("受理时间", DATETIME, 16),
    Column("是否品牌", BOOLEAN, 8),
    Column("备注", TEXT, 30),
]
ROWS = [
    [1, "英才社区书画社", 25, Decimal("87.5"), Decimal("1200.00"), date(2021, 3, 5),
     datetime(2026, 3, 5, 6, 30, tzinfo=ZoneInfo("UTC")), True, "党群服务中心"],
    [2, '=HYPERLINK("http://x")', 0, 90.0, 0, None, None, False, "+86 党群中心"],
    [3, "@SUM(A1)", None, None, None, date(2020, 1, 1), datetime(2026, 1, 2, 9, 0), None, "-1"],
    [4, "", 7, 3, 5, datetime(2024, 5, 6, 7, 8), "不详", "", "\t制表符"],
]  # fmt: skip
# What a reader gets back: numbers as numbers, dates as dates in Beijing time,
# booleans as 是/否, formulas as the text they were.
EXPECTED = [
    [1, "英才社区书画社", 25, 87.5, 1200, datetime(2021, 3, 5), datetime(2026, 3, 5, 14, 30),
     "是", "党群服务中心"],
    [2, '=HYPERLINK("http://x")', 0, 90, 0, None, None, "否", "+86 党群中心"],
    [3, "@SUM(A1)", None, None, None, datetime(2020, 1, 1), datetime(2026, 1, 2, 9, 0), None, "-1"],
    [4, None, 7, 3, 5, datetime(2024, 5, 6, 7, 8), "不详", None, "\t制表符"],
]  # fmt: skip
INFO = ExportInfo(
    title="组织台账",
    exported_by="区民政局 张三",
    scope="新城区",
    exported_at=datetime(2026, 3, 5, 9, 0, tzinfo=BEIJING),
)


def xlsx(settings, writer, rows=ROWS, columns=COLUMNS, info=INFO) -> bytes:
    settings.SPREADSHEET_WRITER = writer
    settings.TIME_ZONE = "Asia/Shanghai"
    handle = io.BytesIO()
    assert write_xlsx(handle, columns, iter(rows), info) == len(rows)
    return handle.getvalue()


def values(sheet) -> list[list]:
    return [[_read(cell.value) for cell in row] for row in sheet.iter_rows()]


def widths(content: bytes) -> list[int]:
    """The first sheet's column widths as given (both writers add Excel's
    padding of 0.71 to what they were asked)."""
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        xml = package.read("xl/worksheets/sheet1.xml").decode()
    found = {}
    for low, high, width in re.findall(r'<col min="(\d+)" max="(\d+)" width="([\d.]+)"', xml):
        for index in range(int(low), int(high) + 1):
            found[index] = round(float(width) - 0.71)
    return [found[index] for index in sorted(found)]


def _read(value):
    # rust_xlsxwriter writes a whole number as 25.0, which openpyxl reads as a
    # float; Excel, WPS and LibreOffice show it as XlsxWriter's 25.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None if value == "" else value


@pytest.mark.parametrize("writer", WRITERS)
def test_the_cells_read_back_typed(settings, writer):
    book = openpyxl.load_workbook(io.BytesIO(xlsx(settings, writer)))
    sheet = book.worksheets[0]
    assert sheet.title == "组织台账"
    header, *rows = values(sheet)
    assert header == [str(column.header) for column in COLUMNS]
    assert rows == EXPECTED
    cells = list(sheet.iter_rows(min_row=2))
    assert cells[0][2].data_type == "n" and cells[0][3].data_type == "n"
    assert cells[0][5].is_date and cells[0][5].number_format == "yyyy-mm-dd"
    assert cells[0][6].is_date and cells[0][6].number_format == "yyyy-mm-dd hh:mm"
    assert cells[0][4].number_format == "#,##0.00"


@pytest.mark.parametrize("writer", WRITERS)
def test_text_that_looks_like_a_formula_stays_text(settings, writer):
    content = xlsx(settings, writer)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    starts = [cell for row in sheet.iter_rows() for cell in row if str(cell.value)[:1] in "=+-@\t"]
    assert len(starts) == 5
    assert all(cell.data_type == "s" for cell in starts)
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        assert "<f>" not in package.read("xl/worksheets/sheet1.xml").decode()


@pytest.mark.parametrize("writer", WRITERS)
def test_widths_a_frozen_filtered_header_and_who_exported(settings, writer):
    content = xlsx(settings, writer)
    book = openpyxl.load_workbook(io.BytesIO(content))
    sheet, about = book.worksheets
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:I5"
    assert widths(content) == [column.width for column in COLUMNS]
    assert all(cell.font.b for cell in sheet[1])
    lines = dict(about.iter_rows(values_only=True))
    assert lines["导出人"] == "区民政局 张三"
    assert lines["导出时间"] == "2026-03-05 09:00"
    assert lines["行数"] == "4"


@pytest.mark.parametrize("writer", WRITERS)
def test_an_empty_export_still_has_its_header(settings, writer):
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx(settings, writer, rows=[]))).worksheets[0]
    assert values(sheet) == [[str(column.header) for column in COLUMNS]]
    assert sheet.freeze_panes == "A2"


@pytest.mark.parametrize("writer", WRITERS)
def test_two_columns_with_one_header_are_both_written(settings, writer):
    columns = [Column("名称"), Column("名称")]
    sheet = openpyxl.load_workbook(
        io.BytesIO(xlsx(settings, writer, rows=[["甲", "乙"]], columns=columns))
    ).worksheets[0]
    assert values(sheet) == [["名称", "名称"], ["甲", "乙"]]


@pytest.mark.parametrize("writer", WRITERS)
def test_a_row_of_the_wrong_length_is_refused(settings, writer):
    with pytest.raises(ValueError):
        xlsx(settings, writer, rows=[ROWS[0], ROWS[1][:-1]])


def test_an_unknown_writer_is_refused(settings):
    with pytest.raises(ImproperlyConfigured, match="SPREADSHEET_WRITER"):
        xlsx(settings, "openpyxl")


MIXED = [
    *ROWS,
    # types a column's kind does not lead to expect
    [True, 5, "七", None, "", date(2021, 1, 1), date(2021, 1, 2), 1, 3.25],
    [None, None, None, None, None, None, None, None, None],
]


@pytest.mark.parametrize("rows", [ROWS, MIXED], ids=["plain columns", "mixed columns"])
def test_the_csv_says_what_the_per_cell_rule_says(settings, rows):
    """Converted a column at a time (a plain column passes as it is), the
    bytes are those of converting every cell by `_csv_value`."""
    settings.TIME_ZONE = "Asia/Shanghai"
    text = io.StringIO(newline="")
    assert write_csv(text, COLUMNS, iter(rows)) == len(rows)
    expected = io.StringIO(newline="")
    expected.write("\ufeff")
    writer = csv.writer(expected)
    writer.writerow([column.header for column in COLUMNS])
    for row in rows:
        writer.writerow([_csv_value(c.kind, v) for c, v in zip(COLUMNS, row, strict=True)])
    assert text.getvalue() == expected.getvalue()
    lines = list(csv.reader(io.StringIO(text.getvalue())))
    assert lines[2][1] == '\'=HYPERLINK("http://x")'
    assert lines[3][8] == "'-1"
    assert lines[1][6] == "2026-03-05 14:30"  # Beijing time


def test_the_csv_refuses_a_row_of_the_wrong_length():
    with pytest.raises(ValueError):
        write_csv(io.StringIO(), COLUMNS, iter([ROWS[0][:-1]]))
