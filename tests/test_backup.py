"""Backups: ops/backup then ops/restore give back a district whole.

Runs the scripts exactly as docs/backup.md tells an office to. The live
database is the test database itself, holding the URL matrix's estate (a
row of every model with an admin page or a URL of its own, made through
the services): every kind of row the demo has, without building the demo
district and migrating a second database for it, which took two minutes.
It is restored into a fresh database on the PostgreSQL server the suite
runs on.
"""

import os
import shutil
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import global_settings
from django.db import connection
from django.test import override_settings

from tests.fixtures import PASSWORD, needs_migrations, on_postgres
from tests.matrix_estate import build_estate

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    on_postgres,
    # The restore migrates the copy: the database backed up is one the
    # migrations built, as a deployment's is (CI runs this beside the rest).
    needs_migrations,
    pytest.mark.skipif(not shutil.which("pg_dump"), reason="needs PostgreSQL's client tools"),
    # Committed rows: pg_dump reads the database from a connection of its own.
    pytest.mark.django_db(transaction=True),
]


def _url(name):
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{name}"


def _admin(sql):
    with psycopg.connect(_url("postgres"), autocommit=True) as conn:
        conn.execute(sql)


@pytest.fixture
def databases(territory, personas, platforms, world, grids):
    """The live database (the test database, with the estate and a street
    officer who signs in as production hashes passwords) and a fresh one."""
    build_estate(territory, personas, platforms, world, grids)
    officer = personas.street_a_officer
    with override_settings(PASSWORD_HASHERS=global_settings.PASSWORD_HASHERS):
        officer.set_password(PASSWORD)
    officer.save(update_fields=["password"])
    restored = f"shequ_backup_restored_{uuid.uuid4().hex[:8]}"
    _admin(f'CREATE DATABASE "{restored}"')
    yield _url(connection.settings_dict["NAME"]), _url(restored)
    _admin(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')


def run(args, env, check=True):
    result = subprocess.run(
        [str(a) for a in args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def table_fingerprints(url):
    """{table: (row count, md5 of every row)} for every table of the database."""
    with psycopg.connect(url) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return {
            table: conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \"{table}\" t"
            ).fetchone()
            for table in tables
        }


def sequences(url):
    with psycopg.connect(url) as conn:
        return dict(
            conn.execute(
                "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
            ).fetchall()
        )


def test_a_backup_restores_the_district_whole(databases, tmp_path):
    live, restored = databases
    media, private = tmp_path / "media", tmp_path / "private"
    (media / "tickets").mkdir(parents=True)
    (media / "tickets" / "photo.jpg").write_bytes(b"\xff\xd8 a ticket photo")
    base = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "PGPASSWORD"}}
    env = {
        **base,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "MEDIA_ROOT": str(media),
        "PRIVATE_ROOT": str(private),
        "PYTHON": sys.executable,
    }
    python = sys.executable

    made = run(["ops/backup", tmp_path / "backups"], {**env, "DATABASE_URL": live})
    dump, files = made.stdout.split()
    assert Path(dump).stat().st_size > 0

    run(["ops/restore", dump], {**env, "DATABASE_URL": restored})

    # Every table, row for row, and the id counters, so new rows do not clash.
    before = table_fingerprints(live)
    assert before["orgs_organisation"][0] > 0 and before["grids_ticket"][0] > 0
    assert table_fingerprints(restored) == before
    assert sequences(restored) == sequences(live)

    # The restored platform works: street A's officer logs in and opens the ledger.
    login = (
        "from django.test import Client\n"
        "c = Client(SERVER_NAME='localhost')\n"
        f"r = c.post('/accounts/login/', {{'username': 'street_a', 'password': {PASSWORD!r}}})\n"
        "assert r.status_code == 302, r.status_code\n"
        "r = c.get('/admin/orgs/organisation/')\n"
        "assert r.status_code == 200, r.status_code\n"
        "print('ok')\n"
    )
    shell = run([python, "manage.py", "shell", "-c", login], {**env, "DATABASE_URL": restored})
    assert shell.stdout.strip().endswith("ok")

    # The uploaded files come back from their archive.
    with tarfile.open(files) as archive:
        assert "media/tickets/photo.jpg" in archive.getnames()

    # A restore never overwrites a database that has tables.
    again = run(["ops/restore", dump], {**env, "DATABASE_URL": live}, check=False)
    assert again.returncode != 0
    assert "refusing" in again.stderr
    assert table_fingerprints(live) == before
