"""Backup and restore (docs/deploy.md, "Backup and restore"): a dump of the demo restores with every row
and every locked list version intact.

PostgreSQL: the demo is loaded by the product's own commands into `<test database>_backup`, dumped with
`pg_dump -Fc`, restored with `pg_restore` into `<test database>_restored`, and both are compared table by
table (row counts) and version by version (a hash of every entry of every locked ListVersion). Both
databases are dropped at the end. SQLite: the same comparison after Python's sqlite3 backup API (what
`sqlite3 db.sqlite3 ".backup file"` uses) copies a database file that has the demo in it.
"""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import dj_database_url
import psycopg2
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
# Not used: the databases compared are made by the product's commands; it sets up the test run all the same.
pytestmark = pytest.mark.django_db
ENTRY_COLUMNS = ("inmate_id, list_type, tps_number, ballots, ballots_unknown, register_number, nik, nkk, full_name, "
                 "birth_place, birth_date, sex, marital_status, disability, ktp_el_recorded, address, rt, rw, "
                 "home_region_code")


def seed(database_url: str) -> None:
    env = {key: value for key, value in os.environ.items() if key not in ("DEBUG", "DJANGO_SETTINGS_MODULE")}
    env["DATABASE_URL"] = database_url
    for command in (["migrate", "--no-input"], ["load_regions", "--if-missing"], ["seed_demo", "--demo"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL, timeout=600)


def snapshot(cursor, tables: list[str], placeholder: str) -> dict:
    """Rows per table, and per locked version (election, facility, number) the hash of its entries."""
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - names from the catalogue
        counts[table] = cursor.fetchone()[0]
    cursor.execute("SELECT id, election_id, facility_id, number, entry_count FROM registration_listversion")
    versions = {}
    for version_id, election_id, facility_id, number, entry_count in cursor.fetchall():
        cursor.execute(f"SELECT {ENTRY_COLUMNS} FROM registration_listentry "  # noqa: S608
                       f"WHERE version_id = {placeholder} ORDER BY inmate_id", [version_id])
        rows = cursor.fetchall()
        versions[(election_id, facility_id, number)] = (entry_count, len(rows),
                                                         hashlib.sha256(repr(rows).encode()).hexdigest())
    return {"counts": counts, "versions": versions}


def pg_tables(cursor) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    return [row[0] for row in cursor.fetchall()]


@pytest.mark.skipif(not POSTGRES, reason="pg_dump/pg_restore: PostgreSQL only (the SQLite copy is tested below)")
@pytest.mark.skipif(not shutil.which("pg_dump") or not shutil.which("pg_restore"),
                    reason="pg_dump and pg_restore are not installed (apt-get install postgresql-client)")
def test_a_dump_of_the_demo_restores_every_row_and_every_locked_version(tmp_path):
    url = dj_database_url.parse(os.environ["DATABASE_URL"])
    test_name = settings.DATABASES["default"]["NAME"]  # test_<name>: CI's name or a helper's
    source, target = f"{test_name}_backup"[:63], f"{test_name}_restored"[:63]
    login = {"user": url["USER"], "password": url["PASSWORD"] or None, "host": url["HOST"] or None,
             "port": url["PORT"] or None}
    admin = psycopg2.connect(dbname="postgres", **login)
    admin.autocommit = True
    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    env = {**os.environ, "PGPASSWORD": url["PASSWORD"] or ""}
    connection_options = [f"--host={url['HOST'] or '127.0.0.1'}", f"--port={url['PORT'] or 5432}",
                          f"--username={url['USER']}"]
    try:
        with admin.cursor() as cursor:
            for name in (source, target):
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # left by a killed run
            cursor.execute(f'CREATE DATABASE "{source}"')
        seed(f"{base}/{source}")
        dump = tmp_path / "demo.dump"
        subprocess.run(["pg_dump", "-Fc", *connection_options, f"--file={dump}", source], env=env, check=True,
                       timeout=600)
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{target}"')
        subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", *connection_options, f"--dbname={target}",
                        str(dump)], env=env, check=True, timeout=600)

        snapshots = []
        for name in (source, target):
            with psycopg2.connect(dbname=name, **login) as connection, connection.cursor() as cursor:
                snapshots.append(snapshot(cursor, pg_tables(cursor), "%s"))
            connection.close()
        before, after = snapshots
        assert before["versions"], "the demo has locked versions"
        assert all(count == rows for count, rows, _hash in before["versions"].values())
        assert before["counts"]["inmates_inmate"] > 0 and before["counts"]["registration_listentry"] > 0
        assert after == before
    finally:
        with admin.cursor() as cursor:
            for name in (source, target):
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.mark.skipif(POSTGRES, reason="the SQLite file copy; PostgreSQL is tested with pg_dump above")
def test_a_copy_of_the_sqlite_file_keeps_every_row_and_every_locked_version(tmp_path):
    original = tmp_path / "db.sqlite3"
    seed(f"sqlite:///{original}")
    copy = tmp_path / "backup.sqlite3"
    with sqlite3.connect(original) as source, sqlite3.connect(copy) as target:
        source.backup(target)  # what `sqlite3 db.sqlite3 ".backup backup.sqlite3"` does
    snapshots = []
    for path in (original, copy):
        with sqlite3.connect(path) as connection:
            cursor = connection.cursor()
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            snapshots.append(snapshot(cursor, [row[0] for row in cursor.fetchall()], "?"))
    before, after = snapshots
    assert before["versions"], "the demo has locked versions"
    assert before["counts"]["inmates_inmate"] > 0 and before["counts"]["registration_listentry"] > 0
    assert after == before
