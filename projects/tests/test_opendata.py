"""The open data (projects.opendata): anonymous, read-only, in an envelope
naming the licence and the data's time, filtered or refused in the caller's
language; and the files, which say what the API says."""

import csv
import io
import json
import shutil
import subprocess
from datetime import datetime, time, timedelta
from decimal import Decimal, InvalidOperation

import openpyxl
import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone
from rest_framework.throttling import ScopedRateThrottle

from projects.models import RoundStatus
from projects.opendata.datasets import DATASETS
from tests.opendata_helpers import published

pytestmark = pytest.mark.django_db

LISTS = [f"/api/v1/public/{name}/" for name in DATASETS]


@pytest.fixture
def data(world, personas):
    cache.clear()  # the throttles' counts
    return published(world, personas)


def every_record(client, url, **params) -> list[dict]:
    records, page = [], 1
    while True:
        answer = client.get(url, {**params, "page": page, "page_size": 2})
        assert answer.status_code == 200, answer.content
        records += answer.json()["results"]
        if not answer.json()["next"]:
            return records
        page += 1


@pytest.mark.parametrize("url", LISTS)
def test_anyone_reads_each_list_with_its_licence_and_time(client, data, url):
    answer = client.get(url)
    assert answer.status_code == 200
    body = answer.json()
    assert body["licence"] == settings.OPEN_DATA_LICENCE
    assert body["licence"]["name"] == "CC BY 4.0"
    read_at = datetime.fromisoformat(body["data_as_of"])
    assert abs(read_at - timezone.now()) < timedelta(minutes=1)
    assert body["count"] == len(body["results"]) > 0
    assert settings.OPEN_DATA_LICENCE["url"] in answer["Link"]
    assert "public" in answer["Cache-Control"]
    assert client.post(url, {}).status_code == 405


def test_a_project_says_its_award_payments_and_status(client, data, world):
    [project] = client.get("/api/v1/public/projects/").json()["results"]
    assert project["id"] == world.project.pk
    assert project["community"] == {"code": "410108001001", "name": "英才社区"}
    assert project["street"] == "新城街道"
    assert project["status"] == "in_delivery"
    assert project["award"] == {
        "organisation_id": world.bidder_a.pk,
        "organisation": world.bidder_a.name,
        "amount": "16000.00",
        "on_notice": False,
    }
    assert project["paid_total"] == "8000.00"
    assert project["budget_ceiling"] == "20000.00"
    assert project["evaluation_score"] is None  # not settled


def test_a_rounds_results_only_once_published(client, data, world):
    [round_] = client.get("/api/v1/public/rounds/").json()["results"]
    assert round_["results"] == [
        {
            "project_id": world.project.pk,
            "project": world.project.title,
            "organisation_id": world.bidder_a.pk,
            "organisation": world.bidder_a.name,
            "amount": "16000.00",
            "on_notice": False,
        }
    ]
    world.round.status = RoundStatus.REVIEWING
    world.round.save()
    [round_] = client.get("/api/v1/public/rounds/").json()["results"]
    assert round_["results"] is None


def test_a_notice_names_the_objecting_organisation_not_its_people(client, data, world):
    [notice] = client.get("/api/v1/public/notices/").json()["results"]
    [objection] = notice["objections"]
    assert objection["organisation"] == world.bidder_b.name
    assert objection["grounds"] == data.objection.grounds
    assert objection["answer"] == data.objection.answer
    assert set(objection) == {
        "organisation",
        "grounds",
        "lodged_at",
        "status",
        "status_label",
        "answer",
        "answered_at",
    }


def test_a_funds_months_by_kind_and_year(client, data, world):
    funds = client.get("/api/v1/public/funds/").json()["results"]
    [fund] = [f for f in funds if f["id"] == world.fund.pk]
    kinds = {(m["month"][:7], m["kind"]): m["amount"] for m in fund["months"]}
    assert kinds[("2026-01", "donation")] == "200000.00"
    assert "disbursement" in {kind for _, kind in kinds}
    other_year = client.get("/api/v1/public/funds/", {"year": 2025}).json()["results"]
    assert [f["months"] for f in other_year if f["id"] == world.fund.pk] == [[]]


