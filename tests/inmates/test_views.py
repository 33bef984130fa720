import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format

from inmates.models import CustodyState, Inmate, NikStatus
from tests.factories import in_years, inmate_data, make_inmate, make_nik

TODAY = timezone.localdate()
READERS = {"admin": 200, "petugas.blora": 200, "petugas.pati": 404, "kpu.blora": 200, "kpu.jateng": 200, "outsider": 404}
WRITERS = {"admin": 200, "petugas.blora": 200, "petugas.pati": 404, "kpu.blora": 403, "kpu.jateng": 403, "outsider": 404}


@pytest.fixture
def wbp(world):
    return make_inmate(world.blora, full_name="Slamet Riyadi", expected_release=in_years(2))


@pytest.mark.parametrize("username,status", READERS.items())
@pytest.mark.parametrize("page", ["list", "needs", "incoming", "detail"])
def test_reading_pages_per_persona(world, wbp, username, status, page):
    url = {
        "list": "/fasilitas/rutan-blora/wbp/",
        "needs": "/fasilitas/rutan-blora/perlu-tindakan/",
        "incoming": "/fasilitas/rutan-blora/kedatangan/",
        "detail": f"/wbp/{wbp.pk}/",
    }[page]
    response = world.client(username).get(url)
    assert response.status_code == status
    if status == 200:
        # Slamet is held with a verified NIK and a release date: listed, but nothing to act on and not incoming.
        assert ("Slamet Riyadi" in response.content.decode()) is (page in {"list", "detail"})


@pytest.mark.parametrize("username,status", WRITERS.items())
@pytest.mark.parametrize("page", ["create", "edit"])
def test_writing_pages_per_persona(world, wbp, username, status, page):
    url = "/fasilitas/rutan-blora/wbp/tambah/" if page == "create" else f"/wbp/{wbp.pk}/ubah/"
    assert world.client(username).get(url).status_code == status


@pytest.mark.parametrize("username,status", WRITERS.items())
def test_recording_a_release_per_persona(world, wbp, username, status):
    response = world.client(username).post(f"/wbp/{wbp.pk}/peristiwa/bebas/", {"bebas-date": "2024-01-05", "bebas-note": ""})
    wbp.refresh_from_db()
    if status == 200:
        assert response.status_code == 302
        assert wbp.custody_state == CustodyState.RELEASED
    else:
        assert response.status_code == status
        assert wbp.custody_state == CustodyState.HELD


def test_kpu_reads_without_edit_buttons(world, wbp):
    page = world.client("kpu.blora").get(f"/wbp/{wbp.pk}/").content.decode()
    assert "Ubah data" not in page
    assert "Catat:" not in page
    listing = world.client("kpu.blora").get("/fasilitas/rutan-blora/wbp/").content.decode()
    assert "Tambah WBP" not in listing


def _list_queries(client, rows: int) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get("/fasilitas/rutan-blora/wbp/", {"per": 500})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == rows
    return len(context.captured_queries)


def test_the_list_costs_the_same_queries_for_10_and_500_rows(world):
    client = world.client("petugas.blora")
    for index in range(10):
        make_inmate(world.blora, full_name=f"Orang {index}")
    ten = _list_queries(client, 10)
    people = [Inmate(facility=world.blora, custody_state=CustodyState.HELD, admitted_on=date(2023, 1, 1),
                     **inmate_data(nik=make_nik(birth=date(1980, 1, 1), serial=1000 + i), full_name=f"Massal {i}"))
              for i in range(490)]
    Inmate.objects.bulk_create(people)
    five_hundred = _list_queries(client, 500)
    assert ten == five_hundred == 7  # session, user, role, facility with its location, count, page, incoming


