"""No oracle on other facilities' inmates (issue 12): checks against other facilities are counted per user
and day and refused beyond the allowance (the import as a whole), and every match shown to anyone is
logged; only admins read the log."""

import io
import json
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.access import SYSTEM
from inmates import crosscheck, importing, services
from inmates.models import CrossFacilityCheck, CrossFacilityMatch, ImportRecord, Inmate
from tests.factories import make_inmate, make_nik
from tests.inmates.conftest import registry_snapshot, row_values, rows_file, workbook_bytes
from tests.inmates.test_admin import _change_form_data
from tests.inmates.test_import_views import START, token_of, upload
from tests.inmates.test_views import _form

BIRTH = date(1990, 5, 17)
NIK = "3316091705900007"
Where = CrossFacilityMatch.Where


def exceeded(limit: int, used: int, needed: int) -> str:
    return (f"Batas pemeriksaan data ke Lapas/Rutan lain untuk akun Anda hari ini sudah tercapai: paling banyak {limit} "
            f"NIK atau nama dengan tanggal lahir per hari, sudah terpakai {used}, dan ini memerlukan {needed} lagi. "
            "Tidak ada yang disimpan. Lanjutkan besok, atau minta admin mengerjakannya.")


def counted(user) -> int:
    return CrossFacilityCheck.objects.filter(user=user).count()


def logged() -> list[tuple]:
    return list(CrossFacilityMatch.objects.order_by("pk").values_list(
        "user__username", "where", "kind", "nik", "full_name", "facility__code", "matched_facility__code",
        "matched_register_number", "disclosed"))


@pytest.fixture
def allowance(settings):
    settings.TPS_CROSS_CHECKS_PER_DAY = 5
    return 5


# Counting and the allowance -----------------------------------------------------------------------------

def test_an_import_over_the_allowance_is_refused_as_a_whole(world, allowance):
    staff = world.users["petugas.blora"]
    held = make_inmate(world.pati, nik=row_values(0)["NIK"], birth_date=row_values(0)["TANGGAL_LAHIR"])
    before = registry_snapshot()
    outcome = importing.inmates_import(facility=world.blora, data=rows_file(6), file_name="x.xlsx", user=staff)
    assert [issue.as_dict() for issue in outcome.plan.errors] == [
        {"row": None, "column": None, "message": exceeded(5, 0, 6)}]
    assert outcome.plan.rows == [] and not outcome.written
    # Nothing written but the record of the refused commit; nothing counted; nothing about Pati said or logged.
    assert registry_snapshot() == {**before, "records": before["records"] + 1}
    assert ImportRecord.objects.get().first_error == exceeded(5, 0, 6)
    assert counted(staff) == 0 and not CrossFacilityMatch.objects.exists()
    assert held.register_number not in json.dumps(outcome.summary())


def test_the_same_people_checked_again_the_same_day_cost_nothing(world, allowance):
    staff = world.users["petugas.blora"]
    data = rows_file(5)
    assert importing.validate(data, facility=world.blora, user=staff, file_name="x.xlsx").ok  # the preview
    assert counted(staff) == 5
    outcome = importing.inmates_import(facility=world.blora, data=data, file_name="x.xlsx", user=staff)  # the confirm
    assert outcome.written and counted(staff) == 5
    # Imported again: held here now, nothing new to compare.
    again = importing.inmates_import(facility=world.blora, data=data, file_name="x.xlsx", user=staff)
    assert again.ok and again.plan.counts()["unchanged"] == 5 and counted(staff) == 5
    # A new person by the form is one more than the allowance.
    response = world.client("petugas.blora").post("/fasilitas/rutan-blora/wbp/tambah/", _form())
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [exceeded(5, 5, 1)]
    assert Inmate.objects.count() == 5


def test_the_allowance_is_per_day_and_earlier_days_are_forgotten(world, allowance, freeze_today):
    staff = world.users["petugas.blora"]
    freeze_today(date(2024, 3, 11))
    assert importing.inmates_import(facility=world.blora, data=rows_file(5), file_name="x.xlsx", user=staff).written
    with pytest.raises(Exception) as refused:
        make_inmate(world.blora, user=staff)
    assert refused.value.messages == [exceeded(5, 5, 1)]
    freeze_today(date(2024, 3, 12))
    make_inmate(world.blora, user=staff)
    assert list(CrossFacilityCheck.objects.filter(user=staff).values_list("day", flat=True)) == [date(2024, 3, 12)]


