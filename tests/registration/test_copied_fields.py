"""A registration keeps its inmate's sex and disability (Registration.sex, .disability) so the dashboard
counts them from the registration table alone: the copies follow every change of the registry that
refreshes the lists (an edit, an import) and the migration filled them in for existing rows."""

import importlib
from datetime import date
from types import SimpleNamespace

from django.apps import apps
from django.db import connection

from inmates import importing
from inmates import services as registry
from registration import selectors
from registration.models import Registration
from tests.factories import make_inmate, make_nik
from tests.inmates.conftest import row_values, workbook_bytes

BIRTH = date(1990, 5, 17)


def copied(election, inmate) -> tuple[str, int]:
    registration = Registration.objects.get(election=election, inmate=inmate)
    return registration.sex, registration.disability


def blora_counts(election, world) -> tuple[int, int, int, int, int]:
    board = selectors.dashboard(user=world.users["kpu.blora"], election=election)
    line = next(line for line in board.facilities if line.facility == world.blora)
    return (line.count("ms_l"), line.count("ms_p"), line.count("disability"), line.count("disability_3"),
            line.count("disability_6"))


def listed(world, **filters) -> list[str]:
    page = world.client("kpu.blora").get("/pemilu/pemilu-2024/rutan-blora/", {"status": "ms", **filters})
    return [registration.inmate.full_name for registration in page.context["page"]]


def test_an_edit_of_sex_or_disability_reaches_the_registration_and_the_dashboard(pemilu, world):
    person = make_inmate(world.blora, full_name="Budi Santoso", birth_date=BIRTH, admitted_on=date(2023, 1, 1))
    make_inmate(world.blora, full_name="Sri Rahayu", sex="P", disability=6, admitted_on=date(2023, 1, 1))
    assert copied(pemilu, person) == ("L", 0)
    assert blora_counts(pemilu, world) == (1, 1, 1, 0, 1)

    registry.inmate_update(inmate=person, data={"disability": 3}, user=world.users["petugas.blora"])
    assert copied(pemilu, person) == ("L", 3)
    assert blora_counts(pemilu, world) == (1, 1, 2, 1, 1)

    person.refresh_from_db()
    person = registry.inmate_update(inmate=person, data={"sex": "P", "nik": make_nik(birth=BIRTH, sex="P")},
                                    user=world.users["petugas.blora"])
    assert copied(pemilu, person) == ("P", 3)  # a potential voter now, until the new NIK is verified
    assert blora_counts(pemilu, world) == (0, 1, 1, 0, 1)
    registry.nik_verify(inmate=person, user=world.users["petugas.blora"])
    assert blora_counts(pemilu, world) == (0, 2, 2, 1, 1)
    assert sorted(listed(world, jk="P")) == ["Budi Santoso", "Sri Rahayu"]
    assert listed(world, disabilitas="3") == ["Budi Santoso"]
    assert listed(world, jk="L") == []


def test_an_import_that_changes_sex_or_disability_reaches_the_registration(pemilu, world):
    staff = world.users["petugas.blora"]
    first = importing.inmates_import(facility=world.blora, data=workbook_bytes([row_values(7)]), file_name="wbp.xlsx",
                                     user=staff)
    assert first.ok and first.written
    registration = Registration.objects.get(election=pemilu, inmate__register_number=row_values(7)["NO_REGISTER"])
    assert (registration.sex, registration.disability) == ("L", 0)

    changed = workbook_bytes([row_values(7, sex="P", DISABILITAS="2")])
    second = importing.inmates_import(facility=world.blora, data=changed, file_name="wbp.xlsx", user=staff)
    assert second.ok and second.summary()["updated"] == 1
    registration.refresh_from_db()
    assert (registration.sex, registration.disability) == ("P", 2)
    assert (registration.inmate.sex, registration.inmate.disability) == ("P", 2)


def test_the_migration_copies_them_into_existing_registrations(pemilu, world):
    man = make_inmate(world.blora, admitted_on=date(2023, 1, 1), disability=5)
    woman = make_inmate(world.blora, sex="P", admitted_on=date(2023, 1, 1))
    Registration.objects.update(sex="", disability=0)  # as the rows stood before the fields existed
    migration = importlib.import_module("registration.migrations.0009_registration_keeps_sex_and_disability")

    def execute(sql):
        with connection.cursor() as cursor:
            cursor.execute(sql)

    migration.copy_from_inmates(apps, SimpleNamespace(connection=connection, execute=execute))
    assert (copied(pemilu, man), copied(pemilu, woman)) == (("L", 5), ("P", 0))
