"""One validator for a WBP (inmates.validation): its edge dates, and the form, the admin and the import's
JSON saying the same thing for the same person."""

import contextlib
import io
import json
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from inmates import validation
from inmates.forms import NewInmateForm
from inmates.models import Inmate
from tests.factories import make_inmate, make_nik
from tests.inmates.conftest import HEADERS, row_values, workbook_bytes

TODAY = date(2026, 3, 10)


def check(**kwargs):
    kwargs.setdefault("today", TODAY)
    return [(f.field, f.message, f.warning) for f in validation.check_dates(**kwargs)]


class TestEdgeDates:
    def test_birth_today_yes_tomorrow_no(self):
        assert check(birth_date=TODAY) == []
        assert check(birth_date=TODAY + timedelta(days=1)) == [
            ("birth_date", "Tanggal lahir tidak boleh setelah hari ini.", False)]

    def test_not_before_1900(self):
        assert check(birth_date=date(1900, 1, 1)) == []
        assert check(birth_date=date(1899, 12, 31)) == [
            ("birth_date", "Tanggal lahir tidak boleh sebelum tahun 1900.", False)]

    def test_admission_not_before_birth(self):
        birth = date(1990, 5, 17)
        assert check(birth_date=birth, admitted_on=birth) == []
        assert check(birth_date=birth, admitted_on=birth - timedelta(days=1)) == [
            ("admitted_on", "Tanggal masuk (16 Mei 1990) tidak boleh sebelum tanggal lahir (17 Mei 1990).", False)]

    def test_admission_not_after_today(self):
        assert check(birth_date=date(1990, 1, 1), admitted_on=TODAY) == []
        assert check(birth_date=date(1990, 1, 1), admitted_on=TODAY + timedelta(days=1)) == [
            ("admitted_on", "Tanggal tidak boleh setelah hari ini.", False)]

    def test_release_expected_or_recorded_not_before_admission(self):
        admitted = date(2023, 6, 1)
        assert check(birth_date=date(1990, 1, 1), admitted_on=admitted, expected_release=admitted, left_on=admitted) == []
        assert check(birth_date=date(1990, 1, 1), admitted_on=admitted, expected_release=date(2023, 5, 31),
                     left_on=date(2023, 5, 31)) == [
            ("expected_release", "Tanggal ekspirasi tidak boleh sebelum tanggal masuk (1 Juni 2023).", False),
            ("left_on", "Tanggal keluar (31 Mei 2023) tidak boleh sebelum tanggal masuk (1 Juni 2023).", False)]

    @pytest.mark.parametrize("kind,warned", [("rutan", True), ("lapas", True), ("lpka", False), (None, False)])
    def test_a_minor_at_a_rutan_or_lapas_is_a_warning(self, kind, warned):
        eve_of_18 = date(2008, 3, 11)  # 18 tomorrow
        expected = [("birth_date", "WBP ini berusia 17 tahun: anak ditempatkan di LPKA atau LPAS, bukan di Rutan/Lapas "
                                   "(UU 11/2012). Periksa tanggal lahirnya.", True)] if warned else []
        assert check(birth_date=eve_of_18, facility_kind=kind) == expected
        assert check(birth_date=date(2008, 3, 10), facility_kind=kind) == []  # 18 today


def _form_data(**overrides) -> dict:
    data = {
        "register_number": "BI.0900/2024", "detention_status": "narapidana", "has_nik": "0", "nik": "",
        "nkk": "3316090101230001", "full_name": "Sama Orangnya", "mother_name": "Sarmi", "birth_place": "Blora",
        "birth_date": "1990-05-17", "sex": "L", "marital_status": "S", "citizenship": "WNI", "address": "Dusun Krajan",
        "rt": "001", "rw": "002", "home_region": "33.16.09.1013", "disability": "0", "ktp_el_recorded": "on",
        "admitted_on": "2023-05-01", "expected_release": "2026-12-31", "tni_polri_status": "bukan",
    }
    data.update(overrides)
    return data


def _row(form: dict) -> dict:
    """The same person as an import row."""
    def dmy(value: str) -> str:
        return date.fromisoformat(value).strftime("%d-%m-%Y") if value else ""

    return row_values(900, NO_REGISTER=form["register_number"], NIK=form["nik"], NKK=form["nkk"],
                      NAMA=form["full_name"], TANGGAL_LAHIR=dmy(form["birth_date"]), TANGGAL_MASUK=dmy(form["admitted_on"]),
                      TANGGAL_EKSPIRASI=dmy(form["expected_release"]),
                      TNI_POLRI={"bukan": "N", "aktif": "AKTIF"}[form["tni_polri_status"]],
                      HAK_PILIH_DICABUT={"": "N", "memilih": "MEMILIH"}[form.get("revoked_right", "")],
                      DICABUT_SEJAK=dmy(form.get("revoked_from", "")), DICABUT_SAMPAI=dmy(form.get("revoked_until", "")),
                      NOMOR_PUTUSAN=form.get("revocation_decision_number", ""))


