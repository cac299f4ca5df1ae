"""Imports in the background: the admin page uploads, the worker checks and
writes (eagerly here, as in the embedded default), the result waits on the
job's page for its owner alone; a job is written once however often its task
runs; the bulk write leaves the same rows and history rows a save() would."""

import copy
import threading
import time

import pytest
from django.core.files.storage import storages
from django.db import connection
from django.urls import reverse

from orgs.importing import engine, staging
from orgs.importing.jobs import run_write
from orgs.importing.organisations import import_organisations
from orgs.importing.people import import_people
from orgs.models import ImportJob, ImportState, Membership, Organisation, Person, Talent
from orgs.services.imports import confirm_import, start_import
from orgs.tasks import check_import, write_import
from tests.fixtures import on_postgres
from tests.spreadsheets import GOOD_ROWS, admin_confirm, admin_import, messy_ledger, upload

# Run on PostgreSQL too (CI, -m postgres): the job's row lock decides who writes.
pytestmark = pytest.mark.postgres

NAMES = [row[1] for row in GOOD_ROWS]


def bad_ledger():
    rows = copy.deepcopy(GOOD_ROWS)
    rows[3][2] = "长兴社区"  # street B's community
    rows[3][6] = "138"
    return messy_ledger(rows)


def snapshot():
    return (Organisation.objects.count(), Organisation.history.count())


def test_upload_check_confirm_and_the_result_page(personas, login):
    client = login(personas.street_a_officer)
    url = reverse("admin:orgs_organisation_import")

    refused = admin_import(client, url, bad_ledger())
    html = refused.content.decode()
    assert refused.context["job"].state == ImportState.REJECTED
    assert "发现 2 个问题，未导入任何数据" in html
    # Row 7 of the file, each column under the heading the file gave it.
    problems = [(p.line, p.column) for p in refused.context["report"].problems]
    assert problems == [(7, "所属社区"), (7, "联系电话")]
    assert "<td>所属社区</td>" in html and "社区（村）" not in html
    assert not Organisation.objects.filter(name__in=NAMES).exists()

    checked = admin_import(client, url, messy_ledger())
    job = checked.context["job"]
    assert job.state == ImportState.CHECKED
    assert "共 4 行：新增 4 条" in checked.content.decode()
    assert not Organisation.objects.filter(name__in=NAMES).exists()  # nothing yet

    done = admin_confirm(client, checked.request["PATH_INFO"])
    assert done.context["job"].state == ImportState.DONE
    assert "导入完成：新增 4 条，更新 0 条，未变化 0 条。" in done.content.decode()
    assert Organisation.objects.filter(name__in=NAMES).count() == 4

    # The officer comes back later: the import page lists both, the page keeps the result.
    listed = client.get(url).content.decode()
    assert listed.count("台账.xlsx") == 2
    again = client.get(checked.request["PATH_INFO"]).content.decode()
    assert "导入完成：新增 4 条" in again and "http-equiv" not in again


def test_a_long_report_shows_its_first_problems_and_how_many_more(personas, login, monkeypatch):
    from orgs.admin import imports

    monkeypatch.setattr(imports, "SHOWN_PROBLEMS", 1)
    client = login(personas.street_a_officer)
    page = admin_import(client, reverse("admin:orgs_organisation_import"), bad_ledger())
    html = page.content.decode()
    assert html.count("<td>7</td>") == 1 and "文件后面还有 1 个问题" in html


def test_the_page_refreshes_itself_while_the_worker_has_not_finished(personas, login):
    client = login(personas.street_a_officer)
    url = reverse("admin:orgs_organisation_import")
    uploaded = client.post(url, {"file": upload(messy_ledger())})  # queued, not yet run
    page = client.get(uploaded["Location"])
    assert page.context["job"].state == ImportState.CHECKING
    assert '<meta http-equiv="refresh" content="2">' in page.content.decode()


def test_another_streets_officer_can_neither_see_nor_confirm_the_job(personas, login):
    owner = login(personas.street_a_officer)
    page = admin_import(owner, reverse("admin:orgs_organisation_import"), messy_ledger())
    job_url = page.request["PATH_INFO"]

    other = login(personas.street_b_officer)
    assert other.get(job_url).status_code == 404
    assert other.post(job_url).status_code == 404
    assert "台账.xlsx" not in other.get(reverse("admin:orgs_organisation_import")).content.decode()
    assert ImportJob.objects.get().state == ImportState.CHECKED
    assert not Organisation.objects.filter(name__in=NAMES).exists()