def test_filters_narrow_the_lists(client, data, world, territory):
    projects = "/api/v1/public/projects/"
    assert client.get(projects, {"area": "410108001"}).json()["count"] == 1
    assert client.get(projects, {"area": "410108002"}).json()["count"] == 0
    assert client.get(projects, {"round": world.round.pk}).json()["count"] == 1
    assert client.get(projects, {"round": world.round.pk + 1}).json()["count"] == 0
    assert client.get("/api/v1/public/rounds/", {"area": "410105"}).json()["count"] == 0
    assert client.get("/api/v1/public/rounds/", {"area": "410108002001"}).json()["count"] == 1
    names = {
        o["name"] for o in every_record(client, "/api/v1/public/organisations/", area="410108002")
    }
    assert names == {"长兴社区广场舞队"}


def test_odd_filters_are_refused_in_the_callers_language(client, data):
    refused = client.get("/api/v1/public/projects/", {"area": "东区"})
    assert refused.status_code == 400
    assert refused.json() == {"area": ["地区代码为2至12位数字，例如410108001。"]}
    year = client.get("/api/v1/public/projects/", {"year": "next"})
    assert (year.status_code, year.json()) == (400, {"year": ["请填写合法的整数值。"]})
    too_big = client.get("/api/v1/public/notices/", {"round": "9" * 30})
    assert too_big.status_code == 400


def test_organisations_never_name_their_leader(client, data, personas):
    records = every_record(client, "/api/v1/public/organisations/")
    mine = next(r for r in records if r["id"] == personas.organisation_a1.pk)
    assert mine["name"] == personas.organisation_a1.name
    assert not {key for key in mine if "leader" in key or "phone" in key}
    text = json.dumps(records, ensure_ascii=False)
    assert personas.organisation_a1.leader_name not in text
    assert personas.organisation_a1.leader_phone not in text


def test_the_api_counts_each_address(client, data, monkeypatch):
    """API_OPEN_DATA_RATE per client address (lib.clients), here 3 an hour."""
    rates = {**ScopedRateThrottle.THROTTLE_RATES, "open_data": "3/hour"}
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", rates)
    statuses = [client.get("/api/v1/public/funds/").status_code for _ in range(4)]
    other = client.get("/api/v1/public/funds/", REMOTE_ADDR="10.0.0.9").status_code
    assert (statuses, other) == ([200, 200, 200, 429], 200)


@override_settings(OPEN_DATA_FILES_PER_HOUR=2)
def test_the_files_count_each_address(client, data):
    statuses = [client.get("/public/data/funds.csv").status_code for _ in range(3)]
    other = client.get("/public/data/funds.json", REMOTE_ADDR="10.0.0.9").status_code
    assert (statuses, other) == ([200, 200, 429], 200)


# --- the files ----------------------------------------------------------------------------


def csv_rows(client, name) -> list[list[str]]:
    answer = client.get(f"/public/data/{name}.csv")
    assert answer.status_code == 200
    assert settings.OPEN_DATA_LICENCE["url"] in answer["Link"]
    assert abs(datetime.fromisoformat(answer["X-Data-As-Of"]) - timezone.now()) < timedelta(
        minutes=1
    )
    assert answer.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    return [row[:-2] for row in rows]  # without when and which licence (tested below)


def test_the_index_lists_every_dataset_with_its_licence(client, data):
    page = client.get("/public/data/").content.decode()
    assert "CC BY 4.0" in page
    for name, dataset in DATASETS.items():
        assert str(dataset.title) in page
        assert f"/public/data/{name}.csv" in page
        assert f"/public/data/{name}.json" in page
    assert "/public/data/" in client.get("/").content.decode()


@pytest.mark.parametrize("name", DATASETS)
def test_each_json_file_is_the_apis_records_whole(client, data, name):
    body = client.get(f"/public/data/{name}.json").json()
    assert body["licence"] == settings.OPEN_DATA_LICENCE
    assert body["data_as_of"]
    api = every_record(client, f"/api/v1/public/{name}/")
    assert body["records"] == api


def test_the_projects_csv_has_chinese_headings_and_the_apis_amounts(client, data, world):
    header, *rows = csv_rows(client, "projects")
    assert header[:3] == ["项目编号", "标题", "街道（乡镇）"]
    [row] = rows
    record = dict(zip(header, row, strict=True))
    assert record["项目编号"] == str(world.project.pk)
    assert record["中标组织"] == world.bidder_a.name
    assert record["资助金额（元）"] == "16000.00"
    assert record["已支付（元）"] == "8000.00"


