"""Exporting the ledger: typed cells, masked phones by role, jurisdiction,
no formulas, and a file that imports back unchanged."""

import csv
import io
import shutil
from datetime import date, datetime

import openpyxl
import pytest
from django.urls import reverse

from lib.spreadsheets.reader import SpreadsheetError
from orgs.importing.organisations import import_organisations
from orgs.models import Organisation
from tests.factories import OrganisationFactory
from tests.spreadsheets import converted_by_libreoffice, read_rows, upload


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


def test_every_exported_row_matches_its_organisation(personas, territory, login):
    for n in range(5):
        OrganisationFactory(
            name=f"绿城社区志愿队{n}",
            area=territory.community_a2,
            member_count=10 + n,
            party_member_count=n,
        )
    rows = read_rows(export(login(personas.district_officer)))
    header = rows[0]
    exported = {row[1]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    organisations = Organisation.objects.in_area(territory.district_a).select_related(
        "area__parent", "category__parent"
    )
    assert set(exported) == {org.name for org in organisations}
    for org in organisations:
        row = exported[org.name]
        street, community = {
            "community": (org.area.parent.name, org.area.name),
            "street": (org.area.name, None),
            "district": (None, None),  # a district-wide agency
        }[org.area.level]
        assert (row["街道（乡镇）"], row["社区（村）"]) == (street, community)
        assert row["组织类别（小类）"] == org.category.name
        assert row["组织类别（大类）"] == org.category.parent.name
        assert row["负责人"] == org.leader_name
        assert row["成员人数"] == org.member_count
        assert row["党员人数"] == org.party_member_count
        assert row["管理类型"] == org.get_tier_display()
        assert row["组织状态"] == org.get_status_display()


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
    # No example row under the header: sent back unchanged, the template
    # writes nothing (its example could share a real organisation's name).
    assert book.worksheets[0].max_row == 1
    guide = " ".join(str(c.value) for row in book["填表说明"].iter_rows() for c in row if c.value)
    assert "例如：" in guide
    with pytest.raises(SpreadsheetError):
        import_organisations(upload(response.content), user=personas.street_a_officer, commit=False)


@pytest.mark.skipif(
    not shutil.which("soffice"),
    reason="needs LibreOffice (.ci/run installs libreoffice-calc-nogui)",
)
def test_libreoffice_reads_the_export_with_the_same_rows(personas, territory, login, tmp_path):
    OrganisationFactory(
        name="英才社区书画社", area=territory.community_a1, founded_on=date(2021, 3, 5)
    )
    content = export(login(personas.street_a_officer))
    source = tmp_path / "ledger.xlsx"
    source.write_bytes(content)
    converted = converted_by_libreoffice(source, tmp_path)
    original = read_rows(content)
    assert converted[0] == list(original[0])
    assert [row[1] for row in converted[1:]] == [row[1] for row in original[1:]]
    by_name = {row[1]: row for row in converted[1:]}
    assert by_name["英才社区书画社"][original[0].index("成立日期")] == "2021-03-05"
