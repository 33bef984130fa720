"""One rule for "this NIK is active at another facility": the form (through the services), the
Django admin and the import say the same thing to the same user, and tell each role only what it
may know about the other facility (issue 12: no oracle on other facilities' inmates)."""

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.access import SYSTEM
from inmates import importing, services
from inmates.selectors import active_nik_holders
from tests.factories import make_inmate
from tests.inmates.conftest import row_values, rows_file, workbook_bytes
from tests.inmates.test_admin import _change_form_data

BIRTH = date(1990, 5, 17)
NIK = "3316091705900007"
ELSEWHERE = "NIK ini sudah aktif di Lapas/Rutan lain. Hubungi KPU atau admin untuk memeriksanya."
AT_PATI = "NIK ini sudah aktif di Rutan Kelas IIB Pati (nomor register {register})."

# Who is told that Rutan Pati holds the NIK. Staff of Pati are not: staff never are, whatever their
# scope. KPU Blora's area does not include Pati; KPU Jawa Tengah's does.
TOLD = {"admin": True, "petugas.blora": False, "petugas.pati": False, "kpu.blora": False, "kpu.jateng": True,
        "outsider": False, "SYSTEM": True, None: False}


def actor(world, name):
    """A persona as a fresh user object (nothing cached), the server itself, or nobody in particular."""
    if name == "SYSTEM":
        return SYSTEM
    return None if name is None else User.objects.get(pk=world.users[name].pk)


def expected(name, register) -> str:
    return AT_PATI.format(register=register) if TOLD[name] else ELSEWHERE


@pytest.mark.parametrize("name", TOLD)
def test_the_form_and_the_import_say_the_same_to_each_user(world, name):
    held = make_inmate(world.pati, nik=NIK, birth_date=BIRTH)
    with pytest.raises(ValidationError) as error:
        make_inmate(world.blora, user=actor(world, name), nik=NIK, birth_date=BIRTH)
    from_service = error.value.message_dict["nik"]
    plan = importing.validate(workbook_bytes([row_values(1, NIK=NIK, TANGGAL_LAHIR=BIRTH)]), facility=world.blora,
                              user=actor(world, name), file_name="wbp.xlsx")
    from_import = [issue.message for issue in plan.errors]
    assert from_service == from_import == [expected(name, held.register_number)]


@pytest.mark.parametrize("name", TOLD)
def test_a_changed_nik_is_told_the_same_way(world, name):
    held = make_inmate(world.pati, nik=NIK, birth_date=BIRTH)
    person = make_inmate(world.blora, birth_date=BIRTH)
    with pytest.raises(ValidationError) as error:
        services.inmate_update(inmate=person, data={"nik": NIK}, user=actor(world, name))
    assert error.value.message_dict["nik"] == [expected(name, held.register_number)]


def test_a_nik_used_by_another_stay_here_is_said_alike_by_form_and_import(world):
    make_inmate(world.blora, register_number="BI.0007/2023", nik=NIK, birth_date=BIRTH)
    row = row_values(1)
    person = make_inmate(world.blora, register_number=row["NO_REGISTER"], nik=row["NIK"],
                         birth_date=row["TANGGAL_LAHIR"])
    message = "NIK ini sudah dipakai WBP lain di Lapas/Rutan ini (nomor register BI.0007/2023)."
    user = world.users["petugas.blora"]
    with pytest.raises(ValidationError) as error:
        services.inmate_update(inmate=person, data={"nik": NIK, "birth_date": BIRTH}, user=user)
    assert error.value.message_dict["nik"] == [message]
    plan = importing.validate(workbook_bytes([row_values(1, NIK=NIK, TANGGAL_LAHIR=BIRTH)]), facility=world.blora,
                              user=user, file_name="wbp.xlsx")
    assert [(issue.row, issue.column, issue.message) for issue in plan.errors] == [(2, "NIK", message)]


