"""Uploaded files: checked by content, stored under random names, fetched only
through the platform by those who may see them (issue 16, 2 and 5 b-d)."""

import io
import re
from datetime import timedelta

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from grids import services as tickets
from grids.models import PhotoKind
from lib.uploads import ACCEPT, check_upload
from orgs.importing import staging
from orgs.models import Organisation
from projects.models import Expense
from tests.grid_helpers import found, photo, resolved
from tests.project_helpers import awarded
from tests.spreadsheets import GOOD_ROWS, admin_confirm, admin_import, messy_ledger

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def gif_with_script() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "GIF")
    return buffer.getvalue() + b"<script>alert(1)</script>"


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def expense_form(project, receipt):
    return {
        "spent_on": "2026-12-01",
        "amount": "120.00",
        "description": "购买食材",
        "payee": "惠民超市",
        "receipt": receipt,
    }


@pytest.fixture
def delivering(world, personas, login):
    project, _a, _b = awarded(world, personas)
    login(personas.org_leader).post(reverse("projects:step", args=[project.pk, "start_delivery"]))
    return project


# --- b: only the types an upload is for, by content -------------------------


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("发票.html", HTML, "text/html"),
        ("发票.svg", SVG, "image/svg+xml"),
        ("发票.pdf", HTML, "application/pdf"),  # a PDF name and type on an HTML page
    ],
)
def test_a_leader_cannot_pass_a_web_page_off_as_a_receipt(
    delivering, personas, login, name, data, content_type
):
    client = login(personas.org_leader)
    response = client.post(
        reverse("projects:expense_new", args=[delivering.pk]),
        expense_form(delivering, SimpleUploadedFile(name, data, content_type=content_type)),
    )
    assert response.status_code == 200
    assert "不是可接受的文件" in response.content.decode()  # said in Chinese, with the name
    assert name in response.content.decode()
    assert not Expense.objects.exists()


def test_a_real_receipt_is_kept_under_a_random_name_and_downloaded_as_a_file(
    delivering, personas, login
):
    client = login(personas.org_leader)
    response = client.post(
        reverse("projects:expense_new", args=[delivering.pk]),
        expense_form(delivering, SimpleUploadedFile("三月发票.PDF", PDF_BYTES, "text/html")),
    )
    assert response.status_code == 302
    expense = Expense.objects.get()
    assert re.fullmatch(r"projects/receipts/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", expense.receipt.name)
    assert expense.original_name == "三月发票.PDF"
    assert storages["private"].exists(expense.receipt.name)

    fetched = login(personas.community_worker).get(expense.receipt.url)
    assert fetched.status_code == 200 and body(fetched) == PDF_BYTES
    assert fetched["Content-Type"] == "application/pdf"  # from the bytes, not the browser
    assert fetched["Content-Disposition"].startswith("attachment")
    assert "%E4%B8%89%E6%9C%88%E5%8F%91%E7%A5%A8.pdf" in fetched["Content-Disposition"]
    assert fetched["X-Content-Type-Options"] == "nosniff"
    assert fetched["Cache-Control"] == "no-store"  # not kept on a shared office computer


def test_photos_are_refused_unless_they_are_jpeg_png_or_webp(personas, grids, login, client):
    ticket = found(grids.a1, grids.hazard, by=personas.grid_member)
    staff = login(personas.community_worker)
    tickets.accept(ticket=ticket, by=personas.community_worker)
    for name, data in [("x.svg", SVG), ("x.gif", gif_with_script()), ("x.jpg", HTML)]:
        response = staff.post(
            reverse("admin:grids_ticket_step", args=[ticket.pk, "resolve"]),
            {"note": "已处理", "photo": SimpleUploadedFile(name, data, "image/jpeg")},
            follow=True,
        )
        assert response.status_code == 200
    assert not ticket.photos.exists()


