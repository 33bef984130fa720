"""Demo users, one per persona. They all share DEMO_PASSWORD (printed by seed_demo, in README)."""

from django.contrib.auth.models import User
from django.db import transaction

from accounts.models import Membership, Role

DEMO_PASSWORD = "tps-khusus-demo"

USERS = [
    # username, full name, role, facility code, region code
    ("admin", "Admin TPS Khusus", Role.ADMIN, None, None),
    ("petugas.blora", "Petugas Rutan Blora", Role.FACILITY_STAFF, "rutan-blora", None),
    ("petugas.pati", "Petugas Rutan Pati", Role.FACILITY_STAFF, "rutan-pati", None),
    ("kpu.blora", "KPU Kabupaten Blora", Role.KPU_KABKOTA, None, "33.16"),
    ("kpu.jateng", "KPU Provinsi Jawa Tengah", Role.KPU_PROVINCE, None, "33"),
]


@transaction.atomic
def seed_users(facilities: dict) -> list[str]:
    for username, full_name, role, facility_code, region_code in USERS:
        first, _, last = full_name.partition(" ")
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "is_staff": role == Role.ADMIN,
                      "is_superuser": role == Role.ADMIN, "is_active": True},
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        Membership.objects.update_or_create(
            user=user,
            defaults={"role": role, "facility": facilities.get(facility_code), "region_id": region_code},
        )
    return [row[0] for row in USERS]