def _form_says(world, data: dict) -> tuple[set[str], set[str]]:
    form = NewInmateForm(data, instance=Inmate(facility=world.blora))
    valid = form.is_valid()
    errors = {message for messages in form.errors.values() for message in messages}
    return errors, (set(form.warnings) if valid else set())


def _import_says(tmp_path, row: dict) -> tuple[set[str], set[str]]:
    path = tmp_path / "satu.xlsx"
    path.write_bytes(workbook_bytes([row], [*HEADERS, "NOMOR_PUTUSAN"]))
    out = io.StringIO()
    with contextlib.suppress(CommandError):  # rejected: the JSON is printed all the same
        call_command("import_inmates", str(path), "--facility", "rutan-blora", "--dry-run", "--json", stdout=out,
                     stderr=io.StringIO())
    result = json.loads(out.getvalue())
    return {issue["message"] for issue in result["errors"]}, {issue["message"] for issue in result["warnings"]}


def _minor_birth() -> str:
    """Sixteen years old today, whatever day the test runs."""
    today = timezone.localdate()
    return (date(today.year - 16, today.month, 28) if (today.month, today.day) == (2, 29)
            else today.replace(year=today.year - 16)).isoformat()


CASES = {
    "born in 2030": {"birth_date": "2030-05-17"},
    "admitted before birth": {"birth_date": "1990-05-17", "admitted_on": "1990-05-16"},
    "due out before admission": {"expected_release": "2023-04-30"},
    "a child at a Rutan": {"birth_date": None, "marital_status": "B"},
    "an old Papua NIK": {"has_nik": "1", "nik": make_nik(kecamatan="91.01.01", birth=date(1990, 5, 17), serial=41)},
    "an impossible province": {"has_nik": "1", "nik": "9916091705900041"},
    "a family card of an unknown kab/kota": {"nkk": "3399090101230001"},
    "a revocation ending before it starts": {"revoked_right": "memilih", "revocation_decision_number": "1/Pid/2023",
                                             "revoked_from": "2024-01-01", "revoked_until": "2023-12-31"},
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_form_and_the_imports_json_say_the_same_for_the_same_person(world, tmp_path, case):
    overrides = dict(CASES[case])
    if overrides.get("birth_date", "") is None:
        overrides["birth_date"] = _minor_birth()
    data = _form_data(**overrides)
    form_errors, form_warnings = _form_says(world, data)
    import_errors, import_warnings = _import_says(tmp_path, _row(data))
    assert form_errors or form_warnings, case  # every case says something
    assert (form_errors, form_warnings) == (import_errors, import_warnings)


def test_the_form_once_accepted_a_birth_in_2030_and_an_admission_before_birth(world):
    response = world.client("petugas.blora").post("/fasilitas/rutan-blora/wbp/tambah/", _form_data(
        birth_date="2030-05-17", admitted_on="2023-05-01"))
    assert response.context["form"].errors["birth_date"] == ["Tanggal lahir tidak boleh setelah hari ini."]
    response = world.client("petugas.blora").post("/fasilitas/rutan-blora/wbp/tambah/", _form_data(
        birth_date="1990-05-17", admitted_on="1989-01-01"))
    assert response.context["form"].errors["admitted_on"] == [
        "Tanggal masuk (1 Januari 1989) tidak boleh sebelum tanggal lahir (17 Mei 1990)."]
    assert not Inmate.objects.exists()


def test_a_minor_is_saved_with_the_warning_shown(world):
    response = world.client("petugas.blora").post("/fasilitas/rutan-blora/wbp/tambah/", _form_data(
        birth_date=_minor_birth(), marital_status="B"), follow=True)
    shown = [str(message) for message in response.context["messages"]]
    assert "WBP ini berusia 16 tahun: anak ditempatkan di LPKA atau LPAS, bukan di Rutan/Lapas (UU 11/2012). " \
           "Periksa tanggal lahirnya." in shown
    assert Inmate.objects.count() == 1


def test_the_edit_form_checks_a_new_birth_date_against_the_stored_admission(world):
    person = make_inmate(world.blora, admitted_on=date(2023, 6, 1), nik=None, nik_status="tanpa_nik")
    data = {**_form_data(register_number=person.register_number, birth_date="2023-07-01"), "has_nik": "0"}
    response = world.client("petugas.blora").post(f"/wbp/{person.pk}/ubah/", data)
    assert response.context["form"].errors["birth_date"] == [
        "Tanggal masuk (1 Juni 2023) tidak boleh sebelum tanggal lahir (1 Juli 2023)."]


def test_the_admin_says_it_too(world):
    from tests.inmates.test_admin import _change_form_data

    person = make_inmate(world.blora, admitted_on=date(2023, 6, 1), nik=None, nik_status="tanpa_nik")
    client = world.client("admin")
    data = {**_change_form_data(client, person), "birth_date": "2030-05-17"}
    response = client.post(f"/admin/inmates/inmate/{person.pk}/change/", data)
    assert response.context["adminform"].form.errors["birth_date"] == [
        "Tanggal lahir tidak boleh setelah hari ini.",
        "Tanggal masuk (1 Juni 2023) tidak boleh sebelum tanggal lahir (17 Mei 2030)."]