def test_the_api_refuses_a_gif_as_a_ticket_photo(personas, grids):
    from rest_framework.test import APIClient

    ticket = found(grids.a1, grids.hazard, by=personas.grid_member)
    api = APIClient()
    api.force_authenticate(personas.grid_member)
    response = api.post(
        f"/api/v1/tickets/{ticket.pk}/photos/",
        {"image": SimpleUploadedFile("x.gif", gif_with_script(), "image/gif")},
        format="multipart",
    )
    assert response.status_code == 400
    assert "JPEG" in str(response.json())
    assert not ticket.photos.exists()


@pytest.mark.parametrize(
    ("accept", "name", "data", "allowed"),
    [
        ("photo", "a.png", None, True),
        ("photo", "a.pdf", PDF_BYTES, False),
        ("receipt", "a.pdf", PDF_BYTES, True),
        ("receipt", "a.docx", "docx", False),
        ("document", "a.docx", "docx", True),
        ("document", "a.xlsx", "xlsx", True),
        ("document", "a.docm", "docm", False),
        ("document", "a.zip", "zip", False),
        ("document", "a.html", HTML, False),
    ],
)
def test_each_upload_accepts_its_own_kinds(accept, name, data, allowed):
    import zipfile

    from django.core.exceptions import ValidationError

    if data is None:
        buffer = io.BytesIO()
        Image.new("RGB", (4, 4), "blue").save(buffer, "PNG")
        data = buffer.getvalue()
    elif isinstance(data, str):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            if data != "zip":
                archive.writestr("[Content_Types].xml", "<Types/>")
            main = {"docx": "word/document.xml", "docm": "word/document.xml"}.get(
                data, "xl/workbook.xml"
            )
            archive.writestr(main, "<x/>")
            if data == "docm":
                archive.writestr("word/vbaProject.bin", b"macro")
        data = buffer.getvalue()
    file = SimpleUploadedFile(name, data)
    if allowed:
        assert check_upload(file, accept)
    else:
        with pytest.raises(ValidationError):
            check_upload(file, accept)


def test_an_oversized_upload_is_refused():
    from django.core.exceptions import ValidationError

    big = SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * ACCEPT["receipt"].max_mb * 1024 * 1024)
    with pytest.raises(ValidationError, match="超过 10 MB"):
        check_upload(big, "receipt")


# --- c: random names; personal files only through the checked view -----------


def test_a_ticket_photo_has_a_random_name_and_only_its_jurisdiction_sees_it(
    personas, grids, login, client
):
    original = photo("IMG_0001.jpg")
    data = original.read()
    original.seek(0)
    ticket = found(grids.a1, grids.hazard, by=personas.grid_member, photos=[original])
    stored = ticket.photos.get()
    assert "IMG_0001" not in stored.image.name
    assert re.fullmatch(r"grids/tickets/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", stored.image.name)
    url = stored.image.url
    assert url == reverse("portal:file", args=["ticket-photo", stored.pk])

    assert client.get(url).status_code == 404  # anonymous
    for outsider in (personas.street_b_officer, personas.outsider):
        assert login(outsider).get(url).status_code == 404
    shown = login(personas.community_worker).get(url)
    assert shown.status_code == 200 and body(shown) == data
    assert shown["Content-Type"] == "image/jpeg"
    assert shown["Content-Disposition"].startswith("inline")  # a verified photo only
    assert shown["X-Content-Type-Options"] == "nosniff"
    assert shown["Cache-Control"] == "no-store"
    page = login(personas.community_worker).get(reverse("grids:ticket", args=[ticket.pk]))
    assert url in page.content.decode() and "/media/" not in page.content.decode()


def test_a_receipt_is_for_the_project_s_jurisdiction_only(delivering, personas, world, login):
    client = login(personas.org_leader)
    client.post(
        reverse("projects:expense_new", args=[delivering.pk]),
        expense_form(delivering, SimpleUploadedFile("r.pdf", PDF_BYTES)),
    )
    url = Expense.objects.get().receipt.url
    client.logout()
    assert client.get(url).status_code == 404
    for outsider in (world.leader_b, personas.street_b_officer, personas.outsider):
        assert login(outsider).get(url).status_code == 404
    for insider in (personas.org_leader, personas.community_worker, personas.street_a_officer):
        assert body(login(insider).get(url)) == PDF_BYTES


