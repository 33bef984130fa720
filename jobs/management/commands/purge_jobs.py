"""Delete background jobs whose files are past TPS_EXPORT_KEEP_HOURS (file and row), and mark as
failed those not finished that long after they were asked for. The worker does the same after
every job; run this from cron too, so files go on time on a quiet day.

    python manage.py purge_jobs
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from jobs.services import jobs_purge


class Command(BaseCommand):
    @property
    def help(self) -> str:  # argparse needs a str, not a lazy string
        return gettext("Menghapus berkas pekerjaan latar belakang yang sudah lewat masa simpannya.")

    def handle(self, *args, **options):
        deleted, stalled = jobs_purge()
        self.stdout.write(_("%(deleted)s berkas kedaluwarsa dihapus; %(stalled)s pekerjaan macet ditandai gagal.") % {
            "deleted": deleted, "stalled": stalled})