def test_a_worker_given_only_the_job_id_reads_the_file_from_the_private_storage(personas):
    """As a worker on another machine: the upload stays behind in the
    private storage, the task gets the job's id and nothing else."""
    job = start_import(
        user=personas.street_a_officer, kind="organisations", upload=upload(messy_ledger())
    )  # its queueing waits for a commit that never comes in this test
    staged = job.staged
    assert storages["private"].exists(staged)

    assert check_import.delay(job.pk).get() == ImportState.CHECKED
    confirm_import(user=personas.street_a_officer, job_id=job.pk)
    assert write_import.delay(job.pk).get() == ImportState.DONE

    job.refresh_from_db()
    assert job.report["new"] == 4 and job.report["committed"]
    assert Organisation.objects.filter(name__in=NAMES).count() == 4
    assert staged.startswith(staging.FOLDER) and not storages["private"].exists(staged)


def test_a_finished_job_run_again_writes_nothing(personas):
    job = start_import(
        user=personas.street_a_officer, kind="organisations", upload=upload(messy_ledger())
    )
    check_import(job.pk)
    confirm_import(user=personas.street_a_officer, job_id=job.pk)
    write_import(job.pk)
    written = snapshot()

    assert check_import(job.pk) == "nothing to do"
    assert write_import(job.pk) == "nothing to do"
    assert snapshot() == written
    assert ImportJob.objects.get().state == ImportState.DONE


def test_a_write_cut_short_leaves_nothing_and_the_redelivered_task_writes_once(
    personas, monkeypatch
):
    job = start_import(
        user=personas.street_a_officer, kind="organisations", upload=upload(messy_ledger())
    )
    check_import(job.pk)
    confirm_import(user=personas.street_a_officer, job_id=job.pk)
    before = snapshot()
    real_write = engine.write

    def dies_halfway(resource, plan):
        real_write(resource, plan)
        raise SystemExit("the worker is killed")

    monkeypatch.setattr(engine, "write", dies_halfway)
    with pytest.raises(SystemExit):
        write_import(job.pk)
    assert snapshot() == before  # rolled back with the job's state
    assert ImportJob.objects.get().state == ImportState.WRITING

    monkeypatch.setattr(engine, "write", real_write)
    assert write_import(job.pk) == ImportState.DONE
    assert write_import(job.pk) == "nothing to do"
    assert Organisation.objects.filter(name__in=NAMES).count() == 4


def test_only_a_checked_job_of_ones_own_can_be_confirmed(personas):
    from django.core.exceptions import ValidationError

    job = start_import(
        user=personas.street_a_officer, kind="organisations", upload=upload(messy_ledger())
    )
    with pytest.raises(ValidationError):  # still being checked
        confirm_import(user=personas.street_a_officer, job_id=job.pk)
    check_import(job.pk)
    with pytest.raises(ValidationError):
        confirm_import(user=personas.street_b_officer, job_id=job.pk)
    confirm_import(user=personas.street_a_officer, job_id=job.pk)
    with pytest.raises(ValidationError):  # twice
        confirm_import(user=personas.street_a_officer, job_id=job.pk)


def _fields(instance):
    return {
        f.attname: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if not f.primary_key
    }


def _each_row_has_its_history(model, rows, user, history_type):
    """What save() leaves: one history row per change, of the row as written,
    by the importer, without a reason."""
    for row in rows:
        latest = row.history.order_by("-history_id").first()
        assert latest.history_type == history_type
        assert latest.history_user_id == user.pk and latest.history_change_reason is None
        assert {k: getattr(latest, k) for k in _fields(row)} == _fields(row), model


def test_the_bulk_write_leaves_the_rows_and_history_a_save_would(personas):
    officer = personas.street_a_officer
    history_before = Organisation.history.count()
    report = import_organisations(upload(messy_ledger()), user=officer, commit=True)
    assert report.committed and report.new == 4
    created = list(Organisation.objects.filter(name__in=NAMES))
    assert Organisation.history.count() == history_before + 4
    _each_row_has_its_history(Organisation, created, officer, "+")
    calligraphy = Organisation.objects.get(name="英才社区书画社")
    assert (calligraphy.leader_phone, calligraphy.member_count) == ("13803712234", 25)
    assert calligraphy.created_at and calligraphy.updated_at

    rows = copy.deepcopy(GOOD_ROWS)
    rows[0][7] = 40
    report = import_organisations(upload(messy_ledger(rows)), user=officer, commit=True)
    assert (report.new, report.updated, report.unchanged) == (0, 1, 3)
    assert Organisation.history.count() == history_before + 5
    calligraphy.refresh_from_db()
    assert calligraphy.member_count == 40 and calligraphy.updated_at > calligraphy.created_at
    _each_row_has_its_history(Organisation, [calligraphy], officer, "~")