def test_what_counts_in_a_form(world, allowance):
    staff = world.users["petugas.blora"]
    person = make_inmate(world.blora, user=staff)  # a new stay: one
    assert counted(staff) == 1
    services.inmate_update(inmate=person, data={"mother_name": "PAINEM", "address": "Jl. Baru"}, user=staff)
    assert counted(staff) == 1  # nothing compared with other facilities changed
    services.inmate_update(inmate=person, data={"full_name": "BUDI SANTOSA"}, user=staff)
    assert counted(staff) == 2  # a new name is compared by the "kemungkinan ganda" lists
    services.inmate_update(inmate=person, data={"nik": make_nik(birth=person.birth_date, serial=4321)}, user=staff)
    assert counted(staff) == 3
    services.inmate_update(inmate=person, data={"full_name": "BUDI SANTOSA"}, user=staff)
    assert counted(staff) == 3
    services.release_record(inmate=person, day=date(2024, 1, 5), user=staff)
    services.inmate_update(inmate=person, data={"full_name": "BUDI S"}, user=staff)
    assert counted(staff) == 3  # a stay that has left is compared with nothing


@pytest.mark.parametrize("name", ["admin", "SYSTEM", None])
def test_admins_and_the_server_are_not_counted(world, allowance, name):
    user = {"admin": world.users["admin"], "SYSTEM": SYSTEM, None: None}[name]
    outcome = importing.inmates_import(facility=world.blora, data=rows_file(8), file_name="x.xlsx", user=user)
    assert outcome.written and not CrossFacilityCheck.objects.exists()


@pytest.mark.parametrize("name,refused", [("petugas.blora", True), ("kpu.blora", True), ("admin", False)])
def test_every_persona_that_imports_by_command(world, allowance, tmp_path, name, refused):
    path = tmp_path / "wbp.xlsx"
    path.write_bytes(rows_file(6))
    out = io.StringIO()
    try:
        call_command("import_inmates", str(path), "--facility", "rutan-blora", "--json", "--user", name, stdout=out)
        status = 0
    except CommandError as error:
        status = error.returncode
    summary = json.loads(out.getvalue())
    if refused:
        assert (status, summary["errors"]) == (1, [{"row": None, "column": None, "message": exceeded(5, 0, 6)}])
        assert Inmate.objects.count() == 0
    else:
        assert (status, summary["created"]) == (0, 6)


def test_the_web_import_over_the_allowance(world, allowance):
    client = world.client("petugas.blora")
    token = token_of(upload(client, rows_file(6)))
    for response in (client.get(f"{START}{token}/"), client.post(f"{START}{token}/")):
        assert response.status_code == 200
        assert [issue.message for issue in response.context["errors"]] == [exceeded(5, 0, 6)]
    assert Inmate.objects.count() == 0


def test_the_admin_form_over_the_allowance(world, allowance):
    staff = world.users["petugas.blora"]
    person = make_inmate(world.blora)
    for index in range(5):
        make_inmate(world.blora, user=staff, full_name=f"ORANG {index}")
    staff.is_staff = True
    staff.save()
    staff.user_permissions.add(*Permission.objects.filter(codename__in=["view_inmate", "change_inmate"]))
    client = world.client("petugas.blora")
    data = {**_change_form_data(client, person), "full_name": "NAMA BARU"}
    response = client.post(f"/admin/inmates/inmate/{person.pk}/change/", data)
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [exceeded(5, 5, 1)]
    person.refresh_from_db()
    assert person.full_name == "Budi Santoso"


# The log of matches shown -------------------------------------------------------------------------------

TOLD = {"admin": True, "petugas.blora": False, "petugas.pati": False, "kpu.blora": False, "kpu.jateng": True}


