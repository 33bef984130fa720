"""Two app servers, one session: requests alternate between two gunicorn processes (one worker
each, on 127.0.0.1) sharing one PostgreSQL database, with the task worker as a third process.

An import goes upload -> A, preview -> B, confirm -> A; an area export is queued on A, followed on B,
made by `db_worker`, downloaded on A. Nothing a request needs may live in one process's memory or on
its own disk (docs/deploy.md): sessions, messages, pending uploads, the queue and the files.

PostgreSQL only: on SQLite the test database lives in the memory of the test process, which other
processes cannot open. The servers get a database of their own (`<name>_servers`, migrated and
seeded by the product's own commands, dropped at the end), apart from pytest's test databases.
"""

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from email.utils import parsedate_to_datetime
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import dj_database_url
import psycopg2
import pytest
from django.conf import settings
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD
from tests.inmates.conftest import row_values, workbook_bytes
from tests.xlsx_files import table, workbook
from tps_khusus.xlsx import CONTENT_TYPE

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
                       reason="two processes cannot share SQLite's in-memory test database"),
    pytest.mark.django_db,  # not used: the servers have their own database; it sets up the test run's all the same
]
BOOT_SECONDS = 60
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Browser:
    """One person's cookies, sent to whichever server a request goes to."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, port: int, method: str, path: str, body: bytes | None = None, content_type: str = ""):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        connection.close()
        return response, data

    def get(self, port: int, path: str):
        return self.request(port, "GET", path)

    def post(self, port: int, path: str, fields: dict, files: dict | None = None):
        if not files:
            return self.request(port, "POST", path, urlencode(fields).encode(), "application/x-www-form-urlencoded")
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, (filename, data) in files.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                         f"Content-Type: {CONTENT_TYPE}\r\n\r\n".encode() + data + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request(port, "POST", path, b"".join(parts), f"multipart/form-data; boundary={boundary}")

    def form_token(self, port: int, path: str) -> str:
        response, data = self.get(port, path)
        assert response.status == 200, (path, response.status)
        return CSRF_FIELD.search(data.decode()).group(1)


def admin_connection(url: dict):
    connection = psycopg2.connect(dbname="postgres", user=url["USER"], password=url["PASSWORD"] or None,
                                  host=url["HOST"] or None, port=url["PORT"] or None)
    connection.autocommit = True
    return connection


@pytest.fixture
def servers(tmp_path):
    """Database `<name>_servers`, migrated and seeded; two gunicorn servers on it; their environment."""
    url = dj_database_url.parse(os.environ["DATABASE_URL"])
    name = f"{url['NAME']}_servers"[:63]
    admin = admin_connection(url)
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # left by a run that was killed
        cursor.execute(f'CREATE DATABASE "{name}"')
    server_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{name}"
    env = {key: value for key, value in os.environ.items() if key not in ("DEBUG", "DJANGO_SETTINGS_MODULE")}
    env.update(DATABASE_URL=server_url, SECRET_KEY="two-servers-" + uuid.uuid4().hex * 2, ALLOWED_HOSTS="127.0.0.1",
               SECURE_SSL_REDIRECT="0", PLAIN_STATIC_STORAGE="1", TPS_EXPORT_DIR=str(tmp_path / "exports"),
               PYTHONUNBUFFERED="1")
    processes = []
    logs = []
    started = time.perf_counter()
    try:
        for command in (["migrate", "--no-input"], ["seed_demo", "--demo"]):
            subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True,
                           stdout=subprocess.DEVNULL, timeout=300)
        prepared = time.perf_counter()
        ports = [free_port(), free_port()]
        for port in ports:
            log = (tmp_path / f"gunicorn-{port}.log").open("wb")
            logs.append(log)
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "tps_khusus.wsgi:application", "--bind", f"127.0.0.1:{port}",
                 "--workers", "1", "--timeout", "120", "--no-control-socket"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))
        for port in ports:
            deadline = time.monotonic() + BOOT_SECONDS
            while True:
                try:
                    response, _data = Browser().get(port, "/sehat/")
                    if response.status == 200:
                        break
                except OSError:
                    pass
                assert time.monotonic() < deadline, (tmp_path / f"gunicorn-{port}.log").read_text()[-3000:]
                time.sleep(0.2)
        print(f"database prepared in {prepared - started:.1f} s, servers up in {time.perf_counter() - prepared:.1f} s")
        yield {"a": ports[0], "b": ports[1], "env": env, "pids": [p.pid for p in processes], "name": name, "url": url}
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for log in logs:
            log.close()
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def count(servers, sql: str) -> int:
    """A figure read straight from the servers' database (the test process's ORM is on another one)."""
    url = servers["url"]
    with psycopg2.connect(dbname=servers["name"], user=url["USER"], password=url["PASSWORD"] or None,
                          host=url["HOST"] or None, port=url["PORT"] or None) as connection, connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def test_one_session_alternating_between_two_servers(servers):
    started = time.perf_counter()
    a, b = servers["a"], servers["b"]
    assert len(set(servers["pids"])) == 2
    person = Browser()

    # Sign in: the form from A, the credentials to B.
    token = person.form_token(a, "/masuk/")
    response, _data = person.post(b, "/masuk/", {"csrfmiddlewaretoken": token, "username": "admin",
                                                 "password": DEMO_PASSWORD})
    assert response.status == 302 and response.headers["Location"] == "/", response.status
    assert "sessionid" in person.cookies

    # Import: upload to A, preview on B, confirm on A, the list and the message on B. Dates are
    # counted from the servers' clock (their Date header): the test's own may be shifted (make test-later).
    response, _data = person.get(a, "/sehat/")
    today = timezone.localtime(parsedate_to_datetime(response.headers["Date"])).date()
    names = ["SERVER SATU", "SERVER DUA", "SERVER TIGA"]
    rows = [row_values(39_000 + index, NAMA=name, NO_REGISTER=f"SV.{index:04d}/2025",
                       TANGGAL_MASUK=(today - timedelta(days=400)).strftime("%d-%m-%Y"),
                       TANGGAL_EKSPIRASI=(today + timedelta(days=3 * 365)).strftime("%d-%m-%Y"))
            for index, name in enumerate(names)]
    token = person.form_token(a, "/fasilitas/rutan-blora/impor/")
    response, data = person.post(a, "/fasilitas/rutan-blora/impor/", {"csrfmiddlewaretoken": token},
                                 {"file": ("wbp-baru.xlsx", workbook_bytes(rows))})
    assert response.status == 302, data.decode()[-2000:]
    preview = response.headers["Location"]
    assert re.fullmatch(r"/fasilitas/rutan-blora/impor/[A-Za-z0-9_-]{32}/", preview)
    response, data = person.get(b, preview)
    page = data.decode()
    assert response.status == 200
    assert re.search(r'data-testid="count-new">3<', page) and all(name in page for name in names)
    token = CSRF_FIELD.search(page).group(1)
    response, _data = person.post(a, preview, {"csrfmiddlewaretoken": token})
    assert response.status == 302 and response.headers["Location"] == "/fasilitas/rutan-blora/wbp/"
    response, data = person.get(b, "/fasilitas/rutan-blora/wbp/?q=SERVER")
    page = data.decode()
    assert "Impor wbp-baru.xlsx selesai: 3 WBP baru, 0 diperbarui, 0 tetap." in page  # set on A, shown on B
    assert all(name in page for name in names)
    assert person.get(a, preview)[0].status == 302  # the upload is gone for both once confirmed

    # Export: queued on A, followed on B, made by the worker, downloaded on A.
    token = person.form_token(a, "/pemilu/pemilu-2024/unduh-dpt/")
    response, _data = person.post(a, "/pemilu/pemilu-2024/unduh-dpt/", {"csrfmiddlewaretoken": token})
    assert response.status == 302
    job = response.headers["Location"]
    assert re.fullmatch(r"/berkas/[0-9a-f-]{36}/", job)
    response, data = person.get(b, job)
    assert response.status == 200 and "Menunggu giliran" in data.decode()
    response, data = person.get(b, f"{job}status/")
    assert json.loads(data)["status"] == "queued"
    response, data = Browser().get(b, "/sehat/")
    assert json.loads(data)["tasks"]["queued"] == 1

    worker = subprocess.run([sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload"],
                            cwd=ROOT, env=servers["env"], capture_output=True, timeout=300)
    assert worker.returncode == 0, worker.stderr.decode()[-3000:]

    response, data = person.get(b, f"{job}status/")
    state = json.loads(data)
    assert (state["status"], state["finished"]) == ("done", True)
    response, data = person.get(a, f"{job}unduh/")
    assert response.status == 200 and response.headers["Content-Type"] == CONTENT_TYPE
    book = workbook(data)
    facilities = {name.split(" ")[0] for name in book.sheetnames}
    written = sum(len(table(sheet).rows) for sheet in book.worksheets)
    assert "rutan-blora" in facilities and len(facilities) > 1 and written == state["done"] > 0
    logged = count(servers, "SELECT count(*) FROM audit_exportlog e JOIN auth_user u ON u.id = e.user_id "
                            "WHERE u.username = 'admin' AND e.scope LIKE 'wilayah %'")
    assert logged == len(facilities)  # one row per facility of the area, written by the worker
    assert written == count(servers, "SELECT sum(rows) FROM audit_exportlog WHERE scope LIKE 'wilayah %'")
    other = Browser()  # the file is the admin's alone, on either server
    token = other.form_token(b, "/masuk/")
    other.post(a, "/masuk/", {"csrfmiddlewaretoken": token, "username": "kpu.jateng", "password": DEMO_PASSWORD})
    assert other.get(a, f"{job}unduh/")[0].status == 404 and other.get(b, job)[0].status == 404
    print(f"journey over two servers in {time.perf_counter() - started:.1f} s")


def test_a_server_without_its_database_answers_503(tmp_path):
    """The health check of a server whose database is down (a closed port)."""
    port, dead = free_port(), free_port()
    env = {key: value for key, value in os.environ.items() if key != "DEBUG"}
    env.update(DATABASE_URL=f"postgres://postgres@127.0.0.1:{dead}/nothing?connect_timeout=2", PLAIN_STATIC_STORAGE="1",
               SECRET_KEY="health-" + uuid.uuid4().hex * 2, ALLOWED_HOSTS="127.0.0.1", SECURE_SSL_REDIRECT="0")
    log = (tmp_path / "gunicorn.log").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "tps_khusus.wsgi:application", "--bind",
                                f"127.0.0.1:{port}", "--workers", "1", "--no-control-socket"],
                               cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + BOOT_SECONDS
        while True:
            try:
                response, data = Browser().get(port, "/sehat/")
                break
            except OSError:
                assert time.monotonic() < deadline, (tmp_path / "gunicorn.log").read_text()[-3000:]
                time.sleep(0.2)
        assert response.status == 503
        assert json.loads(data) == {"status": "error", "database": "unreachable"}
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        log.close()