def test_the_api_gives_the_view_s_address_and_the_app_fetches_it_with_its_token(personas, grids):
    from django.core.cache import cache
    from rest_framework.test import APIClient

    from tests.fixtures import PASSWORD

    cache.clear()  # the token login's throttle
    ticket = found(grids.a1, grids.hazard, by=personas.grid_member, photos=[photo()])
    app = APIClient()
    token = app.post(
        "/api/v1/auth/token/", {"username": personas.grid_member.username, "password": PASSWORD}
    ).json()["token"]
    app.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    url = app.get(f"/api/v1/tickets/{ticket.pk}/").json()["photos"][0]["url"]
    assert url.endswith(reverse("portal:file", args=["ticket-photo", ticket.photos.get().pk]))
    assert app.get(url).status_code == 200
    app.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert app.get(url).status_code == 404


def test_the_resident_sees_the_result_photo_through_the_rating_link(personas, grids, client, login):
    from grids.services import rating_token

    ticket = found(grids.a1, grids.hazard, by=personas.grid_member)
    ticket = resolved(ticket, personas)
    result = ticket.photos.create(kind=PhotoKind.RESOLUTION, image=photo("done.jpg"))
    token = rating_token(ticket)
    page = client.get(reverse("public_tickets:rate", args=[token])).content.decode()
    url = reverse("public_tickets:rating_photo", args=[token, result.pk])
    assert url in page
    assert client.get(url).status_code == 200
    assert (
        client.get(reverse("public_tickets:rating_photo", args=["forged", result.pk])).status_code
        == 404
    )


def test_activity_photos_are_private_until_staff_publish_them(delivering, personas, login):
    """Photos of residents (elders, children) at a project's activity: kept
    in the private store and served to those who may see the project, and
    to anyone only once office staff publish them (projects.disclosure)."""
    from django.test import Client

    from projects.models import ActivityPhoto, ActivityReport
    from projects.services import photos

    report = ActivityReport.objects.create(
        project=delivering,
        held_on="2026-12-01",
        title="送餐",
        description="",
        participants=1,
        beneficiaries=1,
        reported_by=personas.org_leader,
    )
    shot = ActivityPhoto.objects.create(report=report, image=photo("IMG_0002.jpg"))
    assert "IMG_0002" not in shot.image.name
    assert storages["private"].exists(shot.image.name)
    assert not storages["default"].exists(shot.image.name)
    public = reverse("disclosure:photo", args=[shot.pk])
    client = Client()  # anonymous
    assert client.get(shot.image.url).status_code == 404
    assert client.get(public).status_code == 404
    assert client.get(f"/media/{shot.image.name}").status_code == 404
    assert login(personas.org_leader).get(shot.image.url).status_code == 200
    photos.publish_photo(photo=shot, by=personas.community_worker)
    assert client.get(public).status_code == 200


def test_a_file_stored_before_the_private_storage_is_still_served(personas, grids, login):
    """Rows from before this change name files in the uploads folder."""
    from django.core.files.base import ContentFile

    ticket = found(grids.a1, grids.hazard, by=personas.grid_member, photos=[photo()])
    stored = ticket.photos.get()
    old_name = storages["default"].save("grids/tickets/2025/01/IMG_0003.jpg", ContentFile(b"x"))
    type(stored).objects.filter(pk=stored.pk).update(image=old_name)
    got = login(personas.community_worker).get(stored.image.url)
    assert got.status_code == 200 and body(got) == b"x"
    assert got["Content-Type"] == "application/octet-stream"  # not a verified photo
    assert got["Content-Disposition"].startswith("attachment")


# --- d: the import's staged file lives in the private storage ---------------


