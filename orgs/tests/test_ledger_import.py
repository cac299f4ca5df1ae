"""Importing the ledger: messy real files accepted, all or nothing, every
problem reported with its row and column, re-imports change nothing."""

import copy

import pytest
from django.urls import reverse

from lib.spreadsheets.reader import SpreadsheetError
from orgs.importing.organisations import import_organisations
from orgs.models import Organisation, Tier
from tests.spreadsheets import GOOD_ROWS, messy_ledger, upload

# Run on PostgreSQL too (CI, -m postgres): an import is all or nothing, unique credit codes.
pytestmark = pytest.mark.postgres


def run(data, user, commit=True, name="台账.xlsx"):
    return import_organisations(upload(data, name), user=user, commit=commit)


def bad_rows():
    rows = copy.deepcopy(GOOD_ROWS)
    rows[3] = [
        4,
        "绿城社区棋牌社",
        "长兴社区",
        "文体活动类",
        "棋牌",
        "孙丽",
        "138",
        "八",
        "2022-13-01",
        "",
        "",
    ]
    return rows


def test_a_messy_file_with_one_bad_row_imports_nothing_and_reports_every_problem(personas):
    before = (Organisation.objects.count(), Organisation.history.count())
    report = run(messy_ledger(bad_rows()), personas.street_a_officer)

    assert not report.committed
    assert (Organisation.objects.count(), Organisation.history.count()) == before
    problems = {(p.line, p.column): p.message for p in report.problems}
    # Line 7 of the file: title, 填报单位 line, header, then rows 1-4; each
    # column named by its heading in the file (所属社区, not the platform's 社区（村）).
    assert set(problems) == {(7, "所属社区"), (7, "联系电话"), (7, "成员人数"), (7, "成立时间")}
    assert "不在您的管辖范围内" in problems[(7, "所属社区")]
    assert "不是日期" in problems[(7, "成立时间")]


def test_the_same_file_put_right_imports_fully(personas):
    report = run(messy_ledger(), personas.street_a_officer)
    assert report.ok and report.committed
    assert report.new == 4
    calligraphy = Organisation.objects.get(name="英才社区书画社")
    assert calligraphy.leader_phone == "13803712234"  # full-width digits read
    assert calligraphy.member_count == 25
    assert str(calligraphy.founded_on) == "2021-03-01"  # 2021年3月
    assert calligraphy.category.name == "书画"
    assert calligraphy.leader_is_party_member
    assert Organisation.objects.get(name="英才社区调解队").tier == Tier.FILED
    assert Organisation.objects.get(name="绿城社区健身队").member_count == 30  # "30人"
    assert calligraphy.history.first().history_user == personas.street_a_officer


def test_importing_the_same_file_twice_changes_nothing(personas):
    run(messy_ledger(), personas.street_a_officer)
    before = (Organisation.objects.count(), Organisation.history.count())
    report = run(messy_ledger(), personas.street_a_officer)
    assert report.ok
    assert (report.new, report.updated, report.unchanged) == (0, 0, 4)
    assert (Organisation.objects.count(), Organisation.history.count()) == before


def test_a_changed_cell_updates_that_organisation_only(personas):
    run(messy_ledger(), personas.street_a_officer)
    rows = copy.deepcopy(GOOD_ROWS)
    rows[0][7] = 40
    report = run(messy_ledger(rows), personas.street_a_officer)
    assert (report.new, report.updated, report.unchanged) == (0, 1, 3)
    assert Organisation.objects.get(name="英才社区书画社").member_count == 40


def test_a_duplicate_inside_the_file_is_reported_not_doubled(personas):
    rows = copy.deepcopy(GOOD_ROWS) + [
        [
            5,
            "英才社区书画社",
            "英才社区",
            "文体活动类",
            "书画",
            "王建国",
            "13803712234",
            25,
            "",
            "",
            "",
        ]
    ]
    report = run(messy_ledger(rows), personas.street_a_officer)
    assert not report.committed
    assert [(p.line, p.column) for p in report.problems] == [(8, "组织名称*")]
    assert "第4行" in report.problems[0].message or "4" in report.problems[0].message
    assert not Organisation.objects.filter(name="英才社区书画社").exists()


def test_a_credit_code_already_held_by_another_organisation_is_reported(personas, territory):
    Organisation.objects.create(
        name="惠济区阳光社会工作服务中心",
        area=territory.street_a,
        category=personas.organisation_a1.category,
        leader_name="陈晨",
        tier=Tier.REGISTERED,
        credit_code="52410108MA44KQ2X5U",
    )
    rows = [
        [
            1,
            "英才社区书画社",
            "英才社区",
            "文体活动类",
            "书画",
            "王建国",
            "13803712234",
            25,
            "",
            "依法登记",
            "",
        ]
    ]
    workbook_rows = rows
    data = messy_ledger(workbook_rows)
    # add the credit code column
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.active
    sheet.cell(row=3, column=12, value="统一社会信用代码")
    sheet.cell(row=4, column=12, value="52410108MA44KQ2X5U")
    buffer = io.BytesIO()
    book.save(buffer)
    report = run(buffer.getvalue(), personas.street_a_officer)
    assert not report.committed
    assert [(p.line, p.column) for p in report.problems] == [(4, "统一社会信用代码")]


def test_a_street_officer_cannot_import_into_another_street(personas):
    report = run(messy_ledger(), personas.street_b_officer)
    assert not report.committed
    assert {p.column for p in report.problems} == {"所属社区"}
    assert len(report.problems) == 4
    assert not Organisation.objects.filter(name="英才社区书画社").exists()


def test_a_gbk_csv_from_excel_is_read(personas):
    lines = [
        "组织名称,所属社区,组织类别（小类）,负责人,成员人数,成立日期",
        "英才社区书画社,英才社区,书画,王建国,25,2021/3/5",
    ]
    report = run("\r\n".join(lines).encode("gb18030"), personas.street_a_officer, name="台账.csv")
    assert report.committed, report.problems
    assert str(Organisation.objects.get(name="英才社区书画社").founded_on) == "2021-03-05"


@pytest.mark.parametrize(
    "data, name, says",
    [
        (b"", "empty.xlsx", "空"),
        (b"%PDF-1.4 not a spreadsheet", "ledger.xlsx", ".xlsx"),
        (b"PK\x03\x04 broken zip", "ledger.xlsx", "损坏"),
    ],
)
def test_files_that_are_not_spreadsheets_get_a_clear_message(personas, data, name, says):
    with pytest.raises(SpreadsheetError) as error:
        run(data, personas.street_a_officer, name=name)
    assert says in str(error.value)


def test_a_sheet_without_the_ledger_header_says_which_columns_it_needs(personas):
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["姓名", "年龄"])
    book.active.append(["张三", 60])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(SpreadsheetError) as error:
        run(buffer.getvalue(), personas.street_a_officer)
    assert "组织名称" in str(error.value)


# The admin's upload → check → confirm, in the background: test_import_jobs.py.


def test_roles_without_add_permission_cannot_import(personas, login):
    client = login(personas.district_officer)
    assert client.get(reverse("admin:orgs_organisation_import")).status_code == 403