def test_the_list_names_each_home_without_reading_regions(world):
    """The home column ("desa, kab/kota") comes from the process's copy of the region codes: no region
    row is joined or read, so the page's SQL does not grow with the region table (91,737 rows)."""
    make_inmate(world.blora, full_name="Warga Desa", home_region_id="33.16.09.2001")
    make_inmate(world.blora, full_name="Warga Kecamatan", home_region_id="33.18.01")
    client = world.client("petugas.blora")
    with CaptureQueriesContext(connection) as context:
        page = client.get("/fasilitas/rutan-blora/wbp/").content.decode()
    assert not [q["sql"] for q in context.captured_queries if 'JOIN "regions_region"' in q["sql"]
                and "inmates_inmate" in q["sql"].split(" FROM ")[1][:20]]
    from regions import reference
    assert f"{reference.name_of('33.16.09.2001')}, {reference.name_of('33.16')}" in page
    assert f"{reference.name_of('33.18.01')}, {reference.name_of('33.18')}" in page


def test_search_filters_and_sorting(world):
    make_inmate(world.blora, full_name="Agus Salim", register_number="BI.0001/2023")
    make_inmate(world.blora, full_name="Budi Utomo", register_number="AI.0002/2024", detention_status="tahanan")
    no_nik = make_inmate(world.blora, full_name="Citra Dewi", sex="P", nik=None, nik_status=NikStatus.NONE)
    client = world.client("petugas.blora")

    def names(**params):
        return [i.full_name for i in client.get("/fasilitas/rutan-blora/wbp/", params).context["page"]]

    assert names(q="budi") == ["Budi Utomo"]
    assert names(q="AI.0002") == ["Budi Utomo"]
    assert names(status="tahanan") == ["Budi Utomo"]
    assert names(nik_status="tanpa_nik") == ["Citra Dewi"]
    assert names(sort="name") == ["Agus Salim", "Budi Utomo", "Citra Dewi"]
    assert names(sort="-name") == ["Citra Dewi", "Budi Utomo", "Agus Salim"]
    assert names(problems="on") == ["Citra Dewi"]
    assert names(q=no_nik.full_name[:5]) == ["Citra Dewi"]


def test_search_by_nik(world):
    person = make_inmate(world.blora, full_name="Dimas")
    make_inmate(world.blora, full_name="Eko")
    page = world.client("petugas.blora").get("/fasilitas/rutan-blora/wbp/", {"q": person.nik})
    assert [i.full_name for i in page.context["page"]] == ["Dimas"]


def _form(**overrides) -> dict:
    birth = overrides.pop("birth_date", "1990-05-17")
    data = {
        "register_number": "BI.0500/2024", "detention_status": "narapidana", "has_nik": "1",
        "nik": "3316091705900007", "nkk": "3316090101230001", "full_name": "Joko Susilo", "mother_name": "Sarmi",
        "birth_place": "Blora", "birth_date": birth, "sex": "L", "marital_status": "S", "citizenship": "WNI",
        "address": "Dusun Krajan", "rt": "001", "rw": "002", "home_region": "33.16.09.1013", "disability": "0",
        "ktp_el_recorded": "on", "admitted_on": "2023-05-01", "expected_release": "2026-12-31",
    }
    data.update(overrides)
    return data