def test_each_projects_row_says_what_its_public_page_says(client, data):
    """The file and the page a visitor reads come from the same facts: the
    organisation, the award and the money paid of each row are on its page."""
    from django.urls import reverse

    header, *rows = csv_rows(client, "projects")
    assert rows
    for row in rows:
        record = dict(zip(header, row, strict=True))
        page = client.get(reverse("disclosure:project", args=[record["项目编号"]]))
        assert page.status_code == 200
        html = page.content.decode().replace(",", "")  # amounts grouped by thousands
        assert record["标题"] in html
        for column in ("中标组织", "资助金额（元）", "已支付（元）"):
            if record[column]:
                assert record[column] in html, column


@pytest.mark.parametrize("name", DATASETS)
def test_a_saved_file_keeps_its_date_and_licence(client, data, name):
    """Saved, a file has no headers: its name carries the date, and each of
    its rows (after the header row) when the data was read and its licence."""
    today = timezone.localdate()
    for fmt in ("csv", "json"):
        disposition = client.get(f"/public/data/{name}.{fmt}")["Content-Disposition"]
        assert disposition == f'attachment; filename="{name}-{today:%Y%m%d}.{fmt}"'
    answer = client.get(f"/public/data/{name}.csv")
    header, *rows = csv.reader(io.StringIO(answer.content.decode("utf-8-sig")))
    assert header[-2:] == ["数据时间", "许可协议"]
    assert rows
    licence = settings.OPEN_DATA_LICENCE
    for row in rows:
        read_at = datetime.fromisoformat(row[-2])
        assert abs(read_at - timezone.now()) < timedelta(minutes=1)
        assert read_at.utcoffset() == timezone.localtime().utcoffset()
        assert row[-1] == f"{licence['name']} {licence['url']}"
    body = client.get(f"/public/data/{name}.json").json()
    assert body["licence"] == licence
    assert abs(datetime.fromisoformat(body["data_as_of"]) - timezone.now()) < timedelta(minutes=1)


def test_a_fund_with_no_money_yet_is_listed_with_no_months(client, data, world, territory):
    from incubators.models import Fund

    empty = Fund.objects.create(
        name="新设社区基金", area=territory.district_a, opened_on=timezone.localdate()
    )
    funds = client.get("/api/v1/public/funds/").json()["results"]
    assert [f["months"] for f in funds if f["id"] == empty.pk] == [[]]
    header, *rows = csv_rows(client, "funds")
    [row] = [dict(zip(header, r, strict=True)) for r in rows if r[0] == str(empty.pk)]
    assert row["基金名称"] == "新设社区基金"
    assert row["月份"] == row["金额（元）"] == ""
    assert any(r[0] == str(world.fund.pk) for r in rows)


FORMULA = '=HYPERLINK("https://example.com/steal","点此查看")'


@pytest.fixture
def formulas(data, world):
    """Typed text a spreadsheet would run: an objecting organisation's name,
    its grounds, a project's title."""
    world.bidder_b.name = FORMULA
    world.bidder_b.save(update_fields=["name"])
    data.objection.grounds = FORMULA
    data.objection.save(update_fields=["grounds"])
    data.project.title = "@SUM(1+1)"
    data.project.save(update_fields=["title"])
    return data


def test_text_that_looks_like_a_formula_is_written_as_text(client, formulas, world):
    header, *rows = csv_rows(client, "notices")
    [notice] = [dict(zip(header, row, strict=True)) for row in rows]
    assert notice["项目"] == "'@SUM(1+1)"
    assert notice["质疑"].startswith("'" + FORMULA)
    assert notice["金额（元）"] == "16000.00"  # a number stays a number
    assert notice["公示编号"] == str(formulas.notice.pk)
    header, *rows = csv_rows(client, "organisations")
    names = [dict(zip(header, row, strict=True))["组织名称"] for row in rows]
    assert "'" + FORMULA in names and FORMULA not in names
    # the API and the JSON file carry the text as it was typed
    [api] = client.get("/api/v1/public/notices/").json()["results"]
    assert api["objections"][0]["grounds"] == FORMULA


def test_unknown_datasets_are_not_found(client, data):
    assert client.get("/public/data/people.csv").status_code == 404


# --- LibreOffice -------------------------------------------------------------------------


