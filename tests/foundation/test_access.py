import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from accounts.access import area_of, can_edit_registry, can_manage_tps, scope
from accounts.models import Membership, Role
from inmates.models import Facility, Inmate
from tests.factories import make_inmate

VISIBLE_FACILITIES = {
    "admin": {"rutan-blora", "rutan-pati", "lapas-semarang", "rutan-surabaya"},
    "petugas.blora": {"rutan-blora"},
    "petugas.pati": {"rutan-pati"},
    "kpu.blora": {"rutan-blora"},
    "kpu.jateng": {"rutan-blora", "rutan-pati", "lapas-semarang"},
    "outsider": set(),
}


@pytest.mark.parametrize("username", list(VISIBLE_FACILITIES))
def test_each_persona_sees_exactly_its_facilities(world, username):
    user = world.users[username]
    codes = set(scope(user, Facility.objects.all()).values_list("code", flat=True))
    assert codes == VISIBLE_FACILITIES[username]


@pytest.mark.parametrize("username", list(VISIBLE_FACILITIES))
def test_each_persona_sees_exactly_the_inmates_of_its_facilities(world, username):
    for facility in world.facilities.values():
        make_inmate(facility, full_name=f"WBP {facility.code}")
    names = set(scope(world.users[username], Inmate.objects.all()).values_list("full_name", flat=True))
    assert names == {f"WBP {code}" for code in VISIBLE_FACILITIES[username]}


def test_an_inactive_or_anonymous_user_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    user = world.users["kpu.jateng"]
    user.is_active = False
    assert not scope(user, Facility.objects.all()).exists()
    assert not scope(AnonymousUser(), Facility.objects.all()).exists()


def test_a_superuser_without_membership_is_an_admin(world):
    boss = User.objects.create_superuser("boss", password="x")
    assert area_of(boss).is_admin


def test_write_permissions_follow_the_role(world):
    users = world.users
    assert can_edit_registry(users["petugas.blora"], world.blora)
    assert not can_edit_registry(users["petugas.blora"], world.pati)
    assert not can_edit_registry(users["kpu.blora"], world.blora)
    assert can_edit_registry(users["admin"], world.pati)
    assert can_manage_tps(users["kpu.blora"], world.blora)
    assert not can_manage_tps(users["kpu.blora"], world.pati)
    assert not can_manage_tps(users["kpu.jateng"], world.blora)
    assert not can_manage_tps(users["petugas.blora"], world.blora)
    assert can_manage_tps(users["admin"], world.surabaya)


def test_membership_must_match_its_role(world):
    user = User.objects.create_user("baru")
    bad = Membership(user=user, role=Role.KPU_KABKOTA, region_id="33")
    with pytest.raises(ValidationError) as error:
        bad.full_clean()
    assert error.value.message_dict["region"] == ["Wilayah harus berupa kabupaten/kota."]
    staff = Membership(user=user, role=Role.FACILITY_STAFF)
    with pytest.raises(ValidationError) as error:
        staff.full_clean()
    assert error.value.message_dict["facility"] == ["Petugas harus terhubung ke satu Lapas/Rutan."]


def test_the_database_refuses_a_membership_without_its_area(world):
    user = User.objects.create_user("tanpa-area")
    with pytest.raises(IntegrityError):
        Membership.objects.create(user=user, role=Role.FACILITY_STAFF)
