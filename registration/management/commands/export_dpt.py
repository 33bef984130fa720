import shutil
from pathlib import Path

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from accounts.audit import log_export
from inmates.models import Facility
from registration import exports, selectors
from registration.models import Election, ListVersion


class Command(BaseCommand):
    @property
    def help(self) -> str:  # argparse needs a str, not a lazy string
        return gettext("Menulis daftar pemilih satu Lapas/Rutan (versi terkunci atau daftar saat ini) ke .xlsx "
                        "dengan tata letak KPU.")

    def add_arguments(self, parser):
        parser.add_argument("--election", required=True, help=gettext("kode pemilu, misalnya pemilu-2024"))
        parser.add_argument("--facility", required=True, help=gettext("kode Lapas/Rutan"))
        parser.add_argument("--list-version", dest="list_version", type=int,
                            help=gettext("nomor versi terkunci; tanpa ini: daftar saat ini"))
        parser.add_argument("--output", required=True, help=gettext("berkas .xlsx yang ditulis"))
        parser.add_argument("--user", required=True, help=gettext("nama pengguna yang mengekspor (untuk catatan ekspor)"))

    def handle(self, *args, election, facility, list_version, output, user, **options):
        chosen = Election.objects.filter(slug=election).first()
        place = Facility.objects.filter(code=facility).first()
        if chosen is None or place is None or not chosen.covers(place):
            raise CommandError(_("Pemilu atau Lapas/Rutan tidak ditemukan."))
        who = User.objects.filter(username=user).first()
        if who is None:
            raise CommandError(_("Pengguna %(user)s tidak ditemukan.") % {"user": user})
        version = None
        if list_version is not None:
            version = ListVersion.objects.filter(election=chosen, facility=place, number=list_version).first()
            if version is None:
                raise CommandError(_("Versi %(n)s tidak ditemukan.") % {"n": list_version})
        export = selectors.list_export(chosen, place, version, timezone.localdate())
        with Path(output).open("wb") as target:
            shutil.copyfileobj(exports.dpt_workbook(election=chosen, facility=place, export=export), target)
        log_export(user=who, facility=place, what=f"{chosen.slug} {Path(output).name}", rows=len(export.entries))
        self.stdout.write(_("%(count)s pemilih ditulis ke %(path)s") % {"count": len(export.entries), "path": output})
