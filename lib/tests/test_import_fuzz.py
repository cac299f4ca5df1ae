"""Fuzzing the spreadsheet import with broken and hostile files.

A street officer uploads them on the admin import pages (organisations and
people), and read_sheet reads them directly: each file is refused with a
message in Chinese, nothing is imported, and reading costs bounded memory
(traced with tracemalloc, not timed). Cells that cannot be imported
(formulas, error values, control characters, overlong text) are reported
row by row, and then nothing at all is written. Hypothesis feeds random
bytes and mutated ledgers and checks that only SpreadsheetError or per-row
problems ever come out.
"""

import io
import random
import struct
import tracemalloc
import zipfile
import zlib
from dataclasses import dataclass

import openpyxl
import pytest
from django.conf import settings
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from lib.spreadsheets.reader import Sheet, SpreadsheetError, read_sheet
from orgs.importing.base import ImportReport
from orgs.importing.organisations import import_organisations
from orgs.ledger import ORGANISATION_FIELDS, PEOPLE_FIELDS
from orgs.models import ImportState, Membership, Organisation, Person, Talent
from tests.spreadsheets import GOOD_ROWS, HEADER, admin_import, messy_ledger, upload

MEMORY_LIMIT = 50 * 1_048_576  # traced bytes, around one read

# --- files built by hand -----------------------------------------------------
# An .xlsx written part by part, so that a part can be a million rows or
# gigabytes long without ever existing uncompressed: a repeated block is
# compressed once (each ends in a full flush, so the copies are identical).

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
PACKAGE = "http://schemas.openxmlformats.org/package/2006"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{PACKAGE}/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE}/relationships">'
    f'<Relationship Id="rId1" Type="{OFFICE}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{OFFICE}">'
    '<sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE}/relationships">'
    f'<Relationship Id="rId1" Type="{OFFICE}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{OFFICE}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
# A header both ledgers recognise (组织名称 is the people ledger's organisation).
STRINGS = ["组织名称", "姓名", "所属社区", "英才社区书画社", "王建国", "英才社区"]
SHARED_STRINGS = (
    f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'
    + "".join(f"<si><t>{text}</t></si>" for text in STRINGS)
    + "</sst>"
)
HEADER_ROW = (
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
    '<c r="C1" t="s"><v>2</v></c></row>'
)
DATA_ROW = b'<row><c t="s"><v>3</v></c><c t="s"><v>4</v></c><c t="s"><v>5</v></c></row>'
SHEET_END = b"</sheetData></worksheet>"


def sheet_start(rows: str = "", dimension: str | None = "A1:C2", prolog: str = "") -> bytes:
    size = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet xmlns="{MAIN}">{size}'
        f"<sheetData>{HEADER_ROW}{rows}"
    ).encode()


@dataclass
class Part:
    deflated: bytes
    crc: int
    size: int


def part(start: bytes, block: bytes = b"", copies: int = 0, end: bytes = b"") -> Part:
    """start + block * copies + end, deflated with block compressed once."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(start) + compressor.flush(zlib.Z_FULL_FLUSH)
    middle = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH) if copies else b""
    last = compressor.compress(end) + compressor.flush()
    crc = zlib.crc32(start)
    for _ in range(copies):
        crc = zlib.crc32(block, crc)
    return Part(
        first + middle * copies + last,
        zlib.crc32(end, crc),
        len(start) + len(end) + len(block) * copies,
    )


def zip_of(parts: dict[str, Part]) -> bytes:
    """A zip written by hand: its directory states each part's true size."""
    body, directory = bytearray(), bytearray()
    for name, member in parts.items():
        encoded, offset = name.encode(), len(body)
        # version 2.0, UTF-8 name, deflated, 1980-01-01, then checksum, sizes, name length
        fields = (20, 0x800, 8, 0, 0x21, member.crc, len(member.deflated), member.size)
        fields += (len(encoded), 0)
        body += struct.pack("<4s5H3I2H", b"PK\x03\x04", *fields) + encoded + member.deflated
        directory += struct.pack("<4s6H3I5H2I", b"PK\x01\x02", 20, *fields, 0, 0, 0, 0, offset)
        directory += encoded
    count = len(parts)
    end = struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, count, count, len(directory), len(body), 0)
    return bytes(body + directory + end)