class TestAddForm:
    url = "/fasilitas/rutan-blora/wbp/tambah/"

    def test_a_valid_wbp_is_saved_with_its_admission(self, world):
        response = world.client("petugas.blora").post(self.url, _form())
        inmate = Inmate.objects.get(full_name="Joko Susilo")
        assert response.status_code == 302 and response["Location"] == f"/wbp/{inmate.pk}/"
        assert (inmate.nik, inmate.nik_status, inmate.home_region_id, inmate.admitted_on) == (
            "3316091705900007", NikStatus.UNVERIFIED, "33.16.09.1013", date(2023, 5, 1))

    def test_each_invalid_field_gets_its_message_and_nothing_is_saved(self, world):
        response = world.client("petugas.blora").post(self.url, _form(
            nik="12345", nkk="33", home_region="", full_name="", birth_date="31-02-1990", expected_release="2020-01-01"))
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert errors["nik"] == ["NIK harus 16 digit; yang diisi 5 digit."]
        assert errors["nkk"] == ["NKK harus 16 digit; yang diisi 2 digit."]
        assert errors["home_region"] == ["Pilih desa/kelurahan alamat KTP-el sampai tingkat desa."]
        assert errors["full_name"] == ["Bidang ini tidak boleh kosong."]
        assert "birth_date" in errors
        assert "Data belum disimpan" in response.content.decode()
        assert not Inmate.objects.exists()

    def test_the_error_summary_names_the_fields_in_words_not_by_colour(self, world):
        response = world.client("petugas.blora").post(self.url, _form(full_name="", home_region="", sex=""))
        html = response.content.decode()
        assert "ditandai merah" not in html
        summary = re.search(r'<div class="alert alert-danger" role="alert" data-testid="form-errors">(.*?)</div>', html, re.S)
        assert summary.group(1).split("\n")[0] == (
            "Data belum disimpan. Perbaiki isian berikut; pesannya tertulis juga di bawah isian itu.")
        assert re.findall(r'<li><a class="alert-link" href="#(div_id_\w+)">([^<]+)</a>: ([^<]+)</li>', summary.group(1)) == [
            ("div_id_full_name", "Nama lengkap", "Bidang ini tidak boleh kosong."),
            ("div_id_sex", "Jenis kelamin", "Bidang ini tidak boleh kosong."),
            ("div_id_home_region", "Desa/kelurahan sesuai KTP-el", "Pilih desa/kelurahan alamat KTP-el sampai tingkat desa.")]
        for anchor in ("div_id_full_name", "div_id_sex", "div_id_home_region"):
            assert f'id="{anchor}"' in html

    @pytest.mark.parametrize("username", ["petugas.blora", "admin"])
    def test_required_fields_carry_a_visible_text_marker_explained_above_the_form(self, world, username):
        html = world.client(username).get(self.url).content.decode()
        assert '<p class="small text-muted" data-testid="required-note">Isian bertanda * wajib diisi.</p>' in html
        marked = {" ".join(label.split()) for label in re.findall(
            r'<(?:label|legend)[^>]*requiredField[^>]*>([^<]*)<span class="asteriskField">\*</span>', html)}
        assert {"Nomor register", "Status", "Tanggal masuk", "NIK", "Nama lengkap", "Tempat lahir", "Tanggal lahir",
                "Jenis kelamin", "Status perkawinan", "Kewarganegaraan", "Desa/kelurahan sesuai KTP-el",
                "Disabilitas"} == marked

    def test_a_kecamatan_code_is_not_a_desa(self, world):
        response = world.client("petugas.blora").post(self.url, _form(home_region="33.16.09"))
        assert response.context["form"].errors["home_region"] == ["Pilih desa/kelurahan alamat KTP-el sampai tingkat desa."]

    def test_a_nik_disagreeing_with_birth_date_needs_a_confirmation(self, world):
        client = world.client("petugas.blora")
        response = client.post(self.url, _form(birth_date="1990-05-18"))
        assert response.context["form"].errors["nik"] == [
            "Tanggal lahir pada NIK (17 Mei '90) tidak sama dengan tanggal lahir yang diisi (18 Mei 1990).",
            "Periksa kembali NIK, tanggal lahir dan jenis kelamin. Bila sudah sesuai KTP-el/KK, centang konfirmasi di "
            "bawah lalu simpan lagi.",
        ]
        assert 'data-testid="confirm-mismatch"' in response.content.decode()
        assert not Inmate.objects.exists()
        response = client.post(self.url, _form(birth_date="1990-05-18", confirm_mismatch="on"))
        assert response.status_code == 302
        assert Inmate.objects.get().nik_mismatch_confirmed is True

    def test_an_invalid_nik_cannot_be_confirmed_away(self, world):
        response = world.client("petugas.blora").post(self.url, _form(nik="3316091705900000", confirm_mismatch="on"))
        assert response.context["form"].errors["nik"] == ["Nomor urut NIK (4 digit terakhir) tidak boleh 0000."]

    def test_no_nik_yet(self, world):
        response = world.client("petugas.blora").post(self.url, _form(has_nik="0", nik=""))
        assert response.status_code == 302
        assert Inmate.objects.get().nik_status == NikStatus.NONE

    def test_nik_required_when_said_to_exist(self, world):
        response = world.client("petugas.blora").post(self.url, _form(nik=""))
        assert response.context["form"].errors["nik"] == ['Isi NIK, atau pilih "Belum memiliki NIK".']

    def test_an_unknown_kecamatan_saves_with_a_warning(self, world):
        response = world.client("petugas.blora").post(self.url, _form(nik="3316991705900007"), follow=True)
        assert "Kode kecamatan 33.16.99 pada NIK tidak ada dalam daftar Kemendagri" in response.content.decode()
        assert Inmate.objects.get().nik == "3316991705900007"

    def test_a_nik_active_elsewhere_names_the_facility_only_to_those_who_may_see_it(self, world):
        other = make_inmate(world.pati, nik="3316091705900007")
        response = world.client("petugas.blora").post(self.url, _form())
        assert response.context["form"].errors["nik"] == [
            "NIK ini sudah aktif di Lapas/Rutan lain. Hubungi KPU atau admin untuk memeriksanya."]
        response = world.client("admin").post(self.url, _form())
        assert response.context["form"].errors["nik"] == [
            f"NIK ini sudah aktif di Rutan Kelas IIB Pati (nomor register {other.register_number})."]
        assert Inmate.objects.count() == 1

    def test_revoked_rights_need_the_decision_number(self, world):
        response = world.client("petugas.blora").post(self.url, _form(revoked_right="dipilih"))
        assert response.context["form"].errors["revocation_decision_number"] == [
            "Isi nomor putusan pengadilan yang mencabut hak ini."]

    def test_dated_tni_polri_status_and_revocation_period_are_saved_and_shown(self, world):
        response = world.client("petugas.blora").post(self.url, _form(
            tni_polri_status="purnawirawan", tni_polri_since="2020-03-01", revoked_right="dipilih",
            revocation_decision_number="5/Pid.Sus-TPK/2022/PN Smg", revocation_decision_date="2022-10-10",
            revoked_until="2027-10-09"))
        assert response.status_code == 302
        inmate = Inmate.objects.get()
        assert (inmate.tni_polri_status, inmate.tni_polri_since) == ("purnawirawan", date(2020, 3, 1))
        assert (inmate.revoked_right, inmate.revoked_from, inmate.revoked_until) == ("dipilih", None, date(2027, 10, 9))
        page = world.client("kpu.blora").get(f"/wbp/{inmate.pk}/")
        html = page.content.decode()
        assert "Purnawirawan/pensiunan TNI/Polri sejak 1 Maret 2020" in " ".join(html.split())
        revocation = " ".join(html.split("data-testid=\"revocation\">")[1].split("</dd>")[0].split())
        assert revocation.startswith("Hanya hak dipilih — putusan 5/Pid.Sus-TPK/2022/PN Smg 10 Oktober 2022")
        assert "berlaku sejak tanggal putusan sampai 9 Oktober 2027" in revocation

    def test_a_revocation_may_not_end_before_it_starts(self, world):
        response = world.client("petugas.blora").post(self.url, _form(
            revoked_right="memilih", revocation_decision_number="1/Pid/2023", revoked_from="2024-01-01",
            revoked_until="2023-12-31"))
        assert response.context["form"].errors["revoked_until"] == [
            "Akhir pencabutan hak tidak boleh sebelum awalnya (1 Januari 2024)."]
        assert not Inmate.objects.exists()

    def test_dates_without_a_status_are_dropped(self, world):
        world.client("petugas.blora").post(self.url, _form(tni_polri_status="bukan", tni_polri_since="2020-03-01",
                                                           revoked_from="2023-01-01"))
        inmate = Inmate.objects.get()
        assert (inmate.tni_polri_status, inmate.tni_polri_since, inmate.revoked_right, inmate.revoked_from) == (
            "bukan", None, "", None)

    def test_expected_release_before_admission(self, world):
        response = world.client("petugas.blora").post(self.url, _form(expected_release="2023-04-30"))
        assert response.context["form"].errors["expected_release"] == [
            "Tanggal ekspirasi tidak boleh sebelum tanggal masuk (1 Mei 2023)."]
        assert not Inmate.objects.exists()