@pytest.mark.parametrize("name,told", [("admin", True), ("kpu.blora", False)])
def test_the_admin_shows_the_conflict_on_its_form(world, name, told):
    from django.contrib.auth.models import Permission

    held = make_inmate(world.pati, nik=NIK, birth_date=BIRTH)
    person = make_inmate(world.blora, birth_date=BIRTH)
    user = world.users[name]
    if not user.is_superuser:  # KPU given the admin and the right to change WBP still hears only its area
        user.is_staff = True
        user.save()
        user.user_permissions.add(*Permission.objects.filter(codename__in=["view_inmate", "change_inmate"]))
    client = world.client(name)
    data = {**_change_form_data(client, person), "nik": NIK}
    response = client.post(f"/admin/inmates/inmate/{person.pk}/change/", data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["nik"] == [
        AT_PATI.format(register=held.register_number) if told else ELSEWHERE]
    person.refresh_from_db()
    assert person.nik != NIK


def _queries(callable_) -> int:
    with CaptureQueriesContext(connection) as context:
        callable_()
    return len(context.captured_queries)


# Active stays here, ended stays here, the file's NIK held elsewhere, and one INSERT logging the matches
# shown (inmates.crosscheck); the user's role (staff, KPU, a user without one), the checks counted against
# their daily allowance (a savepoint around: their row locked, earlier days forgotten, today's count, one
# INSERT), and for KPU which of the holders' facilities lie in its area. Admins and the server itself are
# not counted; nobody in particular (None) has nothing to count against.
IMPORT_CHECK_QUERIES = {"admin": 4, "petugas.blora": 11, "petugas.pati": 11, "kpu.blora": 12, "kpu.jateng": 12,
                        "outsider": 11, "SYSTEM": 4, None: 4}


@pytest.mark.parametrize("name", TOLD)
def test_the_import_check_costs_the_same_for_2_and_20_conflicts(world, name):
    for index in range(20):
        row = row_values(index)
        make_inmate(world.pati, nik=row["NIK"], birth_date=row["TANGGAL_LAHIR"])
    small, large = rows_file(2), rows_file(20)

    def check(data):
        user = actor(world, name)  # a fresh object each time: its role is read again
        return lambda: importing.validate(data, facility=world.blora, user=user, file_name="x.xlsx")

    assert _queries(check(small)) == _queries(check(large)) == IMPORT_CHECK_QUERIES[name]
    plan = importing.validate(large, facility=world.blora, user=actor(world, name), file_name="x.xlsx")
    assert len(plan.errors) == 20 and all(issue.column == "NIK" for issue in plan.errors)


def test_holders_are_found_in_one_query_for_any_number_of_nik(world):
    niks = []
    for index in range(5):
        row = row_values(index)
        niks.append(make_inmate(world.pati, nik=row["NIK"], birth_date=row["TANGGAL_LAHIR"]).nik)
    released = make_inmate(world.pati, nik=row_values(9)["NIK"], birth_date=row_values(9)["TANGGAL_LAHIR"])
    services.release_record(inmate=released, day=date(2024, 1, 5), user=None)
    with CaptureQueriesContext(connection) as context:
        holders = active_nik_holders(niks=[*niks, released.nik, "3316090000000000", ""], user=SYSTEM)
    assert len(context.captured_queries) == 1
    assert sorted(holders) == sorted(niks)  # a released stay holds nothing
    assert {holder.facility_id for holder in holders.values()} == {world.pati.pk}
    assert active_nik_holders(niks=niks, user=SYSTEM, exclude_facility_id=world.pati.pk) == {}
    assert active_nik_holders(niks=[], user=SYSTEM) == {}


def test_the_server_itself_is_stored_as_no_user(world):
    person = make_inmate(world.blora, user=SYSTEM)
    assert person.history.first().history_user is None
    assert [event.recorded_by for event in person.events.all()] == [None, None]
    outcome = importing.inmates_import(facility=world.blora, data=rows_file(2), file_name="x.xlsx", user=SYSTEM)
    assert outcome.written and outcome.record.user is None
