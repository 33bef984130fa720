"""Demo users, one per persona. New ones get DEMO_PASSWORD (printed by seed_demo, in README);
a user that already exists keeps the password it has."""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, Role

DEMO_PASSWORD = "tps-khusus-demo"
DEMO_NEEDS_FLAG = _(
    "seed_demo membuat akun dengan kata sandi demo yang diketahui umum, jadi tidak dijalankan jika DEBUG mati "
    "(seperti di server produksi). Jika ini memang server demo, jalankan: manage.py seed_demo --demo"
)

USERS = [
    # username, full name, role, facility code, region code
    ("admin", "Admin TPS Khusus", Role.ADMIN, None, None),
    ("petugas.blora", "Petugas Rutan Blora", Role.FACILITY_STAFF, "rutan-blora", None),
    ("petugas.pati", "Petugas Rutan Pati", Role.FACILITY_STAFF, "rutan-pati", None),
    ("kpu.blora", "KPU Kabupaten Blora", Role.KPU_KABKOTA, None, "33.16"),
    ("kpu.jateng", "KPU Provinsi Jawa Tengah", Role.KPU_PROVINCE, None, "33"),
]


@transaction.atomic
def seed_users(facilities: dict) -> dict[str, bool]:
    """The demo personas; returns {username: created}. Only a new user gets DEMO_PASSWORD."""
    created_by_name = {}
    for username, full_name, role, facility_code, region_code in USERS:
        first, _space, last = full_name.partition(" ")
        user, created = User.objects.update_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "is_staff": role == Role.ADMIN,
                      "is_superuser": role == Role.ADMIN, "is_active": True},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        Membership.objects.update_or_create(
            user=user,
            defaults={"role": role, "facility": facilities.get(facility_code), "region_id": region_code},
        )
        created_by_name[username] = created
    return created_by_name