def test_editing_keeps_history_of_who_changed_what(world, wbp):
    client = world.client("petugas.blora")
    form = client.get(f"/wbp/{wbp.pk}/ubah/").context["form"]
    data = {name: field.value() for name, field in ((n, form[n]) for n in form.fields)}
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not None and v is not False}
    data["mother_name"] = "Painem"
    data["birth_date"] = wbp.birth_date.isoformat()
    response = client.post(f"/wbp/{wbp.pk}/ubah/", data)
    assert response.status_code == 302, response.context["form"].errors
    wbp.refresh_from_db()
    assert wbp.mother_name == "Painem"
    page = client.get(f"/wbp/{wbp.pk}/").content.decode()
    assert "nama ibu kandung: Sumiati → Painem" in page
    assert "petugas.blora" in page


def test_a_release_with_a_future_date_is_refused_with_a_message(world, wbp):
    response = world.client("petugas.blora").post(f"/wbp/{wbp.pk}/peristiwa/bebas/", {
        "bebas-date": (TODAY + timedelta(days=3)).isoformat()})
    assert response.status_code == 200
    assert response.context["form"].errors["date"] == ["Tanggal tidak boleh setelah hari ini."]
    wbp.refresh_from_db()
    assert wbp.custody_state == CustodyState.HELD