def test_the_checked_import_waits_in_private_storage_and_is_purged_after_a_day(personas, login):
    def staged():  # the folder is the test session's: other tests' jobs leave theirs
        try:
            return set(storages["private"].listdir("imports")[1])
        except FileNotFoundError:
            return set()

    client = login(personas.street_a_officer)
    url = reverse("admin:orgs_organisation_import")
    before = staged()
    checked = admin_import(client, url, messy_ledger())
    ours = staged() - before
    assert len(ours) == 1 and ours.pop().endswith(".xlsx")
    admin_confirm(client, checked.request["PATH_INFO"])
    assert Organisation.objects.filter(name__in=[r[1] for r in GOOD_ROWS]).count() == 4
    assert staged() == before  # confirmed and written: gone

    admin_import(client, url, messy_ledger())  # checked, never confirmed
    assert staging.purge_stale() == 0
    assert staging.purge_stale(now=timezone.now() + timedelta(days=1, minutes=1)) >= 1
    assert staged() == set()


def test_a_voucher_and_a_charter_are_checked_the_same_way(personas, territory, login):
    """The two file inputs that are not model forms: the fund ledger's entry
    form (admin) and the leader's filing form (portal)."""
    from datetime import date

    from incubators.models import EntryKind, Fund, FundEntry, FundSource
    from orgs.models import FilingApplication

    fund = Fund.objects.create(
        name="新城街道基金", area=territory.street_a, opened_on=date(2026, 1, 1)
    )
    officer = login(personas.street_a_officer)
    entry = {
        "fund": fund.pk,
        "kind": EntryKind.DONATION,
        "amount": "500",
        "occurred_on": "2026-04-02",
        "counterparty": "爱心企业",
        "purpose": "捐赠",
        "voucher_number": "V1",
        # Money in names its source (issue 24).
        "source": FundSource.objects.get(name="社会支持").pk,
    }
    add = reverse("admin:incubators_fundentry_add")
    refused = officer.post(add, {**entry, "attachment": SimpleUploadedFile("v.svg", SVG)})
    assert refused.status_code == 200 and "不是可接受的文件" in refused.content.decode()
    assert not FundEntry.objects.exists()
    officer.post(add, {**entry, "attachment": SimpleUploadedFile("凭证.pdf", PDF_BYTES)})
    voucher = FundEntry.objects.get()
    assert voucher.original_name == "凭证.pdf" and voucher.attachment.name.endswith(".pdf")
    assert body(officer.get(voucher.attachment.url)) == PDF_BYTES
    assert login(personas.street_b_officer).get(voucher.attachment.url).status_code == 404

    leader = login(personas.org_leader)
    page = reverse("portal:my_organisation")
    refused = leader.post(page, {"note": "", "charter": SimpleUploadedFile("章程.html", HTML)})
    assert "不是可接受的文件" in refused.content.decode()
    assert not FilingApplication.objects.exists()
    leader.post(page, {"note": "", "charter": SimpleUploadedFile("章程.pdf", PDF_BYTES)})
    application = FilingApplication.objects.get()
    assert application.original_name == "章程.pdf"
    assert body(login(personas.street_a_officer).get(application.charter.url)) == PDF_BYTES
    assert login(personas.street_b_officer).get(application.charter.url).status_code == 404


def test_the_storages_follow_a_test_s_folders(settings, tmp_path):
    """Django builds a field's storage once; the aliases still follow
    MEDIA_ROOT and PRIVATE_ROOT when a test changes them."""
    from django.core.files.base import ContentFile

    from lib.uploads import PRIVATE, UPLOADS

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_ROOT = tmp_path / "private"
    UPLOADS.save("a/x.txt", ContentFile(b"1"))
    PRIVATE.save("b/y.txt", ContentFile(b"2"))
    assert (tmp_path / "media/a/x.txt").read_bytes() == b"1"
    assert (tmp_path / "private/b/y.txt").read_bytes() == b"2"
