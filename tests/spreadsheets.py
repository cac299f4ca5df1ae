"""Spreadsheets like the ones offices send, built for tests."""

import io
from datetime import datetime

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

HEADER = [
    "序号",
    "组织名称*",
    "所属社区",
    "组织类别（大类）",
    "组织类别（小类）",
    "负责人",
    "联系电话",
    "成员人数",
    "成立时间",
    "管理类型",
    "是否党员领办",
]

GOOD_ROWS = [
    [
        1,
        "英才社区书画社",
        "英才社区",
        "文体活动类",
        "书画",
        "王建国",
        "１３８０３７１２２３４",
        "２５",
        "2021年3月",
        "社区指导",
        "是",
    ],
    [
        2,
        "英才社区调解队",
        "英才社区",
        "社区事务类",
        "纠纷调处",
        "李秀英",
        "13903712345",
        12,
        datetime(2019, 5, 4),
        "备案",
        "否",
    ],
    [
        3,
        "绿城社区健身队",
        "绿城社区",
        "文体活动类",
        "健身",
        "赵刚",
        "0371-66881234",
        "30人",
        "2020.07.01",
        "",
        "否",
    ],
    [
        4,
        "绿城社区棋牌社",
        "绿城社区",
        "文体活动类",
        "棋牌",
        "孙丽",
        "13700001111",
        8,
        "2022-12-01",
        "",
        "",
    ],
]


def messy_ledger(rows=None, *, title=True) -> bytes:
    """A ledger with a merged title row, a 填报单位 line, 序号, full-width
    digits, text dates and a 填表人 line at the bottom."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "台账"
    if title:
        sheet.append(["新城街道社区社会组织信息台账（2026年11月）"])
        sheet.merge_cells("A1:K1")
        sheet.append(["填报单位：新城街道社会事务办", None, None, None, "填报日期：2026.11.20"])
    sheet.append(HEADER)
    for row in rows if rows is not None else GOOD_ROWS:
        sheet.append(row)
    sheet.append([None, "填表人：李强"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(data: bytes, name: str = "台账.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def read_rows(content: bytes, sheet=0) -> list[tuple]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    worksheet = workbook.worksheets[sheet]
    return [tuple(row) for row in worksheet.iter_rows(values_only=True)]


def admin_import(client, url: str, data: bytes, name: str = "台账.xlsx"):
    """Upload through an admin import page as an officer would; the check it
    queues runs as the worker would (eagerly, once the upload's transaction
    commits). Returns the job's page, where the upload leads, or the import
    page again when the upload itself is refused (a file over the size limit)."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        uploaded = client.post(url, {"file": upload(data, name)})
    if uploaded.status_code != 302:
        return uploaded
    return client.get(uploaded["Location"])


def admin_confirm(client, job_url: str):
    """Press "Import now" on a job's page; the write runs as the worker
    would. Returns the job's page again."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        confirmed = client.post(job_url)
    assert confirmed.status_code == 302
    return client.get(confirmed["Location"])


def converted_by_libreoffice(source, folder, *, timeout=180) -> list[list[str]]:
    """`source` (an .xlsx) opened and saved as CSV by LibreOffice, headless:
    the rows as another office suite than Excel reads them."""
    import csv
    import subprocess

    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{folder}/lo",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=timeout,
    )
    with open(folder / f"{source.stem}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))
