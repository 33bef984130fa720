"""/sehat/: the database's and the queue's state for a load balancer, without signing in."""

import json
from datetime import timedelta
from unittest import mock

from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jobs.models import Job


def test_healthy_with_an_empty_queue(db, client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/sehat/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {
        "status": "ok", "database": "ok", "tasks": {"queued": 0, "running": 0, "oldest_queued_seconds": None}}
    assert len(queries) == 2  # SELECT 1 and the queue's counts; no session, no user
    assert "no-store" in response["Cache-Control"]


def test_the_queue_reports_counts_and_the_oldest_wait_only(world, client, time_machine):
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    user = world.users["kpu.jateng"]
    for minutes, status in ((5, Job.Status.QUEUED), (2, Job.Status.QUEUED), (9, Job.Status.RUNNING),
                            (30, Job.Status.DONE)):
        Job.objects.create(user=user, kind="registration.area_dpt", label="DPT wilayah Jawa Tengah", status=status,
                           created_at=now - timedelta(minutes=minutes), expires_at=now + timedelta(hours=1))
    body = client.get("/sehat/").content.decode()
    assert json.loads(body) == {
        "status": "ok", "database": "ok", "tasks": {"queued": 2, "running": 1, "oldest_queued_seconds": 300}}
    assert "kpu" not in body and "Jawa" not in body  # counts only


def test_503_when_the_database_cannot_be_reached(db, client):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("could not connect to server")):
        response = client.get("/sehat/")
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "error", "database": "unreachable"}
    assert "could not connect" not in response.content.decode()


def test_503_when_the_database_answers_but_the_tables_are_missing(db, client):
    with mock.patch("jobs.selectors.queue_state", side_effect=OperationalError("no such table: jobs_job")):
        response = client.get("/sehat/")
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "error", "database": "error"}


def test_the_probe_is_not_redirected_to_https_but_pages_are(db, client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/sehat/").status_code == 200
    response = client.get("/masuk/")
    assert response.status_code == 301 and response["Location"].startswith("https://")


def test_only_get(db, client):
    assert client.post("/sehat/").status_code == 405