def raw_xlsx(sheet: bytes | Part, **extra: Part) -> bytes:
    parts = {
        name: part(text.encode())
        for name, text in [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", ROOT_RELS),
            ("xl/workbook.xml", WORKBOOK),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
            ("xl/sharedStrings.xml", SHARED_STRINGS),
        ]
    }
    parts["xl/worksheets/sheet1.xml"] = sheet if isinstance(sheet, Part) else part(sheet)
    return zip_of({**parts, **extra})


def million_rows(dimension: str | None) -> bytes:
    """A header and 1,000,000 rows: 160 KB, 56 MB unpacked."""
    return raw_xlsx(part(sheet_start(dimension=dimension), DATA_ROW * 20_000, 50, SHEET_END))


def zip_bomb() -> bytes:
    """About 2 MB that unpacks to 2 GiB: a sheet padded with whitespace."""
    return raw_xlsx(part(sheet_start(), b" " * 1_048_576, 2048, SHEET_END))


def billion_laughs() -> bytes:
    """Ten levels of ten: &lol9; expands to 10**9 × 3 bytes."""
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
    )
    row = '<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    return raw_xlsx(sheet_start(row, prolog=f"<!DOCTYPE worksheet [{entities}]>") + SHEET_END)


def bloated_styles() -> bytes:
    """A 4 MB styles part (openpyxl would parse it whole, for a minute)."""
    xf = b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    start = f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}"><cellXfs>'.encode()
    styles = part(start, xf * 1000, 64, b"</cellXfs></styleSheet>")
    return raw_xlsx(sheet_start() + SHEET_END, **{"xl/styles.xml": styles})


