import time

from django.core.management.base import BaseCommand

from regions.services import load_reference_data, reference_data_loaded


class Command(BaseCommand):
    help = "Load Kemendagri region codes (2025, 2022) and the 2024 dapil maps."

    def add_arguments(self, parser):
        parser.add_argument("--if-missing", action="store_true", help="Skip when already loaded.")

    def handle(self, *args, if_missing: bool = False, **options):
        if if_missing and reference_data_loaded():
            self.stdout.write("Data wilayah dan dapil sudah dimuat.")
            return
        started = time.perf_counter()
        counts = load_reference_data()
        elapsed = time.perf_counter() - started
        summary = ", ".join(f"{label}: {count:,}" for label, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Data wilayah dimuat dalam {elapsed:.1f} detik ({summary})."))
