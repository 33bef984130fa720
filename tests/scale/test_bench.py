"""`manage.py bench` (issue 15) runs on the demo and prints one table with every page and job, and leaves
the database as it found it."""

import io
import re

import pytest
from django.core.management import call_command

from inmates.models import Inmate
from registration.models import ListVersion

pytestmark = pytest.mark.django_db(transaction=False)

LINES = [
    "Petugas: beranda", "Petugas: daftar WBP, halaman 1", "Petugas: daftar WBP, disaring", "Petugas: daftar WBP, diurutkan nama",
    "Petugas: cari NIK", "Petugas: cari nama", "Petugas: halaman WBP", "Petugas: perlu tindakan",
    "Petugas: pratinjau impor 1.000 baris", "KPU kab/kota: dasbor", "KPU provinsi: dasbor", "KPU RI/admin: dasbor nasional",
    "KPU kab/kota: daftar pemilih", "KPU kab/kota: halaman TPS", "KPU kab/kota: perubahan sejak versi", "PDPB: rekap",
    "Admin: beranda admin", "Admin: daftar WBP", "Admin: ubah WBP", "Hitung ulang daftar Lapas/Rutan terbesar",
    "Impor 300 WBP baru (semua pemeriksaan, daftar pemilih)",
]


def test_bench_prints_every_line_and_rolls_everything_back():
    call_command("seed_demo", "--demo", verbosity=0)
    stays, versions = Inmate.objects.count(), ListVersion.objects.count()
    out = io.StringIO()
    call_command("bench", "--runs", "1", "--import-rows", "300", stdout=out)
    table = out.getvalue().split("| Halaman / pekerjaan")[1]
    labels = [row.split("|")[1].strip() for row in table.splitlines()[2:] if row.startswith("|")]
    assert [label for label in labels if not label.startswith(("Ekspor DPT", "openpyxl"))] == LINES
    exports = [label for label in labels if label.startswith(("Ekspor DPT", "openpyxl"))]
    assert exports[0] == "Ekspor DPT Lapas Kelas I Semarang" and exports[3].startswith("Ekspor DPT provinsi Jawa Tengah")
    assert exports[1].startswith("openpyxl saja, sel yang sama (") and exports[2].endswith("baris selebar DPT (1 lembar)")
    assert re.search(r"\| \d+ baris/detik", table) or re.search(r"\d+ baris/detik", table)
    assert re.search(r"pemilih; \d+\.\d\dx openpyxl \(sel yang sama\)", table)
    assert (Inmate.objects.count(), ListVersion.objects.count()) == (stays, versions)  # the run was rolled back