def test_transfer_then_the_receiving_facility_confirms(world, wbp):
    blora, pati = world.client("petugas.blora"), world.client("petugas.pati")
    response = blora.post(f"/wbp/{wbp.pk}/peristiwa/pindah_keluar/", {
        "pindah_keluar-date": "2024-01-10", "pindah_keluar-destination": world.pati.pk})
    assert response.status_code == 302
    incoming = Inmate.objects.get(facility=world.pati)
    listing = pati.get("/fasilitas/rutan-pati/kedatangan/")
    assert list(listing.context["incoming"]) == [incoming]
    assert "Rutan Kelas IIB Blora" in listing.content.decode()
    # The sender sees the outcome but cannot open the new stay.
    assert blora.get(f"/wbp/{incoming.pk}/").status_code == 404
    response = pati.post(f"/wbp/{incoming.pk}/terima/", {"register_number": "AI.9/2024", "arrived_on": "2024-01-11"})
    assert response.status_code == 302
    incoming.refresh_from_db()
    assert incoming.custody_state == CustodyState.HELD
    detail = pati.get(f"/wbp/{incoming.pk}/").content.decode()
    assert "Dipindahkan keluar" in detail and "Masuk" in detail  # history travels along
    assert "Pindahan dari Rutan Kelas IIB Blora" in detail


def test_the_sender_cannot_confirm_an_arrival(world, wbp):
    from inmates import services

    incoming = services.transfer_record(inmate=wbp, day=date(2024, 1, 10), destination=world.pati, user=None)
    response = world.client("petugas.blora").post(f"/wbp/{incoming.pk}/terima/", {"register_number": "X", "arrived_on": "2024-01-11"})
    assert response.status_code == 404


def test_nik_actions_from_the_detail_page(world):
    person = make_inmate(world.blora, nik=None, nik_status=NikStatus.NONE)
    client = world.client("petugas.blora")
    assert client.post(f"/wbp/{person.pk}/nik/submit/", {"batch": "B-7", "submitted_on": "2023-09-01"}).status_code == 302
    person.refresh_from_db()
    assert person.nik_status == NikStatus.SUBMITTED
    response = client.post(f"/wbp/{person.pk}/nik/obtained/", {"nik": "1234"})
    assert response.context["form"].errors["nik"] == ["NIK harus 16 digit; yang diisi 4 digit."]
    nik = make_nik(birth=person.birth_date, sex=person.sex, serial=555)
    assert client.post(f"/wbp/{person.pk}/nik/obtained/", {"nik": nik, "verified": "on"}).status_code == 302
    person.refresh_from_db()
    assert (person.nik, person.nik_status) == (nik, NikStatus.VERIFIED)
    assert world.client("kpu.blora").post(f"/wbp/{person.pk}/nik/verify/").status_code == 403


