"""Pages of background jobs: what an app offers (offer), a job's progress and download, the user's
files. A job is seen by the user who asked for it alone; anyone else gets a 404."""

from django.conf import settings
from django.contrib import messages
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from jobs import selectors, services
from jobs.models import Job

EARLIER_SHOWN = 10
QUEUED_NEW = _("Berkas sedang disiapkan di latar belakang. Halaman ini menunjukkan kemajuannya; Anda boleh "
               "membuka halaman lain, berkas ini tetap ada di daftar Berkas saya.")
QUEUED_ALREADY = _("Berkas yang sama sedang disiapkan; ini pekerjaannya.")
FILE_GONE = _("Berkas ini tidak tersedia lagi. Minta berkas baru.")


def offer(request: HttpRequest, *, kind: str, params: dict, label: str, details: list[str], back_url: str,
          back_label: str) -> HttpResponse:
    """For an app's view: a GET shows what will be made (label, details) and the user's earlier files
    of this kind; a POST (the same address) queues the job and goes to its page."""
    if request.method == "POST":
        try:
            job, new = services.job_start(user=request.user, kind=kind, params=params, label=label)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(request.get_full_path())
        messages.info(request, QUEUED_NEW if new else QUEUED_ALREADY)
        return redirect("jobs:detail", job.pk)
    return render(request, "jobs/offer.html", {
        "label": label, "details": details, "back_url": back_url, "back_label": back_label,
        "earlier": selectors.jobs_of(user=request.user, kind=kind)[:EARLIER_SHOWN],
        "keep_hours": settings.TPS_EXPORT_KEEP_HOURS,
    })


def job_list(request: HttpRequest) -> HttpResponse:
    return render(request, "jobs/list.html", {"jobs": selectors.jobs_of(user=request.user),
                                              "keep_hours": settings.TPS_EXPORT_KEEP_HOURS})


def progress_text(job: Job) -> str:
    if job.total_rows:
        return _("%(done)s dari %(total)s baris ditulis") % {"done": intcomma(job.done_rows),
                                                              "total": intcomma(job.total_rows)}
    return _("%(done)s baris ditulis") % {"done": intcomma(job.done_rows)} if job.done_rows else ""


def job_page(request: HttpRequest, pk) -> HttpResponse:
    job = selectors.job_for(user=request.user, pk=pk)
    waiting = selectors.waiting_before(job=job) if job.status == Job.Status.QUEUED else 0
    return render(request, "jobs/job.html", {"job": job, "waiting": waiting, "progress": progress_text(job)})


def job_status(request: HttpRequest, pk) -> JsonResponse:
    """What the page's script polls: the job's state and counts, and the words to show for them."""
    job = selectors.job_for(user=request.user, pk=pk)
    return JsonResponse({"status": job.status, "status_label": capfirst(job.get_status_display()),
                         "done": job.done_rows, "total": job.total_rows, "progress": progress_text(job),
                         "finished": not job.is_active})


def job_download(request: HttpRequest, pk) -> FileResponse:
    job = selectors.job_for(user=request.user, pk=pk)
    if not job.is_ready:
        raise Http404(FILE_GONE)
    try:
        stream = job.open_file()
    except (FileNotFoundError, OSError):
        raise Http404(FILE_GONE) from None
    return FileResponse(stream, as_attachment=True, filename=job.filename)
