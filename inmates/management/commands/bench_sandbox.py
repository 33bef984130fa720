"""Benchmark of the upload defences: checking and reading an N-row template workbook, in this process
and in the sandbox (tps_khusus/sandbox.py).

    python manage.py bench_sandbox --rows 60000

Prints, as the median of --repeat runs (the fork server warmed up first): sheetguard.check_workbook,
the reader in this process, the reader in the sandbox, the sandbox's overhead, and memory: how far
this process's resident memory rises while reading in-process and while receiving the sandbox's
result, and the child's peak. The reader defaults to the import's (inmates.importing.reading.read_rows).
"""

import re
import statistics
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string
from django.utils.translation import gettext

from inmates.importing import reading
from tps_khusus import sandbox, sheetguard


def read_measured(reader_path: str, data: bytes) -> tuple[str, list, int]:
    """In the child: what the reader returns (sheet, rows), and the child's peak resident memory in KB."""
    sheet, rows = import_string(reader_path)(data)
    return sheet, rows, _status("VmHWM")


def _status(key: str) -> int:
    try:
        with open("/proc/self/status") as status:
            return int(re.search(key + r":\s+(\d+)", status.read()).group(1))
    except (OSError, AttributeError):
        return 0


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
        return True
    except OSError:
        return False


class Command(BaseCommand):
    @property
    def help(self) -> str:  # argparse needs a str, not a lazy string
        return gettext("Ukur biaya membaca file Excel di proses terpisah (sandbox) dibanding di proses ini.")

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=60_000)
        parser.add_argument("--repeat", type=int, default=3)
        parser.add_argument("--reader", default="inmates.importing.reading.read_rows")

    def handle(self, *args, rows: int, repeat: int, reader: str, **options):
        from inmates.management.commands.bench_import import write_sample

        read = import_string(reader)
        limits = {"memory_mb": settings.TPS_IMPORT_PARSE_MEMORY_MB, "seconds": settings.TPS_IMPORT_PARSE_SECONDS}
        with tempfile.TemporaryDirectory(prefix="tps-bench-") as folder:
            path = Path(folder) / f"bench-{rows}.xlsx"
            write_sample(path, rows)
            data = path.read_bytes()
        self.stdout.write(f"File: {rows} baris, {len(data) / 1024 / 1024:.1f} MB; batas sandbox {limits['memory_mb']} MB, "
                          f"{limits['seconds']} s.")
        sandbox.run_limited(read_measured, reader, _small(write_sample), **limits)  # the fork server starts here

        guard, inside, outside, rose_inside, rose_outside, child_peak = [], [], [], [], [], []
        for _ in range(repeat):
            started = time.perf_counter()
            extent = sheetguard.check_workbook(data, max_columns=reading.MAX_COLUMNS,
                                               max_rows=settings.TPS_IMPORT_MAX_ROWS + reading.HEADER_SEARCH_ROWS + 1)
            guard.append(time.perf_counter() - started)

            measured = _reset_peak()
            before = _status("VmRSS")
            started = time.perf_counter()
            _sheet, result = read(data)
            inside.append(time.perf_counter() - started)
            rose_inside.append(_status("VmHWM") - before if measured else 0)
            del result

            measured = _reset_peak()
            before = _status("VmRSS")
            started = time.perf_counter()
            _sheet, result, peak = sandbox.run_limited(read_measured, reader, data, **limits)
            outside.append(time.perf_counter() - started)
            rose_outside.append(_status("VmHWM") - before if measured else 0)
            child_peak.append(peak)
            count = len(result)
            del result

        median = statistics.median
        self.stdout.write(f"Pemeriksaan sheetguard: {median(guard):.2f} s ({extent.rows} baris, {extent.columns} kolom, "
                          f"{extent.unpacked_bytes / 1024 / 1024:.0f} MB XML).")
        self.stdout.write(f"Membaca di proses ini: {median(inside):.2f} s; di sandbox: {median(outside):.2f} s "
                          f"({count} baris); selisih {median(outside) - median(inside):+.2f} s "
                          f"(x{median(outside) / median(inside):.2f}).")
        self.stdout.write(f"Memori proses ini naik {median(rose_inside) / 1024:.0f} MB saat membaca sendiri, "
                          f"{median(rose_outside) / 1024:.0f} MB saat menerima hasil sandbox; puncak proses anak "
                          f"{median(child_peak) / 1024:.0f} MB.")


def _small(write_sample) -> bytes:
    with tempfile.TemporaryDirectory(prefix="tps-bench-") as folder:
        path = Path(folder) / "warm.xlsx"
        write_sample(path, 2)
        return path.read_bytes()
