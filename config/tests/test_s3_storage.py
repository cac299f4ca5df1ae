"""The files' round trip on a real S3 server (moto's server mode on a
loopback port, not a mock of boto): upload, serve through the platform's view,
download-centre file, import staged and confirmed, as a two-machine
deployment with S3_BUCKET set does it."""

import socket
import uuid
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

pytest.importorskip("storages.backends.s3", reason="django-storages[s3] is not installed")
moto_server = pytest.importorskip(
    "moto.server", reason="moto[server] is not installed (pip install 'moto[server]')"
)
import boto3  # noqa: E402 - after the skip: installed with django-storages[s3]

from config.s3 import s3_storages  # noqa: E402
from downloads.builder import purge_expired  # noqa: E402
from downloads.models import Download, DownloadStatus  # noqa: E402
from orgs.importing import staging  # noqa: E402
from orgs.models import Organisation  # noqa: E402
from projects.models import Expense  # noqa: E402
from tests.grid_helpers import found, photo  # noqa: E402
from tests.project_helpers import awarded  # noqa: E402
from tests.spreadsheets import GOOD_ROWS, admin_confirm, admin_import, messy_ledger, upload  # noqa: E402

KEYS = {"aws_access_key_id": "platform", "aws_secret_access_key": "platform-secret"}
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = _free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings):
    """A fresh private bucket, and STORAGES pointed at it as S3_BUCKET would."""
    name = f"shequ-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **KEYS)
    client.create_bucket(Bucket=name)
    settings.STORAGES = {
        **s3_storages(
            bucket=name,
            endpoint_url=s3_endpoint,
            access_key=KEYS["aws_access_key_id"],
            secret_key=KEYS["aws_secret_access_key"],
        ),
        "staticfiles": settings.STORAGES["staticfiles"],
    }

    def keys(prefix=""):
        listed = client.list_objects_v2(Bucket=name, Prefix=prefix)
        return [item["Key"] for item in listed.get("Contents", [])]

    client.keys = keys
    client.bucket = name
    return client


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_uploads_live_in_the_bucket_and_reach_browsers_only_through_the_platform(
    bucket, world, personas, login, client, grids
):
    project, _a, _b = awarded(world, personas)
    leader = login(personas.org_leader)
    leader.post(reverse("projects:step", args=[project.pk, "start_delivery"]))
    response = leader.post(
        reverse("projects:expense_new", args=[project.pk]),
        {
            "spent_on": "2026-12-01",
            "amount": "50.00",
            "description": "购买食材",
            "payee": "惠民超市",
            "receipt": SimpleUploadedFile("发票.pdf", PDF_BYTES, "application/pdf"),
        },
    )
    assert response.status_code == 302
    expense = Expense.objects.get()
    key = f"private/{expense.receipt.name}"
    assert bucket.keys("private/projects/receipts/") == [key]
    # Private to the platform's keys: no grant to everyone.
    grants = bucket.get_object_acl(Bucket=bucket.bucket, Key=key)["Grants"]
    assert not [g for g in grants if "AllUsers" in g["Grantee"].get("URI", "")]

    page = login(personas.community_worker).get(reverse("projects:project", args=[project.pk]))
    html = page.content.decode()
    assert expense.receipt.url in html and "127.0.0.1:" not in html  # no store address
    fetched = login(personas.community_worker).get(expense.receipt.url)
    assert fetched.status_code == 200 and body(fetched) == PDF_BYTES
    assert fetched["Content-Disposition"].startswith("attachment")
    assert login(personas.street_b_officer).get(expense.receipt.url).status_code == 404

    ticket = found(grids.a1, grids.hazard, by=personas.grid_member, photos=[photo("IMG_1.jpg")])
    shot = ticket.photos.get()
    assert bucket.keys(f"private/{shot.image.name}")
    assert login(personas.community_worker).get(shot.image.url)["Content-Type"] == "image/jpeg"
    client.logout()
    assert client.get(shot.image.url).status_code == 404


def test_a_download_centre_file_is_built_into_the_bucket_and_fetched(
    bucket, personas, login, django_capture_on_commit_callbacks
):
    officer = login(personas.street_a_officer)
    with django_capture_on_commit_callbacks(execute=True):
        officer.post(reverse("downloads:start"), {"fmt": "xlsx", "kind": "organisations"})
    download = Download.objects.get()
    assert download.status == DownloadStatus.DONE
    assert bucket.keys("private/downloads/") == [f"private/{download.file.name}"]
    fetched = officer.get(reverse("downloads:fetch", args=[download.pk]))
    rows = list(load_workbook(BytesIO(body(fetched)), read_only=True).worksheets[0].values)
    assert len(rows) == Organisation.objects.for_user(personas.street_a_officer).count() + 1

    from django.utils import timezone

    Download.objects.update(expires_at=timezone.now())
    assert purge_expired() == 1
    assert bucket.keys("private/downloads/") == []


def test_an_import_is_staged_in_the_bucket_and_confirmed(bucket, personas, login):
    officer = login(personas.street_a_officer)
    url = reverse("admin:orgs_organisation_import")
    checked = admin_import(officer, url, messy_ledger())
    assert len(bucket.keys("private/imports/")) == 1
    # The check, the confirmation and the write may each run on another
    # machine: nothing local is needed.
    admin_confirm(officer, checked.request["PATH_INFO"])
    assert Organisation.objects.filter(name__in=[r[1] for r in GOOD_ROWS]).count() == 4
    assert bucket.keys("private/imports/") == []

    from datetime import timedelta

    from django.utils import timezone

    officer.post(url, {"file": upload(messy_ledger())})
    assert staging.purge_stale() == 0
    assert staging.purge_stale(now=timezone.now() + timedelta(days=2)) == 1
    assert bucket.keys("private/imports/") == []
