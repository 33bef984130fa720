"""What a normal day costs on the current database: one table (docs/performance.md "Scale", issue 15).

    python manage.py bench [--runs 5] [--election pemilu-2029]     (make bench)

Every page a role opens, requested with django.test.Client in this process (server time: the request
through middleware, view and template, without network or browser), as a staff member of the largest
facility, KPU of its kab/kota and province, and the admin (national); then the refresh of that facility's
lists, the DPT export of the facility and of its province, and an import of new rows. Each line: the
median of --runs runs, the fastest, and the queries of one run. Everything runs in one transaction that is
rolled back, so the database is as before (the personas and the writes are gone again).
Run it on a database seeded with seed_demo (and seed_scale for the large case).
"""

import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext
from openpyxl import Workbook

from accounts.access import SYSTEM
from accounts.models import Membership, Role
from inmates.importing import inmates_import
from inmates.management.commands.bench_import import write_sample
from inmates.models import CustodyState, Facility, Inmate
from regions import reference
from registration import exports, selectors, services
from registration.management.commands.bench_export import same_cells, synthetic_rows, write_same_cells
from registration.models import Election, ListVersion
from registration.tasks import area_facilities

PREVIEW_ROWS, IMPORT_ROWS = 1_000, 10_000


class Rollback(Exception):
    pass


@dataclass
class Line:
    label: str
    times: list[float]
    queries: int
    note: str = ""

    @property
    def median_ms(self) -> float:
        return statistics.median(self.times) * 1000

    @property
    def best_ms(self) -> float:
        return min(self.times) * 1000


