"""Write DPT per TPS in KPU's layout to .xlsx, as the Unduh buttons do.

    python manage.py export_dpt --election SLUG [--facility CODE] [--tps NUMBER] [--list-version N]
                                [--masked] [--user USERNAME] --out FILE

Without --facility: every facility the election covers (in --user's area, when given), a sheet
per facility and TPS. Each export of personal data is logged per facility, with --user or the
server account as the one who ran it. A progress bar goes to stderr when it is a terminal.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from accounts.access import area_name, scope, stored_user
from inmates.models import Facility
from registration import exports, selectors
from registration.management.commands import _export
from registration.models import ListVersion, Tps
from tps_khusus import audit
from tps_khusus.progress import ProgressBar


class Command(BaseCommand):
    @property
    def help(self) -> str:  # argparse needs a str, not a lazy string
        return gettext("Menulis DPT per TPS (tata letak KPU) ke .xlsx: satu Lapas/Rutan, satu TPS, atau semua.")

    def add_arguments(self, parser):
        parser.add_argument("--election", required=True, help=gettext("kode pemilu, seperti di alamat halamannya (/pemilu/KODE/)"))
        parser.add_argument("--facility", help=gettext("kode Lapas/Rutan; tanpa ini: semua Lapas/Rutan"))
        parser.add_argument("--tps", type=int, help=gettext("nomor TPS (perlu --facility)"))
        parser.add_argument("--list-version", dest="list_version", type=int,
                            help=gettext("nomor versi terkunci (perlu --facility); tanpa ini: daftar saat ini"))
        parser.add_argument("--masked", action="store_true",
                            help=gettext("salinan untuk diumumkan: NIK/NKK disamarkan, tanggal lahir hanya tahun"))
        parser.add_argument("--user", help=gettext("pengguna yang mengekspor: wilayahnya membatasi isi berkas"))
        parser.add_argument("--out", "--output", dest="out", required=True, help=gettext("berkas .xlsx yang ditulis"))

    def handle(self, *args, election, facility, tps, list_version, masked, user, out, **options):
        chosen = _export.election_or_error(election)
        actor = _export.actor_or_error(user)
        target = _export.check_target(out)
        if (tps is not None or list_version is not None) and not facility:
            raise CommandError(_("--tps dan --list-version hanya berlaku bersama --facility."))
        if facility:
            place = scope(actor, Facility.objects.filter(code=facility)).first()
            if place is None or not chosen.covers(place):
                raise CommandError(_("Lapas/Rutan %(code)s tidak ada dalam pemilihan ini atau di luar wilayah pengguna.")
                                   % {"code": facility})
            facilities = [place]
        else:
            facilities = list(selectors.facilities_in(user=actor, election=chosen))
            if not facilities:
                raise CommandError(_("Tidak ada Lapas/Rutan dalam pemilihan ini di wilayah pengguna."))
        version = None
        if list_version is not None:
            version = ListVersion.objects.filter(election=chosen, facility=facilities[0], number=list_version).first()
            if version is None:
                raise CommandError(_("Versi %(n)s tidak ada.") % {"n": list_version})
        if tps is not None and version is None and not Tps.objects.filter(
                election=chosen, facility=facilities[0], number=tps).exists():
            raise CommandError(_("TPS %(n)03d tidak ada di %(facility)s.") % {"n": tps, "facility": facilities[0]})
        source = selectors.dpt_source(election=chosen, facilities=facilities, version=version, tps_number=tps,
                                      area=not facility)
        bar = progress = None
        if self.stderr.isatty():
            total = source.count()
            bar = ProgressBar(self.stderr, {"write": gettext("Menulis pemilih")})
            progress = lambda done: bar("write", done, total)  # noqa: E731
        try:
            result = exports.dpt_export(source, masked=masked, today=timezone.localdate(), progress=progress,
                                        area_label=area_name(actor))
        finally:
            if bar is not None:
                bar.close()
        path = _export.save(result.stream, target, log=lambda: exports.record(
            result, election=chosen, facilities=facilities, user=stored_user(actor), via=audit.COMMAND,
            operator=_export.operator(actor)))
        self.stdout.write(_("%(count)s pemilih dari %(facilities)s Lapas/Rutan ditulis ke %(path)s") % {
            "count": result.total, "facilities": len(facilities), "path": path})