@pytest.mark.parametrize("name", TOLD)
def test_a_nik_match_in_an_import_is_logged_for_each_persona(world, name):
    held = make_inmate(world.pati, nik=NIK, birth_date=BIRTH)
    data = workbook_bytes([row_values(1, NIK=NIK, TANGGAL_LAHIR=BIRTH), row_values(2)])
    user = User.objects.get(username=name)
    importing.validate(data, facility=world.blora, user=user, file_name="x.xlsx")
    importing.inmates_import(facility=world.blora, data=data, file_name="x.xlsx", user=user)
    entry = (name, NIK, "rutan-blora", "rutan-pati", held.register_number, TOLD[name])
    assert [(row[0], row[1], row[3], row[5], row[6], row[7], row[8]) for row in logged()] == [
        (name, Where.IMPORT_PREVIEW, *entry[1:]), (name, Where.IMPORT_COMMIT, *entry[1:])]
    match = CrossFacilityMatch.objects.first()
    assert (match.kind, match.matched_stay, match.full_name) == ("nik", held, "")


def test_nik_matches_of_the_form_the_admin_the_problem_list_and_the_command_are_logged(world, tmp_path):
    held = make_inmate(world.pati, nik=NIK, birth_date=BIRTH)
    staff = world.client("petugas.blora")
    response = staff.post("/fasilitas/rutan-blora/wbp/tambah/", _form(nik=NIK, birth_date="1990-05-17"))
    assert response.context["form"].errors["nik"] == [
        "NIK ini sudah aktif di Lapas/Rutan lain. Hubungi KPU atau admin untuk memeriksanya."]
    person = make_inmate(world.blora, birth_date=BIRTH)
    admin = world.client("admin")
    response = admin.post(f"/admin/inmates/inmate/{person.pk}/change/", {**_change_form_data(admin, person), "nik": NIK})
    assert response.status_code == 200
    token = token_of(upload(staff, workbook_bytes([row_values(1, NIK=NIK, TANGGAL_LAHIR=BIRTH)])))
    assert staff.get(f"{START}{token}/masalah/").status_code == 200
    path = tmp_path / "x.xlsx"
    path.write_bytes(workbook_bytes([row_values(1, NIK=NIK, TANGGAL_LAHIR=BIRTH)]))
    with pytest.raises(CommandError):
        call_command("import_inmates", str(path), "--facility", "rutan-blora", stdout=io.StringIO())
    register = held.register_number
    assert logged() == [
        ("petugas.blora", Where.FORM, "nik", NIK, "", "rutan-blora", "rutan-pati", register, False),
        ("admin", Where.ADMIN, "nik", NIK, "", "rutan-blora", "rutan-pati", register, True),
        ("petugas.blora", Where.IMPORT_ISSUES, "nik", NIK, "", "rutan-blora", "rutan-pati", register, False),
        (None, Where.COMMAND, "nik", NIK, "", "rutan-blora", "rutan-pati", register, True),
    ]
    assert CrossFacilityMatch.objects.get(where=Where.COMMAND).user is None  # the server itself


@pytest.fixture
def twins(world):
    """Someone at Blora and someone with the same name and birth date at Pati (and one at Surabaya)."""
    here = make_inmate(world.blora, full_name="KEMBAR NAMA", birth_date=BIRTH)
    pati = make_inmate(world.pati, full_name="Kembar Nama", birth_date=BIRTH, nik=None, nik_status="tanpa_nik")
    surabaya = make_inmate(world.surabaya, full_name="KEMBAR NAMA", birth_date=BIRTH, nik=None, nik_status="tanpa_nik")
    return here, pati, surabaya


PAGE_READERS = ["admin", "petugas.blora", "kpu.blora", "kpu.jateng"]