class Command(BaseCommand):
    @property
    def help(self) -> str:  # argparse needs a str, not a lazy string
        return gettext("Mengukur halaman dan pekerjaan sehari-hari pada basis data ini (median beberapa putaran, "
                       "jumlah query); semua perubahan dikembalikan.")

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=5)
        parser.add_argument("--election", default="pemilu-2029", help=gettext("kode pemilu yang diukur"))
        parser.add_argument("--import-rows", type=int, default=IMPORT_ROWS,
                            help=gettext("baris WBP baru pada pengukuran impor"))

    def handle(self, *args, runs: int, election: str, import_rows: int, **options):
        if runs < 1 or import_rows < 1:
            raise CommandError("--runs dan --import-rows harus lebih dari 0.")
        self.import_rows = import_rows
        chosen = Election.objects.filter(slug=election).first()
        if chosen is None:
            raise CommandError(gettext("Pemilu %(slug)s tidak ada; jalankan dulu seed_demo.") % {"slug": election})
        for warm in (reference.names, reference.kecamatan_codes, reference.kabkota_codes, reference.province_codes):
            warm()
        self.runs, self.lines = runs, []
        # Pages name their static files; without collectstatic's manifest (a bench is no deployment) plain names do.
        plain = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
        try:
            with override_settings(STORAGES=plain), transaction.atomic():
                self._measure(chosen)
                raise Rollback
        except Rollback:
            pass
        self._print()

    # Measuring -----------------------------------------------------------------------------------

    def _time(self, label: str, call, *, note: str = "", check=None) -> None:
        call()  # warm: templates, translations, the first query plans
        times, queries = [], 0
        for run in range(self.runs):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                result = call()
                times.append(time.perf_counter() - started)
            if check is not None:
                check(result)
            queries = len(captured) if run == 0 else queries
        self.lines.append(Line(label, times, queries, note))
        self.stdout.write(f"  {label}: {statistics.median(times) * 1000:.0f} ms", ending="\n")

    def _page(self, client: Client, label: str, url: str, *, note: str = "") -> None:
        def get():
            response = client.get(url, secure=True)
            if response.status_code != 200:
                raise CommandError(f"{label}: {url} -> {response.status_code}")
            if response.streaming:
                b"".join(response.streaming_content)
            else:
                response.content  # noqa: B018 - rendered already; read as a browser would
            return response
        self._time(label, get, note=note)

    def _user(self, username: str, role: str, *, facility=None, region=None) -> Client:
        user = User.objects.create(username=f"bench.{username}", is_staff=role == Role.ADMIN,
                                   is_superuser=role == Role.ADMIN)
        Membership.objects.create(user=user, role=role, facility=facility, region_id=region)
        client = Client()
        client.force_login(user)
        client.user = user
        return client

    def _measure(self, election: Election) -> None:
        largest = (Facility.objects.filter(inmates__custody_state=CustodyState.HELD)
                   .annotate(n=Count("inmates")).order_by("-n", "pk").first())
        if largest is None:
            raise CommandError(gettext("Belum ada WBP; jalankan dulu seed_demo."))
        held = Inmate.objects.filter(facility=largest, custody_state=CustodyState.HELD)
        self.held_total = Inmate.objects.filter(custody_state=CustodyState.HELD).count()
        self.stays_total = Inmate.objects.count()
        self.largest, self.largest_held = largest, held.count()
        self.facilities = Facility.objects.count()
        self.stdout.write(f"{connection.vendor}: {self.facilities} Lapas/Rutan, {self.held_total} WBP ditahan "
                          f"({self.stays_total} catatan); terbesar {largest.name} ({self.largest_held} ditahan)")
        one = held.exclude(nik=None).order_by("register_number").first()
        kab, province = largest.location_id[:5], largest.location_id[:2]
        staff = self._user("petugas", Role.FACILITY_STAFF, facility=largest)
        kpu_kab = self._user("kpu.kab", Role.KPU_KABKOTA, region=kab)
        kpu_prov = self._user("kpu.prov", Role.KPU_PROVINCE, region=province)
        admin = self._user("admin", Role.ADMIN)
        code, slug = largest.code, election.slug

        listing = reverse("inmates:list", args=[code])
        self._page(staff, "Petugas: beranda", reverse("home"))
        self._page(staff, "Petugas: daftar WBP, halaman 1", listing)
        self._page(staff, "Petugas: daftar WBP, disaring", f"{listing}?status=narapidana&nik_status=terverifikasi")
        self._page(staff, "Petugas: daftar WBP, diurutkan nama", f"{listing}?sort=-name")
        self._page(staff, "Petugas: cari NIK", f"{listing}?q={one.nik}")
        self._page(staff, "Petugas: cari nama", f"{listing}?q={one.full_name.split()[-1]}")
        self._page(staff, "Petugas: halaman WBP", reverse("inmates:detail", args=[one.pk]))
        self._page(staff, "Petugas: perlu tindakan", reverse("inmates:needs_action", args=[code]))
        self._preview(staff, largest)

        self._page(kpu_kab, "KPU kab/kota: dasbor", reverse("registration:dashboard", args=[slug]))
        self._page(kpu_prov, "KPU provinsi: dasbor", reverse("registration:dashboard", args=[slug]))
        self._page(admin, "KPU RI/admin: dasbor nasional", reverse("registration:dashboard", args=[slug]))
        self._page(kpu_kab, "KPU kab/kota: daftar pemilih", reverse("registration:facility", args=[slug, code]))
        self._page(kpu_kab, "KPU kab/kota: halaman TPS", reverse("registration:tps", args=[slug, code]))
        services.allocate(election=election, facility=largest, create_missing=True, user=admin.user)
        services.list_lock(election=election, facility=largest, kind=ListVersion.Kind.DPT, label="DPT",
                           note="bench", user=admin.user)
        self._page(kpu_kab, "KPU kab/kota: perubahan sejak versi", reverse("registration:diff", args=[slug, code]))
        self._pdpb(kpu_kab, largest)
        self._page(admin, "Admin: beranda admin", reverse("admin:index"))
        self._page(admin, "Admin: daftar WBP", reverse("admin:inmates_inmate_changelist"))
        self._page(admin, "Admin: ubah WBP", reverse("admin:inmates_inmate_change", args=[one.pk]))

        self._time("Hitung ulang daftar Lapas/Rutan terbesar",
                   lambda: services.registration_refresh(election=election, facility=largest))
        self._exports(election, largest, kpu_prov.user, province)
        self._import(largest, SYSTEM)

    def _preview(self, client: Client, facility: Facility) -> None:
        with tempfile.TemporaryDirectory(prefix="tps-bench-") as folder:
            path = Path(folder) / "pratinjau.xlsx"
            write_sample(path, PREVIEW_ROWS, start=900_000)
            with path.open("rb") as upload:
                response = client.post(reverse("inmates:import", args=[facility.code]), {"file": upload}, secure=True)
        if response.status_code != 302:
            raise CommandError(f"upload -> {response.status_code}")
        self._page(client, f"Petugas: pratinjau impor {PREVIEW_ROWS:_} baris".replace("_", "."), response["Location"])

    def _pdpb(self, client: Client, facility: Facility) -> None:
        if not apps.is_installed("pdpb"):
            self.lines.append(Line("PDPB: rekap (aplikasi pdpb belum ada)", [0.0], 0, "dilewati"))
            return
        for name, args in (("pdpb:recap", [facility.code]), ("pdpb:recap", []), ("pdpb:index", [])):
            try:
                url = reverse(name, args=args)
            except NoReverseMatch:
                continue
            self._page(client, "PDPB: rekap", url)
            return
        self.lines.append(Line("PDPB: rekap (halaman tidak ditemukan)", [0.0], 0, "dilewati"))

    def _exports(self, election: Election, facility: Facility, kpu_prov: User, province: str) -> None:
        def export(facilities, keep=False):
            result = exports.dpt_export(selectors.dpt_source(election=election, facilities=facilities,
                                                             area=len(facilities) > 1),
                                        masked=False, today=date(2026, 11, 30))
            if not keep:
                result.stream.close()
            return result

        for label, facilities in ((f"Ekspor DPT {facility.name}", [facility]),
                                  (f"Ekspor DPT provinsi {reference.name_of(province)}",
                                   area_facilities(user=kpu_prov, election=election, code=None))):
            voters = selectors.dpt_source(election=election, facilities=facilities).count()
            rows = synthetic_rows(min(max(voters, 1), 5_000))
            written = export(facilities, keep=True)
            cells = same_cells(written.stream)  # what the export wrote, cell by cell, read before timing
            written.stream.close()
            self._time(label, lambda facilities=facilities: export(facilities))
            export_line = self.lines[-1]
            # The issue's yardstick: openpyxl's own write time for the same cells (every sheet, heading,
            # styled cell and footer of the file), then the plainer one of earlier tables (one sheet).
            self._time(f"  openpyxl saja, sel yang sama ({len(cells)} lembar)", lambda cells=cells: write_same_cells(cells))
            ratio = export_line.median_ms / max(self.lines[-1].median_ms, 0.001)
            self._time(f"  openpyxl saja, {voters} baris selebar DPT (1 lembar)",
                       lambda rows=rows, voters=voters: _openpyxl(rows, voters))
            export_line.note = f"{voters} pemilih; {ratio:.2f}x openpyxl (sel yang sama)"

    def _import(self, facility: Facility, user) -> None:
        with tempfile.TemporaryDirectory(prefix="tps-bench-") as folder:
            path = Path(folder) / "impor.xlsx"
            write_sample(path, self.import_rows, start=800_000)
            data = path.read_bytes()

        def run():
            try:
                with transaction.atomic():
                    outcome = inmates_import(facility=facility, data=data, file_name=path.name, user=user,
                                             source="bench")
                    if not outcome.ok:
                        raise CommandError("; ".join(issue.message for issue in outcome.plan.errors[:3]))
                    raise Rollback
            except Rollback:
                pass

        self._time(f"Impor {self.import_rows:_} WBP baru (semua pemeriksaan, daftar pemilih)".replace("_", "."), run)
        line = self.lines[-1]
        line.note = f"{self.import_rows / statistics.median(line.times):,.0f} baris/detik".replace(",", ".")

    # Output --------------------------------------------------------------------------------------

    def _print(self) -> None:
        width = max(len(line.label) for line in self.lines)
        self.stdout.write("")
        self.stdout.write(f"{connection.vendor}, {self.facilities} Lapas/Rutan, {self.held_total} WBP ditahan "
                          f"({self.stays_total} catatan), {self.runs} putaran; terbesar: {self.largest.name} "
                          f"({self.largest_held} ditahan); DEBUG={settings.DEBUG}")
        self.stdout.write(f"| {'Halaman / pekerjaan':<{width}} | median ms | tercepat ms | query | catatan")
        self.stdout.write(f"|{'-' * (width + 2)}|----------:|------------:|------:|--------")
        for line in self.lines:
            self.stdout.write(f"| {line.label:<{width}} | {line.median_ms:9.0f} | {line.best_ms:11.0f} | "
                              f"{line.queries:5d} | {line.note}")


def _openpyxl(rows: list[list], count: int) -> None:
    """openpyxl alone writing `count` rows of the DPT's width, one sheet, no database (bench_export's limit)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("DPT")
    for index in range(count):
        sheet.append(rows[index % len(rows)])
    with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as stream:
        workbook.save(stream)