def ledger_workbook(rows, header=HEADER) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def zip_with(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def corrupt_member(data: bytes, name: str) -> bytes:
    """Flip bytes in the middle of one member's compressed data."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    start = info.header_offset + 30 + len(info.filename.encode()) + info.compress_size // 3
    damaged = bytearray(data)
    for index in range(start, start + 16):
        damaged[index] ^= 0xFF
    return bytes(damaged)


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
JUNK = random.Random(2).randbytes(4096)

# (file name, content, what the message says)
BROKEN = {
    "empty": lambda: ("台账.xlsx", b"", "文件是空的"),
    "random bytes": lambda: ("台账.xlsx", JUNK, "这不是 Excel 文件"),
    "truncated xlsx": lambda: ("台账.xlsx", messy_ledger()[:3000], "文件已损坏"),
    "corrupt sheet": lambda: (
        "台账.xlsx",
        corrupt_member(messy_ledger(), "xl/worksheets/sheet1.xml"),
        "文件已损坏",
    ),
    "zip of a text file": lambda: (
        "台账.xlsx",
        zip_with({"说明.txt": "台账".encode()}),
        "这不是 Excel 文件",
    ),
    "no recognisable header": lambda: (
        "台账.xlsx",
        ledger_workbook([["张三", 60]], header=["项目", "金额"]),
        "没有找到表头",
    ),
    "over the size limit": lambda: (
        "台账.xlsx",
        b"PK\x03\x04" + bytes(settings.IMPORT_MAX_BYTES),
        f"不超过 {settings.IMPORT_MAX_BYTES // 1_048_576} MB",
    ),
    "a million rows": lambda: (
        "台账.xlsx",
        million_rows("A1:C1000001"),
        f"超过 {settings.IMPORT_MAX_ROWS} 行",
    ),
    "a million rows, no dimension": lambda: (
        "台账.xlsx",
        million_rows(None),
        f"超过 {settings.IMPORT_MAX_ROWS} 行",
    ),
    "a million rows, dimension A1": lambda: (
        "台账.xlsx",
        million_rows("A1"),
        f"超过 {settings.IMPORT_MAX_ROWS} 行",
    ),
    "zip bomb": lambda: ("台账.xlsx", zip_bomb(), "解压后超过"),
    "billion laughs": lambda: ("台账.xlsx", billion_laughs(), "XML 实体"),
    "bloated styles": lambda: ("台账.xlsx", bloated_styles(), "单元格格式"),
    "corrupt xls": lambda: ("台账.xls", OLE + JUNK, "无法作为 .xls 打开"),
    "encrypted xlsx": lambda: (
        "台账.xlsx",
        OLE + JUNK + "EncryptedPackage".encode("utf-16-le"),
        "密码",
    ),
    "html saved as xls": lambda: (
        "台账.xls",
        "<html><table><tr><td>组织名称".encode(),
        "这不是 Excel 文件",
    ),
    "gbk csv with junk bytes": lambda: (
        "台账.csv",
        "组织名称,所属社区\r\n英才社区书画社,英才社区\r\n".encode("gbk") + b"\xff\xfe\x80junk\r\n",
        "第 3 行既不是 UTF-8 也不是 GBK",
    ),
    "csv with a runaway quote": lambda: (
        "台账.csv",
        ('组织名称,所属社区\r\n"英才社区书画社,英才社区' + "书" * 200_000).encode(),
        "第 2 行无法读取",
    ),
}


def counts():
    return [
        (model.objects.count(), model.history.count())
        for model in (Organisation, Person, Membership, Talent)
    ]


def traced_read(data: bytes, name: str):
    """read_sheet's result or error, and the peak traced memory of the read."""
    tracemalloc.start()
    try:
        sheet = read_sheet(upload(data, name), ORGANISATION_FIELDS)
        return sheet, tracemalloc.get_traced_memory()[1]
    except SpreadsheetError as error:
        return error, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# --- broken files ------------------------------------------------------------


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_file_is_refused_in_bounded_memory(case):
    name, data, says = BROKEN[case]()
    result, peak = traced_read(data, name)
    assert isinstance(result, SpreadsheetError), result
    assert says in str(result)
    assert peak < MEMORY_LIMIT, f"{peak / 1_048_576:.0f} MB traced"


@pytest.mark.parametrize(
    "import_page", ["admin:orgs_organisation_import", "admin:orgs_person_import"]
)
def test_the_import_pages_show_why_a_broken_file_is_refused(import_page, personas, login):
    client = login(personas.street_a_officer)
    url = reverse(import_page)
    before = counts()
    for case, make in BROKEN.items():
        name, data, says = make()
        response = admin_import(client, url, data, name)
        assert response.status_code == 200, case
        job = response.context.get("job")  # none when the upload itself is refused (too big)
        assert job is None or (job.state == ImportState.FAILED and says in job.error), case
        assert says in response.content.decode(), case
    assert counts() == before


def test_a_sheet_with_a_wrong_dimension_is_read_whole():
    rows = DATA_ROW.decode() * 3
    for dimension in ("A1", None):  # openpyxl cuts rows to a wrong one
        sheet = read_sheet(
            upload(raw_xlsx(sheet_start(rows, dimension=dimension) + SHEET_END)),
            ORGANISATION_FIELDS,
        )
        assert [values["name"] for _line, values in sheet.rows] == ["英才社区书画社"] * 3


# --- cells that cannot be imported -------------------------------------------

FORMULA_ROWS = [
    [1, "=1+1", "英才社区", "文体活动类", "书画", "王建国", "13803712234", 25, "", "", ""],
    [
        2,
        "英才社区调解队",
        '=HYPERLINK("http://evil.example/","英才社区")',
        "社区事务类",
        "纠纷调处",
        "李秀英",
        "",
        12,
        "",
        "",
        "",
    ],
    [
        3,
        "绿城社区健身队",
        "绿城社区",
        "文体活动类",
        "健身",
        "=cmd|' /C calc'!A0",
        "",
        "#N/A",
        "",
        "",
        "",
    ],
    GOOD_ROWS[3],
]


def test_formulas_are_not_calculated_and_each_one_is_reported(personas, login):
    """Formula cells are refused, each with its row; nothing is imported."""
    before = counts()
    report = import_organisations(
        upload(ledger_workbook(FORMULA_ROWS)), user=personas.street_a_officer, commit=True
    )
    assert not report.committed
    assert counts() == before
    problems = {(p.line, p.column): p.message for p in report.problems}
    assert set(problems) == {(2, "组织名称*"), (3, "所属社区"), (4, "负责人"), (4, "成员人数")}
    assert "公式（=1+1）" in problems[(2, "组织名称*")]
    assert "不计算公式" in problems[(3, "所属社区")]
    assert "=cmd|' /C calc'!A0" in problems[(4, "负责人")]
    assert "#N/A" in problems[(4, "成员人数")]

    page = admin_import(
        login(personas.street_a_officer),
        reverse("admin:orgs_organisation_import"),
        ledger_workbook(FORMULA_ROWS),
    )
    html = page.content.decode()
    assert "未导入任何数据" in html and "不计算公式" in html and "#N/A" in html
    assert page.context["job"].state == ImportState.REJECTED
    assert counts() == before


BAD_CELLS_CSV = "\r\n".join(
    [
        "组织名称,所属社区,组织类别（小类）,负责人,成员人数,服务内容",
        "英才社区书画社\x00,英才社区,书画,王建国,25,",
        "英才社区调解队,英才社区,纠纷调处,李\x07秀英,12,",
        "绿城社区健身队,绿城社区,健身,赵刚,30," + "跳" * 40_000,
        "绿城社区棋牌社,绿城社区,棋牌,孙丽,8,\x1b[31m",
        "绿城社区书画社,绿城社区,书画,周敏,20,每周三练字",
    ]
)


def test_junk_in_cells_is_reported_row_by_row_and_nothing_is_imported(personas, login):
    before = counts()
    data = BAD_CELLS_CSV.encode("gb18030")
    report = import_organisations(
        upload(data, "台账.csv"), user=personas.street_a_officer, commit=True
    )
    assert not report.committed
    assert counts() == before
    problems = {(p.line, p.column): p.message for p in report.problems}
    assert set(problems) == {(2, "组织名称"), (3, "负责人"), (4, "服务内容"), (5, "服务内容")}
    assert "控制字符" in problems[(2, "组织名称")]
    assert "40000 个字符" in problems[(4, "服务内容")]

    page = admin_import(
        login(personas.street_a_officer),
        reverse("admin:orgs_organisation_import"),
        data,
        "台账.csv",
    )
    html = page.content.decode()
    assert "发现 4 个问题，未导入任何数据" in html and "控制字符" in html
    assert "\x00" not in html and "\x07" not in html
    assert counts() == before


def test_control_characters_escaped_the_excel_way_are_caught(personas):
    rows = [
        [1, "英才社区书画社", "英才社区", "文体活动类", "书画", "王建国_x0000_", "", 25, "", "", ""]
    ]
    report = import_organisations(
        upload(ledger_workbook(rows)), user=personas.street_a_officer, commit=True
    )
    assert [(p.line, p.column) for p in report.problems] == [(2, "负责人")]
    assert not Organisation.objects.filter(name="英才社区书画社").exists()


def test_invisible_characters_are_cleaned_away(personas):
    data = "组织名称,所属社区,组织类别（小类）,负责人\r\n\ufeff英才社区书画社\u200b,英才社区,书画,王建国\r\n"
    report = import_organisations(
        upload(data.encode(), "台账.csv"), user=personas.street_a_officer, commit=True
    )
    assert report.committed, report.problems
    assert Organisation.objects.filter(name="英才社区书画社").exists()


def test_imported_text_that_looks_like_a_formula_never_becomes_one(personas, login):
    """Text is stored as typed; the exports keep it text (CSV: a leading ')."""
    lines = [
        "组织名称,所属社区,组织类别（小类）,负责人,活动场所,服务内容",
        "=cmd|' /C calc'!A0,英才社区,书画,+王建国,-1+1,@SUM(A1)",
    ]
    report = import_organisations(
        upload("\r\n".join(lines).encode(), "台账.csv"), user=personas.street_a_officer, commit=True
    )
    assert report.committed, report.problems
    organisation = Organisation.objects.get(name="=cmd|' /C calc'!A0")
    assert (organisation.leader_name, organisation.venue) == ("+王建国", "-1+1")

    client = login(personas.street_a_officer)
    url = reverse("admin:orgs_organisation_export")
    csv_text = b"".join(client.get(url + "?format=csv").streaming_content).decode("utf-8-sig")
    assert "'=cmd|' /C calc'!A0" in csv_text and "'+王建国" in csv_text and "'@SUM(A1)" in csv_text
    book = openpyxl.load_workbook(io.BytesIO(b"".join(client.get(url).streaming_content)))
    cells = [cell for row in book.worksheets[0].iter_rows(min_row=2) for cell in row]
    risky = [cell for cell in cells if isinstance(cell.value, str) and cell.value[:1] in "=+-@"]
    assert {cell.value for cell in risky} >= {"=cmd|' /C calc'!A0", "+王建国", "-1+1", "@SUM(A1)"}
    assert {cell.data_type for cell in risky} == {"s"}  # text cells, not formulas


# --- property-based: nothing but SpreadsheetError or per-row problems --------

FUZZ = hypothesis_settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
MAGIC = st.sampled_from([b"", b"PK\x03\x04", OLE, "组织名称,所属社区\n".encode()])


@FUZZ
@given(
    prefix=MAGIC,
    body=st.binary(max_size=2048),
    name=st.sampled_from(["台账.xlsx", "台账.xls", "台账.csv"]),
)
def test_random_bytes_give_a_spreadsheet_error_or_a_sheet(prefix, body, name):
    for fields in (ORGANISATION_FIELDS, PEOPLE_FIELDS):
        try:
            assert isinstance(read_sheet(upload(prefix + body, name), fields), Sheet)
        except SpreadsheetError as error:
            assert str(error)


LEDGER = messy_ledger()
PARTS = [info.filename for info in zipfile.ZipFile(io.BytesIO(LEDGER)).infolist()]


def import_survives(data: bytes, user) -> None:
    try:
        report = import_organisations(upload(data), user=user, commit=False)
    except SpreadsheetError as error:
        assert str(error)
    else:
        assert isinstance(report, ImportReport)
        assert all(problem.message for problem in report.problems)


@FUZZ
@given(
    flips=st.lists(
        st.tuples(st.integers(0, len(LEDGER) - 1), st.integers(1, 255)), min_size=1, max_size=6
    ),
    cut=st.one_of(st.none(), st.integers(0, len(LEDGER))),
)
def test_a_damaged_ledger_file_is_refused_or_reported(personas, flips, cut):
    damaged = bytearray(LEDGER)
    for index, mask in flips:
        damaged[index] ^= mask
    before = counts()
    import_survives(bytes(damaged[:cut]), personas.street_a_officer)
    assert counts() == before


@FUZZ
@given(
    name=st.sampled_from(PARTS),
    edits=st.lists(
        st.tuples(st.floats(0, 1), st.integers(0, 8), st.binary(max_size=8)), min_size=1, max_size=6
    ),
)
def test_a_ledger_with_damaged_xml_inside_is_refused_or_reported(personas, name, edits):
    """Edits inside a part, rezipped with good checksums: the XML parsers'
    own errors, not the zip's, must come out as SpreadsheetError."""
    archive = zipfile.ZipFile(io.BytesIO(LEDGER))
    members = {info.filename: archive.read(info) for info in archive.infolist()}
    content = bytearray(members[name])
    for where, remove, insert in edits:
        at = int(where * len(content))
        content[at : at + remove] = insert
    members[name] = bytes(content)
    before = counts()
    import_survives(zip_with(members), personas.street_a_officer)
    assert counts() == before
