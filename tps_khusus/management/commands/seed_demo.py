import time

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand

from accounts.demo import DEMO_PASSWORD, seed_users
from inmates.demo import ensure_facilities, seed_registry
from regions.services import ensure_reference_data
from registration.demo import seed_elections


class Command(BaseCommand):
    help = "Create the demo facilities, WBP, elections and users (safe to run again)."

    def handle(self, *args, **options):
        started = time.perf_counter()
        if ensure_reference_data():
            self.stdout.write("Data wilayah dan dapil dimuat.")
        facilities = ensure_facilities()
        created = seed_registry(facilities)
        for code, count in created.items():
            self.stdout.write(f"{facilities[code].name}: {count:,} catatan WBP dibuat.")
        usernames = seed_users(facilities)
        for election in seed_elections(user=User.objects.get(username="admin")):
            self.stdout.write(f"{election.name}: daftar pemilih dihitung untuk semua Lapas/Rutan di wilayahnya.")
        self.stdout.write(self.style.SUCCESS(f"Data demo siap dalam {time.perf_counter() - started:.1f} detik."))
        self.stdout.write(f"Akun demo (kata sandi sama untuk semua: {DEMO_PASSWORD}):")
        for username in usernames:
            self.stdout.write(f"  {username}")