def test_needs_action_lists_each_problem(world):
    make_inmate(world.blora, full_name="Tanpa NIK", nik=None, nik_status=NikStatus.NONE)
    make_inmate(world.blora, full_name="Belum Verifikasi", nik_status=NikStatus.UNVERIFIED)
    make_inmate(world.blora, full_name="Tanpa Ekspirasi", expected_release=None)
    make_inmate(world.blora, full_name="Lewat Ekspirasi", expected_release=TODAY - timedelta(days=2))
    twin = make_inmate(world.blora, full_name="Kembar Nama", birth_date=date(1970, 1, 1))
    make_inmate(world.pati, full_name="KEMBAR NAMA", birth_date=twin.birth_date, nik=None, nik_status=NikStatus.NONE)
    make_inmate(world.blora, full_name="Baik Baik")
    response = world.client("petugas.blora").get("/fasilitas/rutan-blora/perlu-tindakan/")
    groups = {key: [(i.full_name, action) for i, action in items] for key, _title, _count, items in response.context["groups"]}
    overdue = date_format(TODAY - timedelta(days=2), "j F Y")
    assert groups == {
        "no_nik": [("Tanpa NIK", "Belum memiliki NIK: ajukan perekaman KTP-el ke Dukcapil (daftar Belum ber-NIK)")],
        "nik_problems": [("Belum Verifikasi", "NIK belum diverifikasi: cocokkan dengan KTP-el, KK atau data Dukcapil, "
                                              "lalu tandai terverifikasi")],
        "duplicates": [("Kembar Nama", "Nama dan tanggal lahir sama dengan WBP aktif di Lapas/Rutan lain: pastikan "
                                       "bukan orang yang sama")],
        "release_missing": [("Tanpa Ekspirasi", "Tanggal ekspirasi belum diisi: isi dari register agar daftar pemilih "
                                                "tahu sampai kapan ia ditahan")],
        "overdue_release": [("Lewat Ekspirasi", f"Tanggal ekspirasi {overdue} sudah lewat: catat bebas, atau perbarui "
                                                "tanggal ekspirasi")],
    }
    assert "Belum memiliki NIK: ajukan perekaman KTP-el ke Dukcapil" in response.content.decode()
    assert response.context["total"] == 5
    assert world.client("petugas.blora").get("/").context["needs_action"] == 5  # the home page's count agrees


def test_needs_action_shows_the_first_of_a_large_group_and_pages_through_it(world, monkeypatch):
    from inmates import selectors

    monkeypatch.setattr(selectors, "NEEDS_ACTION_SHOWN", 3)  # 100 on a real page
    for n in range(5):
        make_inmate(world.blora, full_name=f"Tanpa NIK {n}", register_number=f"BI.{n:03d}/2026", nik=None,
                    nik_status=NikStatus.NONE)
    make_inmate(world.blora, full_name="Tanpa Ekspirasi", expected_release=None)
    client = world.client("petugas.blora")
    response = client.get("/fasilitas/rutan-blora/perlu-tindakan/")
    lines = {key: (count, [i.full_name for i, _action in items]) for key, _title, count, items in response.context["groups"]}
    assert lines["no_nik"] == (5, ["Tanpa NIK 0", "Tanpa NIK 1", "Tanpa NIK 2"])
    assert lines["release_missing"] == (1, ["Tanpa Ekspirasi"])
    assert response.context["total"] == 6
    page = response.content.decode()
    assert 'Ditampilkan 3 dari 5.\n    <a href="?kelompok=no_nik">Lihat semua (5)</a>' in page
    assert 'data-testid="more-release_missing"' not in page

    second = client.get("/fasilitas/rutan-blora/perlu-tindakan/?kelompok=no_nik&halaman=2")
    assert [(key, count, [i.full_name for i, _a in items]) for key, _t, count, items in second.context["groups"]] == [
        ("no_nik", 5, ["Tanpa NIK 3", "Tanpa NIK 4"])]
    assert "Halaman 2 dari 2" in second.content.decode()
    # an unknown group shows every group; other facilities' staff and outsiders see nothing
    assert len(client.get("/fasilitas/rutan-blora/perlu-tindakan/?kelompok=%00x").context["groups"]) == 5
    assert world.client("petugas.pati").get("/fasilitas/rutan-blora/perlu-tindakan/?kelompok=no_nik").status_code == 404
    assert world.client("outsider").get("/fasilitas/rutan-blora/perlu-tindakan/?kelompok=no_nik").status_code == 404


