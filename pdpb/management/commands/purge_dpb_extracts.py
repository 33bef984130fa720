"""Delete the DPB extracts whose keeping time (PDPB_EXTRACT_KEEP_DAYS) has passed; each deletion is logged.
Run it daily (cron), like jobs' purge."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from pdpb.crosscheck import extracts_purge


class Command(BaseCommand):
    @property
    def help(self) -> str:
        return gettext("Menghapus ekstrak DPB yang masa simpannya habis.")

    def handle(self, *args, **options):
        count = extracts_purge()
        self.stdout.write(_("%(count)s ekstrak DPB dihapus.") % {"count": count})
