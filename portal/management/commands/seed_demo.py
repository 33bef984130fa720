import time

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from accounts.demo import DEMO_NEEDS_FLAG, DEMO_PASSWORD, seed_users
from inmates.demo import ensure_facilities, seed_registry
from pdpb.demo import seed_pdpb
from portal.scale import analyze
from regions.services import ensure_reference_data
from registration.demo import seed_elections


class Command(BaseCommand):
    @property
    def help(self) -> str:  # argparse needs a str, not a lazy string
        return gettext("Membuat data demo: Lapas/Rutan, WBP, pemilu dan pengguna (aman dijalankan ulang).")

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true",
                            help=gettext("Ini server demo: jalankan juga jika DEBUG mati."))

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["demo"]:
            raise CommandError(str(DEMO_NEEDS_FLAG))
        started = time.perf_counter()
        if ensure_reference_data():
            self.stdout.write(_("Data wilayah dan dapil dimuat."))
        facilities = ensure_facilities()
        created = seed_registry(facilities)
        for code, count in created.items():
            self.stdout.write(_("%(facility)s: %(count)s catatan WBP dibuat.") % {"facility": facilities[code].name, "count": count})
        users = seed_users(facilities)
        for election in seed_elections(user=User.objects.get(username="admin")):
            if election.is_archived:
                self.stdout.write(_("%(election)s: arsip (selesai); daftar dan versi terkuncinya tetap dapat dibuka "
                                    "dan diunduh.") % {"election": election.name})
            else:
                self.stdout.write(_("%(election)s, hari pemungutan %(day)s: daftar pemilih dihitung untuk semua "
                                    "Lapas/Rutan di wilayahnya.") % {
                    "election": election.name, "day": election.voting_day_label})
        if seed_pdpb(facilities):
            self.stdout.write(_("PDPB: Triwulan III 2026 Rutan Blora dikunci KPU Blora; Rutan Pati mengajukan "
                                "triwulan berjalan."))
        analyze()  # planner statistics for what was just written (a server without autovacuum has none)
        self.stdout.write(self.style.SUCCESS(_("Data demo siap dalam %(seconds).1f detik.") % {
            "seconds": time.perf_counter() - started}))
        self.stdout.write(_("Akun demo (akun baru memakai kata sandi %(password)s; akun yang sudah ada tetap dengan "
                            "kata sandinya):") % {"password": DEMO_PASSWORD})
        for username, created in users.items():
            self.stdout.write(f"  {username}" + ("" if created else " " + _("(sudah ada, kata sandi tidak diubah)")))
