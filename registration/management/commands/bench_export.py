"""Benchmark of the DPT export against openpyxl's own limit (issue #6).

    python manage.py bench_export --voters 100000      (part of make bench)

1. Data: a facility "bench-ekspor" and an election of the same name with at least N voters,
   imported through the real Excel import and allocated to TPS. Existing data is reused; new data
   is rolled back at the end unless --keep is given.
2. Limit: openpyxl write-only writing N rows of the same width (20 columns plus NO, the same kinds
   of values) with no database at all.
3. Export: the real DPT workbook of those voters (one sheet per TPS, typed cells, footers).
Both are timed --repeat times, interleaved; the ratio is the median of each export over the limit
measured just before it (wall clock; the CPU-time ratio and fastest-over-fastest are printed too). Printed: both times, their ratio (target at
most 1.3), the export's queries, and its peak memory growth (target under 150 MB): the RSS peak
over the RSS before the export, and (in a separate, untimed run) tracemalloc's peak of what the
export allocates, which is not hidden by memory the process freed earlier.
"""

import math
import statistics
import tempfile
import time
import tracemalloc
from copy import copy
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils.translation import gettext
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell

from accounts.access import SYSTEM
from inmates import services as registry
from inmates.importing import inmates_import
from inmates.management.commands.bench_import import write_sample
from inmates.models import Facility, Inmate
from regions import reference
from regions.services import ensure_reference_data
from registration import exports, rules, selectors, services
from registration.demo import PEMILU_2024_CONTESTS
from registration.models import Contest, Election, Registration

CODE = "bench-ekspor"
STYLE_ATTRIBUTES = ("font", "fill", "border", "alignment", "number_format", "protection")
RATIO_TARGET = 1.3
MEMORY_TARGET_MB = 150


class Rollback(Exception):
    pass