def test_needs_action_says_which_nik_part_does_not_match_and_where_a_request_stands(world):
    from inmates import advice

    wrong_date = make_inmate(world.blora, full_name="Salah Tanggal", nik=make_nik(birth=date(1985, 1, 1)),
                             nik_mismatch_confirmed=True, nik_status=NikStatus.UNVERIFIED)
    wrong_sex = make_inmate(world.blora, full_name="Salah Kelamin", sex="P", nik_mismatch_confirmed=True,
                            nik=make_nik(birth=date(1990, 5, 17), sex="L"))
    asked = make_inmate(world.blora, full_name="Diajukan", nik=None, nik_status=NikStatus.SUBMITTED,
                        perekaman_submitted_on=date(2026, 12, 2))
    missing = make_inmate(world.blora, full_name="Tak Ada", nik=None, nik_status=NikStatus.NOT_FOUND)
    assert advice.line("nik_problems", wrong_date) == (
        "NIK tidak cocok dengan tanggal lahir dan belum diverifikasi: periksa KTP-el atau KK, lalu tandai terverifikasi")
    assert advice.line("nik_problems", wrong_sex) == (
        "NIK tidak cocok dengan jenis kelamin: periksa KTP-el atau KK, perbaiki data bila salah")
    assert advice.line("no_nik", asked) == (
        "Diajukan perekaman KTP-el 2 Desember 2026: tunggu jawaban Dukcapil, lalu isi NIK-nya")
    assert advice.line("no_nik", missing) == (
        "Tidak ditemukan Dukcapil: periksa nama, tanggal lahir dan alamat bersama Dukcapil, ajukan lagi")


def test_verifying_several_niks_at_once(world):
    first = make_inmate(world.blora, nik_status=NikStatus.UNVERIFIED)
    second = make_inmate(world.blora, nik_status=NikStatus.UNVERIFIED)
    elsewhere = make_inmate(world.pati, nik_status=NikStatus.UNVERIFIED)
    response = world.client("petugas.blora").post("/fasilitas/rutan-blora/verifikasi-nik/",
                                                  {"inmate": [first.pk, second.pk, elsewhere.pk, "x"],
                                                   "_konfirmasi": "1"}, follow=True)
    assert "2 NIK ditandai terverifikasi." in response.content.decode()
    statuses = dict(Inmate.objects.values_list("pk", "nik_status"))
    assert statuses == {first.pk: NikStatus.VERIFIED, second.pk: NikStatus.VERIFIED, elsewhere.pk: NikStatus.UNVERIFIED}
    assert world.client("kpu.blora").post("/fasilitas/rutan-blora/verifikasi-nik/", {"inmate": [first.pk]}).status_code == 403


def test_who_is_still_held_on_a_day_and_who_left_since(world):
    stays = make_inmate(world.blora, full_name="Tetap", admitted_on=date(2023, 1, 1), expected_release=date(2025, 1, 1))
    make_inmate(world.blora, full_name="Bebas Dulu", admitted_on=date(2023, 1, 1), expected_release=date(2024, 2, 13))
    make_inmate(world.blora, full_name="Baru Masuk", admitted_on=date(2024, 3, 1), expected_release=in_years(2))
    gone = make_inmate(world.blora, full_name="Sudah Bebas", admitted_on=date(2023, 1, 1))
    from inmates import services

    services.release_record(inmate=gone, day=date(2023, 12, 5), user=None)
    moved = make_inmate(world.blora, full_name="Dipindah", admitted_on=date(2023, 1, 1))
    services.transfer_record(inmate=moved, day=date(2023, 11, 20), destination=world.pati, user=None)
    client = world.client("kpu.blora")

    def names(**params):
        return sorted(i.full_name for i in client.get("/fasilitas/rutan-blora/wbp/", params).context["page"])

    assert names(held_on="2024-02-14") == ["Tetap"]
    assert names(left_since="2023-12-01") == ["Sudah Bebas"]
    assert names(left_since="2023-11-01") == ["Dipindah", "Sudah Bebas"]
    assert stays.full_name in names()
