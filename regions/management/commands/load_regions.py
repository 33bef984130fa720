"""Load region codes and dapil maps into the database (docs/regions.md).

    python manage.py load_regions [--if-missing]
        the shipped editions: Kemendagri 2022 (kecamatan and up) and 2025 (current), the known
        renumberings (Papua 2022, Papua Barat Daya 2025) and dapil edition 2024 (regions/data)
    python manage.py load_regions --edition CODE --dir DIR [--name NAME] [--decree TEXT]
                                  [--not-current] [--replace]
        a new Kemendagri edition from a folder of provinsi.csv, kabupaten_kota.csv, kecamatan.csv
        and desa_kelurahan.csv (code,name,parent_code), next to the editions held

Everything is checked before anything is saved; exit status 1 with every problem when not.
"""

import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from regions.checks import summarize
from regions.models import Level
from regions.services import reference_data_loaded, region_edition_load, shipped_reference_load


class Command(BaseCommand):
    @property
    def help(self) -> str:  # argparse needs a str, not a lazy string
        return _("Memuat kode wilayah Kemendagri dan peta dapil bawaan, atau satu edisi kode wilayah baru dari folder.")

    def add_arguments(self, parser):
        parser.add_argument("--if-missing", action="store_true",
                            help=_("Lewati bila data bawaan sudah dimuat dari berkas yang sama."))
        parser.add_argument("--edition", help=_("Kode edisi baru, misalnya 2026 (bersama --dir)."))
        parser.add_argument("--dir", help=_("Folder berisi provinsi.csv, kabupaten_kota.csv, kecamatan.csv, "
                                            "desa_kelurahan.csv."))
        parser.add_argument("--name", default="", help=_("Nama edisi, misalnya 'Kepmendagri 2026'."))
        parser.add_argument("--decree", default="", help=_("Dasar hukum, misalnya 'Kepmendagri No ... Tahun 2026'."))
        parser.add_argument("--not-current", action="store_true",
                            help=_("Muat tanpa menjadikannya edisi berlaku (boleh tanpa desa)."))
        parser.add_argument("--replace", action="store_true", help=_("Ganti edisi dengan kode yang sama."))

    def handle(self, *args, **options):
        if bool(options["edition"]) != bool(options["dir"]):
            raise CommandError(_("--edition dan --dir harus diberikan bersama."))
        started = time.perf_counter()
        if options["edition"]:
            self._load_edition(options, started)
            return
        if options["if_missing"] and reference_data_loaded():
            self.stdout.write(_("Data wilayah dan dapil sudah dimuat."))
            return
        counts = shipped_reference_load(only_missing=options["if_missing"])
        summary = ", ".join(f"{label}: {count:,}" for label, count in counts.items())
        self.stdout.write(self.style.SUCCESS(_("Data wilayah dimuat dalam %(seconds).1f detik (%(summary)s).") % {
            "seconds": time.perf_counter() - started, "summary": summary}))

    def _load_edition(self, options, started: float) -> None:
        try:
            result = region_edition_load(
                code=options["edition"], folder=Path(options["dir"]), name=options["name"],
                decree=options["decree"], make_current=not options["not_current"], replace=options["replace"])
        except ValidationError as error:
            for message in summarize(error.messages):
                self.stderr.write(message)
            raise CommandError(_("Edisi %(code)s ditolak: %(count)s kesalahan; tidak ada yang disimpan.") % {
                "code": options["edition"], "count": len(error.messages)}, returncode=1) from None
        summary = ", ".join(f"{Level(level).label}: {count:,}" for level, count in sorted(result.counts.items()))
        self.stdout.write(self.style.SUCCESS(_("Edisi %(code)s dimuat dalam %(seconds).1f detik (%(summary)s).") % {
            "code": result.code, "seconds": time.perf_counter() - started, "summary": summary}))
        if result.is_current:
            self.stdout.write(_("Edisi %(code)s kini edisi berlaku: %(added)s kode baru; %(retired)s kode edisi "
                                "sebelumnya tidak ada lagi (tetap dikenal untuk NIK dan alamat lama). Pindahkan "
                                "lokasi Lapas/Rutan dan alamat WBP dengan move_to_region_edition.") % {
                "code": result.code, "added": result.added, "retired": result.retired})
