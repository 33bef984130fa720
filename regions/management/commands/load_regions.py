import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from regions.services import load_reference_data, reference_data_loaded


class Command(BaseCommand):
    @property
    def help(self) -> str:  # argparse needs a str, not a lazy string
        return gettext("Memuat kode wilayah Kemendagri (2025, 2022) dan peta dapil 2024.")

    def add_arguments(self, parser):
        parser.add_argument("--if-missing", action="store_true", help=gettext("Lewati bila sudah dimuat."))

    def handle(self, *args, if_missing: bool = False, **options):
        if if_missing and reference_data_loaded():
            self.stdout.write(_("Data wilayah dan dapil sudah dimuat."))
            return
        started = time.perf_counter()
        counts = load_reference_data()
        elapsed = time.perf_counter() - started
        summary = ", ".join(f"{label}: {count:,}" for label, count in counts.items())
        self.stdout.write(self.style.SUCCESS(_("Data wilayah dimuat dalam %(seconds).1f detik (%(summary)s).") % {
            "seconds": elapsed, "summary": summary}))
