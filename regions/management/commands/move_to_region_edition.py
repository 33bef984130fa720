"""Move facility locations and WBP homes from codes a region edition does not have to new codes.

    python manage.py move_to_region_edition --edition CODE --mapping FILE [--dry-run] [--partial]

FILE is a CSV with a header row whose first two columns are the old and the new code (like
regions/data/wilayah/papua_barat_daya_recode.csv: code_kepmendagri_2022,code_kepmendagri_2025,name).
A row maps its code and everything below it (92.01 -> 96.01 moves desa 92.01.01.2001 to
96.01.01.2001); a longer row wins over a shorter one. Prints what moved, what could not be moved
and why, and other references (TPS, elections, user areas) still at codes the edition lacks.
All or nothing: when a code cannot be moved nothing moves, unless --partial. Exit status 1 when
something could not be moved or the input is wrong.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from regions import reference
from regions.checks import check_mapping, summarize
from regions.services import region_references_move


class Command(BaseCommand):
    @property
    def help(self) -> str:
        return _("Pindahkan lokasi Lapas/Rutan dan alamat WBP ke kode wilayah edisi baru menurut berkas pemetaan.")

    def add_arguments(self, parser):
        parser.add_argument("--edition", required=True, help=_("Kode edisi tujuan, misalnya 2025."))
        parser.add_argument("--mapping", required=True, help=_("Berkas CSV: kode lama, kode baru[, nama]."))
        parser.add_argument("--dry-run", action="store_true", help=_("Hanya laporkan; tidak ada yang diubah."))
        parser.add_argument("--partial", action="store_true",
                            help=_("Pindahkan yang dapat dipindah walau ada kode yang tidak dapat dipindah."))

    def handle(self, *args, edition: str, mapping: str, dry_run: bool = False, partial: bool = False, **options):
        try:
            report = region_references_move(edition=edition, mapping=check_mapping(Path(mapping)), dry_run=dry_run,
                                            partial=partial)
        except ValidationError as error:
            for message in summarize(error.messages):
                self.stderr.write(message)
            raise CommandError(_("Tidak ada yang dipindahkan: %(count)s kesalahan.") % {
                "count": len(error.messages)}, returncode=1) from None
        verb = _("dipindah") if report.saved else _("akan dipindah")
        for move in report.moved:
            self.stdout.write(_("%(old)s %(old_name)s -> %(new)s %(new_name)s: %(facilities)s Lapas/Rutan, "
                                "%(homes)s alamat WBP %(verb)s.") % {
                "old": move.old, "old_name": reference.name_of(move.old), "new": move.new,
                "new_name": reference.name_of(move.new), "facilities": move.facilities, "homes": move.homes,
                "verb": verb})
        for move in report.unmoved:
            self.stdout.write(_("TIDAK DIPINDAH %(old)s %(old_name)s (%(facilities)s Lapas/Rutan, %(homes)s alamat "
                                "WBP): %(reason)s.") % {
                "old": move.old, "old_name": reference.name_of(move.old), "facilities": move.facilities,
                "homes": move.homes, "reason": move.reason})
        for label, total in report.others:
            self.stdout.write(_("Masih menunjuk kode di luar edisi %(edition)s (tidak diubah perintah ini): "
                                "%(label)s %(total)s baris.") % {"edition": edition, "label": label, "total": total})
        self.stdout.write(_("Ringkasan: %(facilities)s Lapas/Rutan dan %(homes)s alamat WBP %(verb)s; "
                            "%(unmoved)s kode tidak dapat dipindah.") % {
            "facilities": report.facilities, "homes": report.homes, "verb": verb, "unmoved": len(report.unmoved)})
        if report.unmoved:
            if not dry_run and not report.saved:
                self.stdout.write(_("Tidak ada yang dipindahkan (semua atau tidak sama sekali; --partial untuk "
                                    "memindahkan sisanya)."))
            raise CommandError(_("%(count)s kode tidak dapat dipindah; lengkapi berkas pemetaan.") % {
                "count": len(report.unmoved)}, returncode=1)