class QueryCounter:
    """A database execute wrapper that counts the queries it lets through."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def rss_mb(field: str) -> float | None:
    """VmRSS (now) or VmHWM (peak since the last reset) of this process, in MB; None off Linux."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def reset_peak() -> bool:
    """Start a new peak-RSS measurement (Linux: writing 5 to clear_refs resets VmHWM)."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
        return True
    except OSError:
        return False


def synthetic_rows(count: int) -> list[list]:
    """Rows shaped like the DPT table (NO + 20 columns: text, a date, numbers), built before timing."""
    rows = []
    for index in range(count):
        rows.append([
            index + 1, f"33160901012{index % 100000:05d}", f"33160917059{index % 100000:05d}", f"WBP UJI {index}",
            "BLORA", date(1955, 1, 1) + timedelta(days=index % 18000), 30 + index % 40, "S", "L",
            f"Jl. Pemuda No. {index % 200}", f"{index % 20 + 1:03d}", f"{index % 9 + 1:03d}", "Kauman", "Blora",
            "Kabupaten Blora", None, "S", "DPT", "PPWP, DPR, DPD, DPRD PROV, DPRD KAB/KOTA", None,
        ])
    return rows


@dataclass
class SheetCells:
    """One sheet of a written workbook, as openpyxl alone would write it again (same_cells)."""

    title: str
    widths: dict[str, float]
    freeze: str | None
    rows: list[list]  # plain values, or (value, {style attribute: value}) for a styled cell


def same_cells(stream) -> list[SheetCells]:
    """Every sheet, row and cell of the workbook in `stream`, with the style of each styled cell (only
    what differs from a plain cell): the yardstick `write_same_cells` writes exactly these cells."""
    plain = Workbook().active["A1"]
    defaults = {name: getattr(plain, name) for name in STYLE_ATTRIBUTES}
    stream.seek(0)
    workbook = load_workbook(stream)
    sheets = []
    for sheet in workbook.worksheets:
        rows = []
        for row in sheet.iter_rows():
            values = []
            for cell in row:
                style = {name: copy(getattr(cell, name)) for name in STYLE_ATTRIBUTES
                         if cell.has_style and getattr(cell, name) != defaults[name]}
                values.append((cell.value, style) if style else cell.value)
            while values and values[-1] is None:
                values.pop()
            rows.append(values)
        widths = {letter: dimension.width for letter, dimension in sheet.column_dimensions.items() if dimension.width}
        sheets.append(SheetCells(sheet.title, widths, sheet.freeze_panes, rows))
    stream.seek(0)
    return sheets


def write_same_cells(sheets: list[SheetCells]) -> None:
    """openpyxl alone writing `sheets` into a workbook in memory, write-only and as cheaply as its public
    API allows: a styled cell is made once per look and column (a WriteOnlyCell whose style is set once)
    and given each new value, as the export itself does (tps_khusus.xlsx). Its own time for the same
    cells: no database, no rows to build, nothing to decide."""
    workbook = Workbook(write_only=True)
    styled: dict[tuple, WriteOnlyCell] = {}
    for spec in sheets:
        sheet = workbook.create_sheet(spec.title)
        for letter, width in spec.widths.items():
            sheet.column_dimensions[letter].width = width
        if spec.freeze:
            sheet.freeze_panes = spec.freeze
        for row in spec.rows:
            cells = []
            for column, value in enumerate(row):
                if value.__class__ is tuple:
                    value, style = value
                    key = (column, _look(style))
                    cell = styled.get(key)
                    if cell is None:
                        cell = styled[key] = WriteOnlyCell(sheet)
                        for name, setting in style.items():
                            setattr(cell, name, setting)
                    cell.value = value
                    value = cell
                cells.append(value)
            sheet.append(cells)
    with tempfile.SpooledTemporaryFile(max_size=64 * 1024 * 1024) as stream:
        workbook.save(stream)


def _look(style: dict) -> tuple:
    return tuple(sorted((name, repr(setting)) for name, setting in style.items()))


class Command(BaseCommand):
    @property
    def help(self) -> str:  # argparse needs a str, not a lazy string
        return gettext("Ukur ekspor DPT: N pemilih dibandingkan batas openpyxl (baris sama lebar, tanpa database).")

    def add_arguments(self, parser):
        parser.add_argument("--voters", type=int, default=100_000)
        parser.add_argument("--repeat", type=int, default=3, help="pengukuran per sisi; yang tercepat dipakai")
        parser.add_argument("--keep", action="store_true", help="simpan data uji (tanpa ini: dikembalikan)")

    def handle(self, *args, voters: int, repeat: int, keep: bool, **options):
        if voters < 1 or repeat < 1:
            raise CommandError("--voters dan --repeat harus lebih dari 0.")
        if ensure_reference_data():
            self.stdout.write("Data wilayah dimuat.")
        for warm in (reference.names, reference.kecamatan_codes, reference.kabkota_codes, reference.province_codes):
            warm()
        self.stdout.write(f"Database: {connection.vendor}; lxml: {'ya' if _has_lxml() else 'tidak'}.")
        try:
            with transaction.atomic():
                election, facility = self._data(voters)
                self._measure(election, facility, voters, repeat)
                if not keep:
                    raise Rollback
        except Rollback:
            self.stdout.write("Data uji dikembalikan (rollback).")

    # Data ------------------------------------------------------------------------------------

    def _data(self, voters: int) -> tuple[Election, Facility]:
        election = Election.objects.filter(slug=CODE).first()
        facility = Facility.objects.filter(code=CODE).first()
        if election and facility:
            have = Registration.objects.filter(election=election, facility=facility, status=rules.MS).count()
            if have >= voters:
                self.stdout.write(f"Data uji yang ada dipakai: {have} pemilih.")
                return election, facility
        election = election or Election.objects.create(
            slug=CODE, name="Uji Ekspor", kind=Election.Kind.PEMILU, voting_day=date(2024, 6, 1),
            data_start=date(2023, 1, 1), max_voters_per_tps=300)
        for order, (code, short, name, scope) in enumerate(PEMILU_2024_CONTESTS, start=1):
            Contest.objects.get_or_create(election=election, code=code, defaults={
                "short_name": short, "name": name, "scope": scope, "order": order})
        facility = facility or Facility.objects.create(
            kind=Facility.Kind.LAPAS, name="Lapas Uji Ekspor", code=CODE, location_id="33.16.09.1013")
        rows = math.ceil(voters * 25 / 24) + 1  # one sample row in 25 has no NIK (potential, not MS)
        started = time.perf_counter()
        chunk = min(settings.TPS_IMPORT_MAX_ROWS, 50_000)
        with tempfile.TemporaryDirectory(prefix="tps-bench-") as folder:
            for start in range(0, rows, chunk):
                path = Path(folder) / f"wbp-{start}.xlsx"
                write_sample(path, min(chunk, rows - start), start)
                outcome = inmates_import(facility=facility, data=path.read_bytes(), file_name=path.name,
                                         user=SYSTEM, source="bench")
                if not outcome.ok:
                    raise CommandError("; ".join(issue.message for issue in outcome.plan.errors[:5]))
        registry.nik_verify_many(inmates=Inmate.objects.filter(facility=facility).only("pk"), user=SYSTEM)
        services.registration_refresh(election=election, facility=facility)
        report = services.allocate(election=election, facility=facility, create_missing=True)
        self.stdout.write(f"Data uji dibuat dalam {time.perf_counter() - started:.0f} s: {rows} WBP, "
                          f"{report.placed} pemilih di {report.created_tps} TPS.")
        return election, facility

    # Measurements --------------------------------------------------------------------------------

    def _measure(self, election: Election, facility: Facility, voters: int, repeat: int) -> None:
        count = selectors.dpt_source(election=election, facilities=[facility]).count()
        rows = synthetic_rows(min(count, 5_000))
        limits, exports_, growth = [], [], None
        for _run in range(repeat):  # interleaved, so a slow moment of the machine hits both sides
            limits.append(self._limit(rows, count))
            queries = QueryCounter()
            peak_known = reset_peak()
            before = rss_mb("VmRSS")
            wall, cpu = time.perf_counter(), time.process_time()
            with connection.execute_wrapper(queries):
                result = exports.dpt_export(selectors.dpt_source(election=election, facilities=[facility]), masked=False,
                                            today=date.today())
            exports_.append((time.perf_counter() - wall, time.process_time() - cpu))
            if peak_known and before is not None:
                growth = max(growth or 0, rss_mb("VmHWM") - before)
            size, written = result.stream.seek(0, 2), result.total
            result.stream.close()
        limit_wall, limit_cpu = min(wall for wall, _cpu in limits), min(cpu for _wall, cpu in limits)
        export_wall, export_cpu = min(wall for wall, _cpu in exports_), min(cpu for _wall, cpu in exports_)
        # Each export against the limit measured just before it: a slow minute of the machine
        # slows both, so the median of these pairs is steadier than either side's fastest run.
        ratio = statistics.median(export[0] / limit[0] for limit, export in zip(limits, exports_, strict=True))
        cpu_ratio = statistics.median(export[1] / limit[1] for limit, export in zip(limits, exports_, strict=True))
        self.stdout.write(f"Batas openpyxl (write-only, {count} baris x 21 kolom, tanpa database): {limit_wall:.2f} s "
                          f"(CPU {limit_cpu:.2f} s)")
        self.stdout.write(f"Ekspor DPT ({written} pemilih, {size / 1024 / 1024:.1f} MB): {export_wall:.2f} s "
                          f"(CPU {export_cpu:.2f} s) = {written / export_wall:.0f} pemilih/detik, {queries.count} query")
        self.stdout.write(f"Rasio ekspor/batas: {ratio:.2f} (waktu CPU: {cpu_ratio:.2f}; target <= {RATIO_TARGET}) "
                          f"{'OK' if ratio <= RATIO_TARGET else 'GAGAL'}; median {repeat} pasang putaran bergantian "
                          f"(tercepat/tercepat: {export_wall / limit_wall:.2f})")
        if growth is None:
            self.stdout.write("Puncak RSS: tidak bisa diukur di sistem ini (/proc tidak tersedia).")
        else:
            self.stdout.write(f"Pertambahan puncak memori (RSS) selama ekspor: {growth:.0f} MB "
                              f"(target < {MEMORY_TARGET_MB} MB) {'OK' if growth < MEMORY_TARGET_MB else 'GAGAL'}; "
                              "memori yang sudah dilepas proses ini dipakai ulang tanpa menambah RSS, "
                              "lihat juga baris tracemalloc")
        # RSS rarely shrinks: memory freed earlier in this process (e.g. while generating the data)
        # is reused without growing it. tracemalloc counts what the export itself allocates.
        tracemalloc.start()
        result = exports.dpt_export(selectors.dpt_source(election=election, facilities=[facility]), masked=False, today=date.today())
        peak = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
        result.stream.close()
        self.stdout.write(f"Puncak alokasi Python selama ekspor (tracemalloc, putaran terpisah tanpa waktu): "
                          f"{peak:.0f} MB (target < {MEMORY_TARGET_MB} MB) {'OK' if peak < MEMORY_TARGET_MB else 'GAGAL'}")
        if written < voters:
            self.stdout.write(f"Catatan: hanya {written} pemilih MS dari {voters} yang diminta.")

    def _limit(self, rows: list[list], count: int) -> tuple[float, float]:
        """openpyxl alone: `count` rows of the DPT's width, one sheet, no database, no styling."""
        wall, cpu = time.perf_counter(), time.process_time()
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("DPT")
        for index in range(count):
            sheet.append(rows[index % len(rows)])
        with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as stream:
            workbook.save(stream)
        return time.perf_counter() - wall, time.process_time() - cpu


def _has_lxml() -> bool:
    from openpyxl import LXML

    return bool(LXML)
