"""Write the recaps of an election to .xlsx: per facility, kab/kota, province and TPS.

    python manage.py export_rekap --election SLUG [--area CODE] [--user USERNAME] --out FILE

--area is a region code (33 for a province, 33.16 for a kab/kota); without it, every facility
the election covers (in --user's area, when given).
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from accounts.access import area_name
from regions.models import Region
from registration import exports, selectors
from registration.management.commands import _export


class Command(BaseCommand):
    @property
    def help(self) -> str:  # argparse needs a str, not a lazy string
        return gettext("Menulis rekapitulasi pemilih (per Lapas/Rutan, kab/kota, provinsi, TPS) ke .xlsx.")

    def add_arguments(self, parser):
        parser.add_argument("--election", required=True, help=gettext("kode pemilu, seperti di alamat halamannya (/pemilu/KODE/)"))
        parser.add_argument("--area", help=gettext("kode wilayah: provinsi (33) atau kabupaten/kota (33.16)"))
        parser.add_argument("--user", help=gettext("pengguna yang mengekspor: wilayahnya membatasi isi berkas"))
        parser.add_argument("--out", "--output", dest="out", required=True, help=gettext("berkas .xlsx yang ditulis"))

    def handle(self, *args, election, area, user, out, **options):
        chosen = _export.election_or_error(election)
        actor = _export.actor_or_error(user)
        target = _export.check_target(out)
        label = area_name(actor)
        if area:
            region = Region.objects.filter(code=area).first()
            if region is None:
                raise CommandError(_("Wilayah dengan kode %(code)s tidak ada.") % {"code": area})
            label = region.name
        board = selectors.dashboard(user=actor, election=chosen, area=area or None)
        path = _export.save(exports.recap_workbook(board, area=label, today=timezone.localdate()), target)
        self.stdout.write(_("Rekap %(count)s Lapas/Rutan (%(voters)s pemilih) ditulis ke %(path)s") % {
            "count": len(board.facilities), "voters": board.total("ms"), "path": path})