def test_people_memberships_and_talents_are_written_in_bulk_with_their_history(personas):
    from orgs.tests.test_people import ROWS, people_file

    worker = personas.community_worker
    report = import_people(upload(people_file(ROWS)), user=worker, commit=True)
    assert report.committed, report.problems
    people = list(Person.objects.filter(name__in=[row[1] for row in ROWS]))
    assert people
    _each_row_has_its_history(Person, people, worker, "+")
    memberships = list(Membership.objects.filter(person__in=people))
    talents = list(Talent.objects.filter(person__in=people))
    assert memberships and talents
    _each_row_has_its_history(Membership, memberships, worker, "+")
    _each_row_has_its_history(Talent, talents, worker, "+")


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_a_copy_delivered_while_the_first_writes_waits_and_writes_nothing(personas, monkeypatch):
    """The broker hands a long write to a second worker; the job row's lock
    makes the copy wait for the first, which it then finds done."""
    from orgs.services import imports

    # Committed at once here, so the service would run the tasks eagerly: run them by hand.
    monkeypatch.setattr(imports, "_queue", lambda task, job_id, state: None)
    job = start_import(
        user=personas.street_a_officer, kind="organisations", upload=upload(messy_ledger())
    )
    check_import(job.pk)
    confirm_import(user=personas.street_a_officer, job_id=job.pk)
    release, calls = threading.Event(), []
    real_write = engine.write

    def slow_write(resource, plan):
        calls.append(threading.get_ident())
        release.wait(timeout=30)
        real_write(resource, plan)

    monkeypatch.setattr(engine, "write", slow_write)

    def first_worker():
        try:
            run_write(job.pk)
        finally:
            connection.close()

    first = threading.Thread(target=first_worker)
    first.start()
    try:
        deadline = time.monotonic() + 30
        while not calls and time.monotonic() < deadline:
            time.sleep(0.05)
        assert calls, "the first write never started"
        threading.Timer(1.0, release.set).start()
        assert run_write(job.pk) == ImportState.DONE  # waited for the first, wrote nothing
    finally:
        release.set()
        first.join(timeout=60)
    assert len(calls) == 1
    assert Organisation.objects.filter(name__in=NAMES).count() == 4


def test_the_nightly_purge_forgets_old_jobs_and_ends_lost_ones(personas, login, settings):
    from datetime import timedelta

    from django.utils import timezone

    from orgs.tasks import purge_import_staging

    client = login(personas.street_a_officer)
    admin_import(client, reverse("admin:orgs_organisation_import"), bad_ledger())
    rejected = ImportJob.objects.get(owner=personas.street_a_officer)
    running = ImportJob.objects.create(
        owner=personas.street_a_officer, kind="organisations", filename="x.xlsx"
    )
    long_ago = timezone.now() - timedelta(days=settings.IMPORT_JOB_KEEP_DAYS + 1)
    ImportJob.objects.filter(pk=rejected.pk).update(created_at=long_ago)
    ImportJob.objects.filter(pk=running.pk).update(created_at=timezone.now() - timedelta(hours=2))
    stuck = ImportJob.objects.create(
        owner=personas.street_a_officer, kind="organisations", filename="y.xlsx"
    )
    ImportJob.objects.filter(pk=stuck.pk).update(created_at=timezone.now() - timedelta(days=2))

    purge_import_staging()

    assert not ImportJob.objects.filter(pk=rejected.pk).exists()
    assert ImportJob.objects.filter(pk=running.pk, state=ImportState.CHECKING).exists()
    stuck.refresh_from_db()  # its worker is gone for good: the officer is told
    assert stuck.state == ImportState.FAILED and "导入已中断" in stuck.error
    # Its report page is gone with it.
    assert (
        client.get(reverse("admin:orgs_organisation_import_job", args=[rejected.pk])).status_code
        == 404
    )


def test_an_imported_organisation_is_in_the_public_directory_at_once(personas):
    from django.test import Client

    visitor = Client()
    directory = reverse("public:directory")
    assert NAMES[0] not in visitor.get(directory).content.decode()  # now in the cache
    job = start_import(
        user=personas.street_a_officer, kind="organisations", upload=upload(messy_ledger())
    )
    check_import(job.pk)
    confirm_import(user=personas.street_a_officer, job_id=job.pk)
    assert write_import(job.pk) == ImportState.DONE
    assert NAMES[0] in visitor.get(directory).content.decode()


def test_a_write_that_breaks_fails_the_job_in_the_officers_words(personas, monkeypatch):
    job = start_import(
        user=personas.street_a_officer, kind="organisations", upload=upload(messy_ledger())
    )
    check_import(job.pk)
    confirm_import(user=personas.street_a_officer, job_id=job.pk)

    def breaks(resource, plan):
        raise RuntimeError("a bug, say")

    monkeypatch.setattr(engine, "write", breaks)
    assert write_import(job.pk) == ImportState.FAILED
    job.refresh_from_db()
    assert (
        "平台读取这个文件时出错，没有导入任何数据" in job.error and "RuntimeError" not in job.error
    )
    assert not Organisation.objects.filter(name__in=NAMES).exists()
