"""Write a quarter's PDPB recap (REKAP per facility, KABKOTA, PROVINSI, MUTASI) to .xlsx, logged.

    python manage.py export_pdpb --year YYYY --quarter N [--area CODE] [--user USERNAME] --out FILE

--area is a region code (33 for a province, 33.16 for a kab/kota); without it, every facility (in
--user's area, when given).
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from accounts.access import area_name, stored_user
from pdpb import exports, selectors
from pdpb.quarters import Quarter
from regions.models import Region
from registration.management.commands import _export
from tps_khusus import audit


class Command(BaseCommand):
    @property
    def help(self) -> str:  # argparse needs a str, not a lazy string
        return gettext("Menulis rekapitulasi PDPB satu triwulan (per Lapas/Rutan, kab/kota, provinsi, dan mutasinya) "
                       "ke .xlsx.")

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, type=int, help=gettext("tahun, misalnya 2026"))
        parser.add_argument("--quarter", required=True, type=int, help=gettext("triwulan: 1, 2, 3 atau 4"))
        parser.add_argument("--area", help=gettext("kode wilayah: provinsi (33) atau kabupaten/kota (33.16)"))
        parser.add_argument("--user", help=gettext("pengguna yang mengekspor: wilayahnya membatasi isi berkas"))
        parser.add_argument("--out", "--output", dest="out", required=True, help=gettext("berkas .xlsx yang ditulis"))

    def handle(self, *args, year, quarter, area, user, out, **options):
        try:
            period = Quarter(year, quarter)
        except ValueError:
            raise CommandError(_("Triwulan harus 1 sampai 4 dan tahun 1900 sampai 9998.")) from None
        today = timezone.localdate()
        if not period.started_by(today):
            raise CommandError(_("%(period)s belum dimulai.") % {"period": period.label})
        actor = _export.actor_or_error(user)
        target = _export.check_target(out)
        label = area_name(actor)
        if area:
            region = Region.objects.filter(code=area).first()
            if region is None:
                raise CommandError(_("Wilayah dengan kode %(code)s tidak ada.") % {"code": area})
            label = region.name
        facilities = selectors.facilities_for(user=actor, code=area or None)
        if not facilities:
            raise CommandError(_("Tidak ada Lapas/Rutan di wilayah ini."))
        lines = selectors.compute(facilities=facilities, quarter=period, today=today)
        stream = exports.recap_workbook(lines, quarter=period, area=label, today=today)
        path = _export.save(stream, target, log=lambda: exports.record(
            lines, filename=target.name, user=stored_user(actor), via=audit.COMMAND,
            operator=_export.operator(actor)))
        self.stdout.write(_("Rekap PDPB %(period)s: %(count)s Lapas/Rutan, %(start)s pemilih awal, %(end)s pemilih "
                            "akhir, ditulis ke %(path)s") % {
            "period": period.label, "count": len(lines), "start": sum(line.start_count for line in lines),
            "end": sum(line.end_count for line in lines), "path": path})
