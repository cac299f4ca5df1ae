"""Exporting the ledger: typed cells, masked phones by role, jurisdiction,
no formulas, and a file that imports back unchanged."""

import csv
import io
from datetime import date, datetime

import openpyxl
from django.urls import reverse

from orgs.importing.organisations import import_organisations
from orgs.models import Organisation
from tests.factories import OrganisationFactory
from tests.spreadsheets import read_rows, upload


def export(client, query=""):
    response = client.get(reverse("admin:orgs_organisation_export") + query)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_the_export_opens_and_matches_the_database(personas, territory, login):
    OrganisationFactory(
        name="英才社区书画社",
        area=territory.community_a1,
        founded_on=date(2021, 3, 5),
        member_count=25,
        leader_phone="13803712234",
        venue="党群服务中心",
    )
    rows = read_rows(export(login(personas.street_a_officer)))
    header, data = rows[0], rows[1:]
    assert header[:4] == ("序号", "组织名称", "街道（乡镇）", "社区（村）")
    by_name = {row[1]: dict(zip(header, row, strict=True)) for row in data}
    assert set(by_name) == set(
        Organisation.objects.in_area(territory.street_a).values_list("name", flat=True)
    )
    row = by_name["英才社区书画社"]
    assert row["成立日期"] == datetime(2021, 3, 5)  # a real date cell
    assert row["成员人数"] == 25  # a number
    assert row["负责人电话"] == "13803712234"  # the street officer needs it
    assert (row["街道（乡镇）"], row["社区（村）"]) == ("新城街道", "英才社区")


def test_district_staff_get_the_phones_masked(personas, territory, login):
    OrganisationFactory(
        name="英才社区书画社", area=territory.community_a1, leader_phone="13803712234"
    )
    rows = read_rows(export(login(personas.district_officer)))
    phones = {row[1]: row[rows[0].index("负责人电话")] for row in rows[1:]}
    assert phones["英才社区书画社"] == "138****2234"


def test_the_export_keeps_to_the_jurisdiction(personas, login):
    names = [row[1] for row in read_rows(export(login(personas.street_b_officer)))[1:]]
    assert names == ["长兴社区广场舞队"]


def test_text_that_looks_like_a_formula_stays_text(personas, territory, login):
    OrganisationFactory(
        name='=HYPERLINK("http://x")',
        area=territory.community_a1,
        venue="+86 党群中心",
        description="@SUM(A1)",
    )
    content = export(login(personas.street_a_officer))
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                assert cell.data_type == "s"

    csv_text = export(login(personas.street_a_officer), "?format=csv").decode("utf-8-sig")
    names = [row[1] for row in csv.reader(io.StringIO(csv_text))]
    assert '\'=HYPERLINK("http://x")' in names


def test_the_export_says_who_exported_it(personas, login):
    sheets = openpyxl.load_workbook(io.BytesIO(export(login(personas.street_a_officer)))).worksheets
    about = dict(sheets[1].iter_rows(values_only=True))
    assert personas.street_a_officer.username in about["导出人"]


def test_an_exported_ledger_imports_back_unchanged(personas, territory, login):
    OrganisationFactory(
        name="英才社区书画社", area=territory.community_a1, founded_on=date(2021, 3, 5)
    )
    content = export(login(personas.street_a_officer))
    report = import_organisations(upload(content), user=personas.street_a_officer, commit=True)
    assert report.ok, report.problems
    assert (report.new, report.updated) == (0, 0)
    assert report.unchanged == Organisation.objects.in_area(territory.street_a).count()


def test_the_template_has_the_ledger_header_and_instructions(personas, login):
    response = login(personas.street_a_officer).get(
        reverse("admin:orgs_organisation_import_template")
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    header = [cell.value for cell in book.worksheets[0][1]]
    assert header[:3] == ["组织名称", "街道（乡镇）", "社区（村）"]
    assert "填表说明" in book.sheetnames
    report = import_organisations(
        upload(response.content), user=personas.street_a_officer, commit=False
    )
    # the example row is a valid row for this street officer (英才社区 is not in
    # street A here, so only its community is reported)
    assert {p.column for p in report.problems} <= {"社区（村）", "街道（乡镇）"}
