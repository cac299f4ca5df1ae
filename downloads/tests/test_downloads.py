"""The download centre: big ledgers built in the background, for their owner only."""

import dataclasses
import threading
import time
from datetime import timedelta
from io import BytesIO

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from downloads.builder import build, purge_expired
from downloads.models import Download, DownloadStatus
from downloads.services import request_download
from lib.spreadsheets import exporters
from orgs.models import Organisation
from tests.factories import OrganisationFactory
from tests.fixtures import on_postgres

# Run on PostgreSQL too (CI, -m postgres): an advisory lock keeps one build per download.
pytestmark = pytest.mark.postgres


def start(client, **data):
    return client.post(reverse("downloads:start"), {"fmt": "xlsx", **data})


def test_a_ledger_is_built_in_the_background_and_fetched_by_its_owner(
    personas, territory, login, django_capture_on_commit_callbacks
):
    OrganisationFactory(name='=HYPERLINK("http://x")', area=territory.community_a1)
    client = login(personas.street_a_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = start(client, kind="organisations")
    assert response.status_code == 302
    download = Download.objects.get()
    assert download.status == DownloadStatus.DONE and download.owner == personas.street_a_officer
    expected = Organisation.objects.for_user(personas.street_a_officer).count()
    assert download.rows_total == download.rows_done == expected
    page = client.get(reverse("downloads:centre")).content.decode()
    assert download.title in page and 'http-equiv="refresh"' not in page
    fetched = client.get(reverse("downloads:fetch", args=[download.pk]))
    assert fetched.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(fetched.streaming_content)), read_only=True).worksheets[
        0
    ]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == expected + 1  # the header, then every organisation of street A
    names = {row[1] for row in rows[1:]} | {row[0] for row in rows[1:]}
    assert "长兴社区广场舞队" not in names  # street B's
    # A formula typed into a name is text, not a formula.
    assert any(str(v).startswith("=HYPERLINK") for row in rows for v in row if v)


def test_nobody_else_can_fetch_it(personas, login, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        download = request_download(user=personas.district_officer, kind="organisations")
    for user in (personas.street_a_officer, personas.outsider):
        assert login(user).get(reverse("downloads:fetch", args=[download.pk])).status_code == 404
    listing = login(personas.outsider).get(reverse("downloads:centre")).content.decode()
    assert reverse("downloads:fetch", args=[download.pk]) not in listing


def test_an_expired_file_is_gone(personas, login, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        download = request_download(user=personas.district_officer, kind="organisations")
    download.refresh_from_db()
    name, storage = download.file.name, download.file.storage
    assert storage.exists(name)
    Download.objects.filter(pk=download.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    client = login(personas.district_officer)
    assert client.get(reverse("downloads:fetch", args=[download.pk])).status_code == 410
    assert purge_expired() == 1
    assert not Download.objects.exists()
    assert not storage.exists(name)


def test_a_ledger_outside_the_role_or_an_area_outside_the_jurisdiction_is_refused(
    personas, territory, login
):
    client = login(personas.community_worker)
    assert start(client, kind="monthly_scores").status_code == 400  # not offered to this role
    client = login(personas.street_a_officer)
    response = start(client, kind="organisations", area=territory.street_b.pk)
    assert response.status_code == 400
    assert not Download.objects.exists()


def test_narrowed_to_a_community_and_as_csv(
    personas, territory, login, django_capture_on_commit_callbacks
):
    OrganisationFactory(name="绿城社区读书会", area=territory.community_a2)
    client = login(personas.street_a_officer)
    with django_capture_on_commit_callbacks(execute=True):
        start(client, kind="organisations", area=territory.community_a2.pk, fmt="csv")
    download = Download.objects.get()
    text = b"".join(client.get(reverse("downloads:fetch", args=[download.pk])).streaming_content)
    text = text.decode("utf-8-sig")
    assert "绿城社区读书会" in text and "英才社区夕阳红合唱团" not in text
    assert "绿城社区" in download.title


def test_a_build_interrupted_by_a_dead_worker_runs_again_and_a_finished_one_never_twice(personas):
    download = Download.objects.create(
        owner=personas.district_officer, kind="organisations", title="社会组织台账"
    )
    Download.objects.filter(pk=download.pk).update(status=DownloadStatus.RUNNING, rows_done=7)
    finished = build(download.pk)  # the redelivered task
    assert finished.status == DownloadStatus.DONE
    name = finished.file.name
    again = build(download.pk)
    assert again.file.name == name and Download.objects.count() == 1


def test_a_failed_build_says_so(personas):
    download = Download.objects.create(
        owner=personas.district_officer, kind="no-such-ledger", title="?"
    )
    assert build(download.pk) is None
    download.refresh_from_db()
    assert download.status == DownloadStatus.FAILED and download.error


@pytest.mark.parametrize(
    "kind",
    [
        "organisations",
        "members",
        "trainings",
        "volunteer_hours",
        "residencies",
        "fund_entries",
        "projects",
        "bids",
        "tickets",
        "monthly_scores",
        "annual_assessments",
    ],
)
def test_every_registered_ledger_builds(kind, personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        download = request_download(user=personas.district_officer, kind=kind)
    download.refresh_from_db()
    assert download.status == DownloadStatus.DONE, download.error


def test_bids_stay_sealed_in_exports_until_bidding_closes(
    world, personas, django_capture_on_commit_callbacks
):
    from tests.project_helpers import bid, close

    bid(world.project, world.bidder_a, personas.org_leader)
    officer = personas.district_officer

    def exported_rows():
        with django_capture_on_commit_callbacks(execute=True):
            download = request_download(user=officer, kind="bids")
        download.refresh_from_db()
        return download.rows_total

    assert exported_rows() == 0  # bidding is open: nobody reads the bid
    close(world.project)
    assert exported_rows() == 1


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_a_copy_delivered_while_the_first_builds_leaves_it_to_its_builder(personas, monkeypatch):
    """The broker hands a long build to a second worker after its visibility
    timeout; the second leaves it alone, and the file is built once."""
    organisations = exporters.get("organisations")
    release, calls = threading.Event(), []

    def slow_rows(queryset, user):
        calls.append(threading.get_ident())
        release.wait(timeout=30)
        yield from organisations.rows(queryset, user)

    monkeypatch.setitem(
        exporters._registry, "organisations", dataclasses.replace(organisations, rows=slow_rows)
    )
    download = Download.objects.create(
        owner=personas.district_officer, kind="organisations", title="社会组织台账"
    )

    def first_worker():
        try:
            build(download.pk)
        finally:
            connection.close()

    first = threading.Thread(target=first_worker)
    first.start()
    try:
        deadline = time.monotonic() + 30
        while not calls and time.monotonic() < deadline:
            time.sleep(0.05)
        assert calls, "the first build never started"
        copy = build(download.pk)  # the redelivered message, on another worker
        assert copy.status == DownloadStatus.RUNNING and not copy.file
        assert len(calls) == 1
    finally:
        release.set()
        first.join(timeout=60)
    download.refresh_from_db()
    assert download.status == DownloadStatus.DONE and len(calls) == 1
