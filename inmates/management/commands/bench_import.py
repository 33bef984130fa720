"""Benchmark of the Excel import: N generated rows into a fresh facility, then the same file again.

    python manage.py bench_import --rows 10000      (make bench)

Works on an empty migrated database: it loads the region reference data when missing, creates
its own facility, and rolls everything back when done (the last COMMIT is therefore not timed).
Listeners of registry_changed (voter registration) run as in production unless
--without-listeners is given.
The target (issue #4) is 2,000 rows/s or more on SQLite on a 2-core machine, for both runs.
Reference sets (region codes and names) are read once per process, as on a running server;
they are loaded before the clock starts.
"""

import secrets
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from accounts.access import SYSTEM
from inmates.importing import TEMPLATE_COLUMNS, inmates_import
from inmates.models import Facility
from inmates.signals import registry_changed
from regions import reference
from regions.services import ensure_reference_data

HOMES = ["33.16.09.1013", "33.16.08.2005", "33.18.10.1007", "33.74.14.1010", "35.15.18.2016", "33.16.09"]


def sample_rows(count: int, start: int = 0):
    """Valid rows: unique register numbers and NIK, a few home regions, some without NIK or release date."""
    for index in range(start, start + count):
        birth = date(1955, 1, 1) + timedelta(days=(index * 7) % 18_000)
        sex = "P" if index % 9 == 0 else "L"
        home = HOMES[index % len(HOMES)]
        day = birth.day + (40 if sex == "P" else 0)
        nik = "" if index % 25 == 0 else f"{home[:8].replace('.', '')}{day:02d}{birth:%m%y}{1 + index // 2_600:04d}"
        yield {
            "NO_REGISTER": f"B.{index:06d}/2024",
            "NIK": nik,
            "NKK": f"{home[:8].replace('.', '')}0101230001",
            "NAMA": f"WBP UJI {index}",
            "NAMA_IBU": "SUMIATI",
            "TEMPAT_LAHIR": "BLORA",
            "TANGGAL_LAHIR": birth,
            "JENIS_KELAMIN": sex,
            "STATUS_PERKAWINAN": "S" if index % 3 else "B",
            "KEWARGANEGARAAN": "WNI",
            "ALAMAT": f"Jl. Pemuda No. {index % 200}",
            "RT": f"{index % 20 + 1:03d}",
            "RW": f"{index % 9 + 1:03d}",
            "KODE_WILAYAH": home,
            "DISABILITAS": str(index % 7) if index % 50 == 0 else "0",
            "KTP_EL": "S",
            "STATUS_TAHANAN": "NARAPIDANA" if index % 4 else "TAHANAN",
            "TANGGAL_MASUK": (date(2023, 1, 1) + timedelta(days=index % 500)).strftime("%d-%m-%Y"),
            "TANGGAL_EKSPIRASI": "" if index % 40 == 0 else (date(2025, 1, 1) + timedelta(days=index % 900)).strftime("%d-%m-%Y"),
            "TNI_POLRI": "N",
            "TANGGAL_TNI_POLRI": "",
            "HAK_PILIH_DICABUT": "N",
            "DICABUT_SEJAK": "",
            "DICABUT_SAMPAI": "",
        }


def write_sample(path: Path, count: int, start: int = 0) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("DATA_WBP")
    headers = [column.name for column in TEMPLATE_COLUMNS]
    sheet.append(headers)
    for row in sample_rows(count, start):
        sheet.append([row.get(name, "") for name in headers])
    workbook.save(path)


class Command(BaseCommand):
    @property
    def help(self) -> str:  # argparse needs a str, not a lazy string
        return gettext("Ukur kecepatan impor Excel: N baris baru ke Lapas/Rutan kosong, lalu file yang sama sekali lagi.")

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=10_000)
        parser.add_argument("--without-listeners", action="store_true",
                            help="Lepas penerima registry_changed (pembaruan daftar pemilih) selama pengukuran.")

    def handle(self, *args, rows: int, without_listeners: bool, **options):
        if ensure_reference_data():
            self.stdout.write(_("Data wilayah dimuat."))
        for warm in (reference.names, reference.kecamatan_codes, reference.kabkota_codes, reference.province_codes):
            warm()
        with tempfile.TemporaryDirectory(prefix="tps-bench-") as folder:
            path = Path(folder) / f"bench-{rows}.xlsx"
            started = time.perf_counter()
            write_sample(path, rows)
            self.stdout.write(f"File {rows} baris dibuat dalam {time.perf_counter() - started:.1f} s "
                              f"({path.stat().st_size / 1024 / 1024:.1f} MB).")
            data = path.read_bytes()
        listeners = registry_changed.receivers[:]
        if without_listeners:
            registry_changed.receivers = []
            registry_changed.sender_receivers_cache.clear()
        self.stdout.write(f"Penerima registry_changed yang ikut diukur: {len(registry_changed.receivers)}.")
        try:
            # Everything happens in one transaction that is rolled back at the end, so the database is left
            # exactly as found whatever other apps attach to the new WBP (voter registrations, ...).
            with transaction.atomic():
                facility = Facility.objects.create(
                    kind=Facility.Kind.RUTAN, name=f"Rutan Uji Kecepatan {secrets.token_hex(4)}",
                    code=f"bench-{secrets.token_hex(4)}", location_id="33.16.09.1013",
                )
                for label in ("impor pertama (semua baru)", "impor kedua (file sama, semua tetap)"):
                    self._run(label, facility, data, rows)
                transaction.set_rollback(True)
        finally:
            registry_changed.receivers = listeners
            registry_changed.sender_receivers_cache.clear()

    def _run(self, label: str, facility: Facility, data: bytes, rows: int) -> None:
        started = time.perf_counter()
        outcome = inmates_import(facility=facility, data=data, file_name="bench.xlsx", user=SYSTEM, source="bench")
        elapsed = time.perf_counter() - started
        if not outcome.ok:
            for issue in outcome.plan.errors[:10]:
                self.stderr.write(f"{issue.row} {issue.column}: {issue.message}")
            raise CommandError("Data uji ditolak.")
        counts = outcome.plan.counts()
        self.stdout.write(
            f"{label}: {rows} baris dalam {elapsed:.2f} s = {rows / elapsed:.0f} baris/detik "
            f"({counts['created']} baru, {counts['updated']} berubah, {counts['unchanged']} tetap)"
        )
