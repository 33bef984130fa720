"""Import an Excel file of WBP into one facility: the same checks and commit as the browser import.

    python manage.py import_inmates FILE --facility CODE [--dry-run] [--json] [--user USERNAME]

Exit status 0 when the file was written (or, with --dry-run, would be); 1 when it was rejected.
--json prints one JSON object on stdout: {"created", "updated", "unchanged", "errors", "warnings"},
each problem as {"row", "column", "message"}. A progress bar goes to stderr when it is a terminal.
Without --user the command acts as the server itself (accounts.access.SYSTEM): it names the other
facility when a NIK is active there, and the import is recorded without a user. With --user it
tells what that user may be told, and records that user.
"""

import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from accounts.access import SYSTEM
from inmates.importing import FILE_TOO_BIG, ImportOutcome, ImportPlan, Issue, inmates_import, megabytes
from inmates.models import Facility
from tps_khusus.progress import ProgressBar

STAGES = {"read": gettext_lazy("Membaca file"), "check": gettext_lazy("Memeriksa baris"), "write": gettext_lazy("Menyimpan")}


class Command(BaseCommand):
    @property
    def help(self) -> str:  # argparse needs a str, not a lazy string
        return gettext("Impor data WBP dari file Excel (.xlsx) ke satu Lapas/Rutan.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="File .xlsx (lihat templat di halaman Impor Excel).")
        parser.add_argument("--facility", required=True, help="Kode Lapas/Rutan, misalnya rutan-blora.")
        parser.add_argument("--dry-run", action="store_true", help="Hanya periksa; tidak ada yang disimpan.")
        parser.add_argument("--json", action="store_true", help="Cetak hasil sebagai satu objek JSON.")
        parser.add_argument("--user", help="Nama pengguna yang dicatat sebagai pengimpor.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        facility = Facility.objects.filter(code=options["facility"]).first()
        user = SYSTEM
        problem = None
        if facility is None:
            problem = _("Lapas/Rutan dengan kode %(code)s tidak ada.") % {"code": options["facility"]}
        elif options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                problem = _("Pengguna %(name)s tidak ada.") % {"name": options["user"]}
        if problem is None:
            if not path.is_file():
                problem = _("File %(path)s tidak ditemukan.") % {"path": path}
            elif path.stat().st_size > settings.TPS_IMPORT_MAX_BYTES:
                problem = str(FILE_TOO_BIG % {"size": megabytes(path.stat().st_size),
                                              "limit": megabytes(settings.TPS_IMPORT_MAX_BYTES)})
        if problem is not None:
            plan = ImportPlan(file_name=path.name, sha256="", errors=[Issue(None, None, problem)])
            outcome = ImportOutcome(plan=plan)
        else:
            bar = ProgressBar(self.stderr, STAGES) if self.stderr.isatty() else None
            try:
                outcome = inmates_import(
                    facility=facility, data=path.read_bytes(), file_name=path.name, user=user, source="perintah",
                    dry_run=options["dry_run"], progress=bar,
                )
            finally:
                if bar is not None:
                    bar.close()
        self._report(outcome, options)
        if not outcome.ok:
            raise CommandError(_("Impor ditolak: %(count)s kesalahan; tidak ada yang disimpan.") % {
                "count": len(outcome.plan.errors)}, returncode=1)

    def _report(self, outcome, options) -> None:
        summary = outcome.summary()
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
            return
        for kind, issues in ((_("KESALAHAN"), summary["errors"]), (_("PERINGATAN"), summary["warnings"])):
            for issue in issues:
                where = []
                if issue["row"] is not None:
                    where.append(_("baris %(row)s") % {"row": issue["row"]})
                if issue["column"]:
                    where.append(issue["column"])
                prefix = f"{kind} {', '.join(where)}: " if where else f"{kind}: "
                self.stdout.write(prefix + issue["message"])
        if outcome.ok:
            template = (_("Uji coba: %(created)s baru, %(updated)s berubah, %(unchanged)s tetap; tidak ada yang disimpan.")
                        if options["dry_run"] else
                        _("Impor selesai: %(created)s baru, %(updated)s berubah, %(unchanged)s tetap."))
            self.stdout.write(template % summary)

