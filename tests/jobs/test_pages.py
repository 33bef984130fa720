"""The job pages under the site's strict Content-Security-Policy, like every other page
(tests/foundation/test_pages_security.py cannot reach them: they need a job first)."""

from unittest import mock

from jobs.models import Job
from registration import exports
from tests.foundation.test_pages_security import header_problems, inline_problems
from tests.jobs.conftest import DPT, RECAP


def test_offer_job_list_and_download_pages_carry_the_policy_and_nothing_inline(area, world, queue_only, settings):
    client = world.client("kpu.jateng")
    pages = [DPT, RECAP, "/berkas/"]
    queued = Job.objects.get(pk=client.post(DPT)["Location"].split("/")[2])
    pages += [f"/berkas/{queued.pk}/", f"/berkas/{queued.pk}/status/"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    done = Job.objects.get(pk=client.post(RECAP)["Location"].split("/")[2])
    with mock.patch.object(exports, "dpt_export", side_effect=RuntimeError):
        failed = Job.objects.get(pk=client.post(DPT + "?samaran=1")["Location"].split("/")[2])
    assert (queued.status, done.status, failed.status) == ("queued", "done", "failed")
    pages += [f"/berkas/{done.pk}/", f"/berkas/{done.pk}/unduh/", f"/berkas/{failed.pk}/"]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert header_problems(response) == [], page
        if response["Content-Type"].startswith("text/html"):
            assert inline_problems(response.content.decode())[0] == [], page