@pytest.mark.parametrize("name", PAGE_READERS)
def test_possible_duplicates_shown_on_the_lists_are_logged(world, twins, name):
    here, pati, surabaya = twins
    client = world.client(name)
    needs = client.get("/fasilitas/rutan-blora/perlu-tindakan/")
    groups = {key: items for key, _title, _count, items in needs.context["groups"]}
    assert [inmate.pk for inmate, _action in groups["duplicates"]] == [here.pk]
    listing = client.get("/fasilitas/rutan-blora/wbp/", {"problems": "on"})
    assert here.pk in [inmate.pk for inmate in listing.context["page"].object_list]
    expected = []
    for where in (Where.NEEDS_ACTION, Where.INMATE_LIST):
        expected += [(name, where, "nama_lahir", "", "KEMBAR NAMA", "rutan-blora", other.facility.code,
                      other.register_number, False) for other in (pati, surabaya)]
    assert logged() == expected
    assert {match.birth_date for match in CrossFacilityMatch.objects.all()} == {BIRTH}


@pytest.mark.parametrize("name,shown", [("admin", ["rutan-pati", "rutan-surabaya"]), ("kpu.jateng", ["rutan-pati"]),
                                        ("kpu.blora", []), ("petugas.blora", [])])
def test_possible_duplicates_named_on_the_wbp_page_are_logged(world, twins, name, shown):
    here, _pati, _surabaya = twins
    page = world.client(name).get(f"/wbp/{here.pk}/")
    assert sorted(other.facility.code for other in page.context["duplicates"]) == shown
    assert sorted((row[1], row[6], row[8]) for row in logged()) == [(Where.INMATE_PAGE, code, True) for code in shown]


def test_the_needs_action_page_costs_the_same_queries_for_2_and_20_duplicates(world):
    client = world.client("petugas.blora")

    def page_queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get("/fasilitas/rutan-blora/perlu-tindakan/").status_code == 200
        return len(context.captured_queries)

    def twins(start, count):
        for index in range(start, start + count):
            birth = BIRTH + timedelta(days=index)
            make_inmate(world.blora, full_name=f"KEMBAR {index}", birth_date=birth)
            make_inmate(world.pati, full_name=f"KEMBAR {index}", birth_date=birth)

    twins(0, 2)
    small = page_queries()
    twins(2, 18)
    assert page_queries() == small
    assert CrossFacilityMatch.objects.filter(where=Where.NEEDS_ACTION).count() == 2 + 20


# Who reads the log ----------------------------------------------------------------------------------------

ADMIN_LOG = "/admin/inmates/crossfacilitymatch/"


@pytest.mark.parametrize("name,status", [("admin", 200), ("petugas.blora", 403), ("kpu.jateng", 403)])
def test_only_admins_read_the_log(world, twins, name, status):
    user = world.users[name]
    if not user.is_superuser:  # even given the admin and every permission on the log
        user.is_staff = True
        user.save()
        user.user_permissions.add(*Permission.objects.filter(content_type__model="crossfacilitymatch"))
    client = world.client("admin")
    client.get("/fasilitas/rutan-blora/perlu-tindakan/")  # two matches logged
    response = world.client(name).get(ADMIN_LOG)
    assert response.status_code == status
    if status == 200:
        assert response.context["cl"].result_count == 2
        match = CrossFacilityMatch.objects.first()
        assert world.client(name).get(f"{ADMIN_LOG}{match.pk}/change/").status_code == 200  # read-only view
        assert world.client(name).get(f"{ADMIN_LOG}add/").status_code == 403
        assert world.client(name).post(f"{ADMIN_LOG}{match.pk}/delete/", {"post": "yes"}).status_code == 403
        assert CrossFacilityMatch.objects.count() == 2


def test_the_log_never_leaks_to_pages_of_staff_or_kpu(world, twins):
    world.client("admin").get("/fasilitas/rutan-blora/perlu-tindakan/")
    for name in ("petugas.blora", "kpu.jateng", "outsider"):
        assert world.client(name).get(ADMIN_LOG).status_code in (302, 403)


def test_counting_keeps_no_nik(world):
    staff = world.users["petugas.blora"]
    make_inmate(world.blora, user=staff, nik=NIK, birth_date=BIRTH)
    [key] = CrossFacilityCheck.objects.values_list("key", flat=True)
    assert len(key) == 64 and NIK not in key and "BUDI" not in key.upper()
    crosscheck.spend(user=staff, people=[(NIK, "Budi  Santoso", BIRTH)])  # the same person, spaced differently
    assert counted(staff) == 1
