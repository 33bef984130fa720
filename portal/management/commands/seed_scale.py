"""A national registry on top of the demo, for measuring (portal/scale.py; docs/performance.md "Scale").

    python manage.py seed_demo
    python manage.py seed_scale --facilities 530 --inmates 270000 [--seed 15]

The demo's users, facilities and elections stay as they are; the new facilities' lists are computed for
every open election (Pemilu Nasional 2029 (simulasi) of the demo). Same seed, same rows.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from accounts.demo import DEMO_NEEDS_FLAG
from inmates.models import Facility, Inmate
from portal import scale
from regions import reference
from registration.models import Election
from registration.services import registration_refresh
from tps_khusus.progress import ProgressBar


class Command(BaseCommand):
    @property
    def help(self) -> str:  # argparse needs a str, not a lazy string
        return gettext("Menambah Lapas/Rutan dan WBP buatan dalam jumlah besar di atas data demo, untuk mengukur "
                       "kecepatan (data sama untuk benih yang sama).")

    def add_arguments(self, parser):
        parser.add_argument("--facilities", type=int, required=True, help=gettext("jumlah Lapas/Rutan baru"))
        parser.add_argument("--inmates", type=int, required=True, help=gettext("jumlah catatan WBP baru"))
        parser.add_argument("--seed", type=int, default=15, help=gettext("benih acak (bawaan 15)"))
        parser.add_argument("--demo", action="store_true",
                            help=gettext("Ini server demo: jalankan juga jika DEBUG mati."))

    def handle(self, *args, facilities: int, inmates: int, seed: int, **options):
        if not settings.DEBUG and not options["demo"]:
            raise CommandError(str(DEMO_NEEDS_FLAG))
        if facilities < 1 or inmates < facilities:
            raise CommandError(_("Perlu sedikitnya satu Lapas/Rutan dan sebanyak itu WBP."))
        if reference.current_edition() is None:
            raise CommandError(str(scale.NO_REGIONS))
        started = time.perf_counter()
        bar = ProgressBar(self.stdout, {
            "plan": _("Menyusun"), "inmates": _("WBP"), "events": _("Peristiwa"), "history": _("Riwayat"),
            "refresh": _("Daftar pemilih")})
        taken = set(Inmate.objects.exclude(nik=None).values_list("nik", flat=True))
        bar("plan", 0, 1)
        plan = scale.plan(facilities=facilities, inmates=inmates, seed=seed, first_ids=scale.next_ids(),
                          taken_niks=taken, stamp=timezone.now())
        first = plan.facilities[0].code
        if Facility.objects.filter(code=first).exists():
            bar.close()
            raise CommandError(str(scale.ALREADY_SEEDED % {"code": first}))
        bar("plan", 1, 1)
        planned = time.perf_counter()
        scale.write(plan, progress=bar)
        scale.analyze()
        written = time.perf_counter()
        new = list(Facility.objects.filter(pk__gte=plan.facilities[0].pk).order_by("pk"))
        elections = list(Election.objects.exclude(status=Election.Status.CLOSED).order_by("pk"))
        steps = [(election, facility) for election in elections for facility in new if election.covers(facility)]
        for done, (election, facility) in enumerate(steps, start=1):
            registration_refresh(election=election, facility=facility)
            bar("refresh", done, len(steps))
        scale.analyze()
        bar.close()
        finished = time.perf_counter()
        self.stdout.write(self.style.SUCCESS(_(
            "%(facilities)s Lapas/Rutan, %(inmates)s WBP dan %(events)s peristiwa dibuat dalam %(total).1f detik "
            "(menyusun %(plan).1f, menulis %(write).1f, daftar pemilih %(refresh).1f).") % {
                "facilities": len(plan.facilities), "inmates": len(plan.inmates), "events": len(plan.events),
                "total": finished - started, "plan": planned - started, "write": written - planned,
                "refresh": finished - written}))
