"""District staff export the organisation ledger through the download
centre in Chromium, download the file and open it; a street officer sees
only their street and not the district's file."""

import pytest
from openpyxl import load_workbook

from downloads.models import Download
from orgs.models import Organisation

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_export_through_the_download_centre(
    personas, territory, sign_in, live_server, screenshot, tmp_path
):
    page = sign_in(personas.district_officer)
    page.get_by_role("link", name="下载中心").click()
    page.get_by_label("台账").select_option("organisations")
    page.get_by_role("button", name="开始导出").click()
    page.get_by_text("文件正在生成").wait_for()
    link = page.get_by_role("link", name="社会组织台账")
    link.wait_for(timeout=20_000)  # the page refreshes itself until the file is ready
    screenshot(page, "download-centre")
    with page.expect_download() as fetched:
        link.click()
    saved = tmp_path / fetched.value.suggested_filename
    assert saved.suffix == ".xlsx"
    fetched.value.save_as(saved)
    sheet = load_workbook(saved, read_only=True)
    rows = list(sheet.worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 1 + Organisation.objects.for_user(personas.district_officer).count()

    street = sign_in(personas.street_a_officer)
    street.goto(f"{live_server.url}/downloads/")
    areas = street.get_by_label("区域").locator("option").all_inner_texts()
    assert "新城街道" in areas and "长兴路街道" not in areas
    district_file = Download.objects.get(owner=personas.district_officer)
    response = street.goto(f"{live_server.url}/downloads/{district_file.pk}/")
    assert response.status == 404
