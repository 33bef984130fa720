from datetime import date

import pytest
from django.contrib.auth.models import User

from accounts.models import Membership, Role
from registration import services
from registration.demo import PEMILU_2024, PEMILU_2024_CONTESTS, _election
from tests.factories import make_inmate

DPT = "/pemilu/pemilu-2024/unduh-dpt/"
RECAP = "/pemilu/pemilu-2024/unduh-rekap/"
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def pemilu(world):
    return _election(PEMILU_2024, PEMILU_2024_CONTESTS)


@pytest.fixture
def area(pemilu, world):
    """Voters in two facilities of Jawa Tengah: three in Rutan Blora (TPS 001), two in Rutan Pati."""
    for name, sex in (("Agus", "L"), ("Citra", "P"), ("Dewi", "P")):
        make_inmate(world.blora, full_name=name, sex=sex, admitted_on=date(2023, 1, 1))
    for name in ("Gita", "Hadi"):
        make_inmate(world.pati, full_name=name, admitted_on=date(2023, 1, 1), home_region_id="33.18.10.1007")
    services.tps_create(election=pemilu, facility=world.blora, number=1, user=None)
    services.allocate(election=pemilu, facility=world.blora, user=None)
    return pemilu


@pytest.fixture
def colleague(world):
    """Another officer of KPU Provinsi Jawa Tengah: the same area as kpu.jateng."""
    user = User.objects.create_user("kpu.jateng.2", first_name="Rekan")
    Membership.objects.create(user=user, role=Role.KPU_PROVINCE, region_id="33")
    world.users[user.username] = user
    return user


@pytest.fixture
def queue_only(settings):
    """Jobs are queued and stay queued (the engine's dummy backend), as before a worker picks them up."""
    settings.TASKS = DUMMY