def as_text(value) -> str:
    """A cell as LibreOffice typed it, written back as the file wrote it."""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, float | int) and not isinstance(value, bool):
        return str(Decimal(str(value)).normalize())
    return "" if value is None else str(value)


def same(file_cell: str, office_cell) -> bool:
    typed = as_text(office_cell)
    try:
        return Decimal(file_cell).normalize() == Decimal(typed)
    except InvalidOperation:
        return file_cell.replace("\r\n", "\n") == typed.replace("\r\n", "\n")


@pytest.mark.skipif(
    not shutil.which("soffice"),
    reason="needs LibreOffice (.ci/run installs libreoffice-calc-nogui)",
)
def test_libreoffice_opens_each_csv_with_its_chinese_and_the_apis_rows(client, data, tmp_path):
    """Opened as LibreOffice's text import opens it (comma-separated, quoted,
    UTF-8: what its import dialog picks for a file with a byte-order mark;
    headless, it has no dialog and would guess the system's charset), saved
    as a workbook: the same cells as the file, the mark not in the first
    heading, and the projects' ids and amounts are the API's."""
    written = {name: csv_rows(client, name) for name in DATASETS}
    opened = opened_by_libreoffice(client, DATASETS, tmp_path)
    for name, rows in written.items():
        book = opened[name]
        assert book[0][: len(rows[0])] == rows[0], name  # the Chinese headings, read as UTF-8
        assert book[0][-2:] == ["数据时间", "许可协议"], name
        assert len(book) == len(rows), name
        for file_row, office_row in zip(rows[1:], book[1:], strict=True):
            cells = zip(file_row, office_row, strict=False)
            assert all(same(a, b) for a, b in cells), (name, file_row, office_row)
            assert isinstance(office_row[-2], str | datetime), (name, office_row)
            assert office_row[-1] == written_licence(), (name, office_row)


def written_licence() -> str:
    return f"{settings.OPEN_DATA_LICENCE['name']} {settings.OPEN_DATA_LICENCE['url']}"


@pytest.mark.skipif(not shutil.which("soffice"), reason="needs LibreOffice")
def test_libreoffice_reads_formula_like_text_as_text(client, formulas, tmp_path):
    """The notices and organisations files as LibreOffice opens them: the
    formula-like text is a text cell (no formula), the amount a number."""
    from openpyxl.cell.cell import TYPE_STRING

    opened = opened_by_libreoffice(client, ["notices", "organisations"], tmp_path, typed=True)
    header, notice = opened["notices"]
    cells = dict(zip([c.value for c in header], notice, strict=True))
    for column in ("项目", "质疑"):
        assert cells[column].data_type == TYPE_STRING, column
        assert not str(cells[column].value).startswith("="), column
    assert FORMULA in cells["质疑"].value
    assert isinstance(cells["金额（元）"].value, int | float)
    names = [row[1] for row in opened["organisations"][1:]]
    assert all(cell.data_type == TYPE_STRING for cell in names)
    assert any(FORMULA in cell.value for cell in names)


def opened_by_libreoffice(client, names, tmp_path, *, typed=False) -> dict[str, list]:
    """Each dataset's CSV file opened as LibreOffice's text import opens it
    and saved as a workbook: its rows of values (of cells when `typed`)."""
    sources = []
    for name in names:
        source = tmp_path / f"{name}.csv"
        source.write_bytes(client.get(f"/public/data/{name}.csv").content)
        sources.append(str(source))
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--infilter=CSV:44,34,76,1",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path / "out"),
            *sources,
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    opened = {}
    for name in names:
        sheet = openpyxl.load_workbook(tmp_path / "out" / f"{name}.xlsx").active
        opened[name] = [list(row) for row in sheet.iter_rows(values_only=not typed)]
    return opened

    header, *projects = [
        [as_text(cell) for cell in row]
        for row in openpyxl.load_workbook(tmp_path / "out" / "projects.xlsx").active.iter_rows(
            values_only=True
        )
    ]
    column = {
        label: header.index(label) for label in ("项目编号", "资助金额（元）", "已支付（元）")
    }
    api = every_record(client, "/api/v1/public/projects/")
    assert [
        (
            row[column["项目编号"]],
            Decimal(row[column["资助金额（元）"]]),
            Decimal(row[column["已支付（元）"]]),
        )
        for row in projects
    ] == [(str(r["id"]), Decimal(r["award"]["amount"]), Decimal(r["paid_total"])) for r in api]
