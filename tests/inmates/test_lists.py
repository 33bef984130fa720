"""The lists facilities send on: WBP without NIK (Dispendukcapil) and WBP leaving before voting day (KPU)."""

import io
from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format
from openpyxl import load_workbook

from audit.models import ExportLog
from inmates import custody, services
from inmates.models import Inmate, NikStatus
from tests.factories import make_inmate

TODAY = timezone.localdate()
READERS = {"admin": 200, "petugas.blora": 200, "petugas.pati": 404, "kpu.blora": 200, "kpu.jateng": 200, "outsider": 404}
WRITERS = {"admin": 302, "petugas.blora": 302, "petugas.pati": 404, "kpu.blora": 403, "kpu.jateng": 403, "outsider": 404}
NO_NIK = "/fasilitas/rutan-blora/belum-nik/"
LEAVING = "/fasilitas/rutan-blora/bebas-sebelum/"


def no_nik(facility, name, status=NikStatus.NONE, **extra):
    inmate = make_inmate(facility, full_name=name, nik=None, nik_status=NikStatus.NONE, **extra)
    if status != NikStatus.NONE:
        Inmate.objects.filter(pk=inmate.pk).update(nik_status=status, perekaman_batch="B-1" if status == "diajukan" else "")
    return inmate


@pytest.fixture
def people(world):
    made = {
        "ani": no_nik(world.blora, "Ani Lestari", sex="P", mother_name="Painem", birth_place="Cepu",
                      birth_date=date(1995, 3, 2), address="Dusun Krajan", rt="003", rw="001"),
        "budi": no_nik(world.blora, "Budi Tidak Ditemukan", status=NikStatus.NOT_FOUND),
        "citra": no_nik(world.blora, "Citra Sudah Diajukan", status=NikStatus.SUBMITTED),
        "dodi": no_nik(world.blora, "Dodi Alamat Kecamatan", home_region_id="33.16.09"),
        "eko": make_inmate(world.blora, full_name="Eko Punya NIK"),
        "fajar": no_nik(world.pati, "Fajar Di Pati"),
    }
    gone = no_nik(world.blora, "Gilang Sudah Bebas")
    services.release_record(inmate=gone, day=TODAY, user=None)
    return made


def names(response) -> list[str]:
    return [inmate.full_name for inmate, _names in response.context["rows"]]


def sheet_rows(response) -> list[list]:
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [[cell.value for cell in row] for row in workbook.active.iter_rows()]


class TestWithoutNik:
    @pytest.mark.parametrize("username,status", READERS.items())
    def test_page_and_download_per_persona(self, world, people, username, status):
        client = world.client(username)
        assert client.get(NO_NIK).status_code == status
        assert client.get(f"{NO_NIK}unduh/").status_code == status

    def test_who_is_listed(self, world, people):
        client = world.client("kpu.blora")
        assert names(client.get(NO_NIK)) == ["Ani Lestari", "Budi Tidak Ditemukan", "Dodi Alamat Kecamatan"]
        assert names(client.get(NO_NIK, {"status": "diajukan"})) == ["Citra Sudah Diajukan"]
        assert names(client.get(NO_NIK, {"status": "semua"})) == [
            "Ani Lestari", "Budi Tidak Ditemukan", "Citra Sudah Diajukan", "Dodi Alamat Kecamatan"]
        page = client.get(NO_NIK).content.decode()
        assert "Kauman" in page and "Kabupaten Blora" in page and "Jawa Tengah" in page
        assert "Tandai sudah diajukan perekaman" not in page  # KPU reads only

    def test_the_workbook_for_dispendukcapil(self, world, people):
        response = world.client("petugas.blora").get(f"{NO_NIK}unduh/")
        assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        assert f'filename="wbp-belum-nik-rutan-blora-{TODAY:%Y%m%d}.xlsx"' in response["Content-Disposition"]
        rows = sheet_rows(response)
        assert rows[0][0] == "Daftar WBP belum memiliki NIK"
        assert rows[1][0] == f"Rutan Kelas IIB Blora · dibuat {TODAY:%d-%m-%Y}"
        assert rows[3] == ["No", "Nama lengkap", "Nama ibu kandung", "Tempat lahir", "Tanggal lahir", "Jenis kelamin (L/P)",
                           "Alamat", "RT", "RW", "Desa/Kelurahan", "Kecamatan", "Kabupaten/Kota", "Provinsi",
                           "Nomor register", "Status NIK", "Batch perekaman"]
        ani = people["ani"]
        assert rows[4] == [1, "Ani Lestari", "Painem", "Cepu", datetime(1995, 3, 2), "P", "Dusun Krajan", "003", "001",
                           "Kauman", "Blora", "Kabupaten Blora", "Jawa Tengah", ani.register_number,
                           "Belum memiliki NIK", None]
        assert [row[1] for row in rows[4:]] == ["Ani Lestari", "Budi Tidak Ditemukan", "Dodi Alamat Kecamatan"]
        assert rows[6][9:13] == [None, "Blora", "Kabupaten Blora", "Jawa Tengah"]  # home known to the kecamatan only
        workbook = load_workbook(io.BytesIO(b"".join(world.client("admin").get(f"{NO_NIK}unduh/").streaming_content)))
        assert workbook.active["E5"].number_format == "DD-MM-YYYY"
        # Personal data leaving the system is logged (UU 27/2022), as registration's exports are.
        name = f"wbp-belum-nik-rutan-blora-{TODAY:%Y%m%d}.xlsx"
        assert list(ExportLog.objects.order_by("pk").values_list("user__username", "facility", "what", "rows")) == [
            ("petugas.blora", world.blora.pk, name, 3), ("admin", world.blora.pk, name, 3)]

    @pytest.mark.parametrize("username,status", WRITERS.items())
    def test_marking_a_batch_as_sent_per_persona(self, world, people, username, status, changes):
        chosen = [people["ani"].pk, people["budi"].pk, people["eko"].pk, people["fajar"].pk, "x"]
        client = world.client(username)
        response = client.post(f"{NO_NIK}ajukan/", {
            "inmate": chosen, "batch": "DUKCAPIL-2023-12", "submitted_on": "2023-12-04"})
        assert response.status_code == status
        statuses = dict(Inmate.objects.filter(pk__in=chosen[:4]).values_list("full_name", "nik_status"))
        if status == 302:
            assert statuses == {"Ani Lestari": "diajukan", "Budi Tidak Ditemukan": "diajukan",
                                "Eko Punya NIK": "terverifikasi", "Fajar Di Pati": "tanpa_nik"}
            ani = Inmate.objects.get(pk=people["ani"].pk)
            assert (ani.perekaman_batch, ani.perekaman_submitted_on) == ("DUKCAPIL-2023-12", date(2023, 12, 4))
            assert ani.history.first().history_user == world.users[username]
            page = client.get(response["Location"]).content.decode()
            assert "2 WBP ditandai sudah diajukan perekaman (batch DUKCAPIL-2023-12)." in page
            assert changes == [{world.blora.pk}]
        else:
            assert statuses == {"Ani Lestari": "tanpa_nik", "Budi Tidak Ditemukan": "tidak_ditemukan",
                                "Eko Punya NIK": "terverifikasi", "Fajar Di Pati": "tanpa_nik"}
            assert changes == []

    def test_only_people_held_without_nik_can_be_marked(self, world, people):
        gone = Inmate.objects.get(full_name="Gilang Sudah Bebas")
        page = world.client("petugas.blora").post(f"{NO_NIK}ajukan/", {
            "inmate": [gone.pk, people["eko"].pk], "batch": "B", "submitted_on": "2023-12-04"}, follow=True)
        assert "Pilih dulu WBP yang datanya dikirim ke Dispendukcapil." in page.content.decode()
        gone.refresh_from_db()
        assert gone.nik_status == NikStatus.NONE

    def test_marking_needs_a_batch_and_a_choice(self, world, people):
        client = world.client("petugas.blora")
        page = client.post(f"{NO_NIK}ajukan/", {"inmate": [people["ani"].pk]}, follow=True).content.decode()
        assert "Isi nama batch dan tanggal diajukan." in page
        page = client.post(f"{NO_NIK}ajukan/", {"batch": "B", "submitted_on": "2023-12-04"}, follow=True).content.decode()
        assert "Pilih dulu WBP yang datanya dikirim ke Dispendukcapil." in page
        assert Inmate.objects.filter(nik_status=NikStatus.SUBMITTED).count() == 1

    def test_the_page_costs_the_same_queries_for_few_and_many(self, world, people):
        client = world.client("petugas.blora")

        def count():
            with CaptureQueriesContext(connection) as context:
                assert client.get(NO_NIK).status_code == 200
            return len(context.captured_queries)

        few = count()
        for index in range(15):
            no_nik(world.blora, f"Tambahan {index}")
        assert count() == few


@pytest.fixture
def leaving(world):
    voting_day = TODAY + timedelta(days=30)
    made = {
        "soon": make_inmate(world.blora, full_name="Segera Bebas", expected_release=TODAY + timedelta(days=10)),
        "eve": make_inmate(world.blora, full_name="Bebas Sehari Sebelum", expected_release=voting_day - timedelta(days=1)),
        "on_day": make_inmate(world.blora, full_name="Bebas Pada Hari H", expected_release=voting_day),
        "later": make_inmate(world.blora, full_name="Masih Lama", expected_release=TODAY + timedelta(days=400)),
        "unknown": make_inmate(world.blora, full_name="Tanpa Ekspirasi", expected_release=None),
        "pati": make_inmate(world.pati, full_name="Orang Pati", expected_release=TODAY + timedelta(days=5)),
    }
    gone = make_inmate(world.blora, full_name="Sudah Keluar", expected_release=TODAY + timedelta(days=3))
    services.release_record(inmate=gone, day=TODAY, user=None)
    return voting_day, made


class TestLeavingBeforeVotingDay:
    @pytest.mark.parametrize("username,status", READERS.items())
    def test_page_and_download_per_persona(self, world, leaving, username, status):
        voting_day, _made = leaving
        client = world.client(username)
        assert client.get(LEAVING, {"day": voting_day.isoformat()}).status_code == status
        assert client.get(f"{LEAVING}unduh/", {"day": voting_day.isoformat()}).status_code == status

    def test_who_leaves_before_the_day(self, world, leaving):
        voting_day, made = leaving
        response = world.client("kpu.blora").get(LEAVING, {"day": voting_day.isoformat()})
        assert names(response) == ["Segera Bebas", "Bebas Sehari Sebelum"]
        # The same answer as the custody rules give for each person held here.
        for inmate in Inmate.objects.filter(facility=world.blora, custody_state="ditahan"):
            summary = custody.Summary(inmate.custody_state, inmate.admitted_on, inmate.expected_release, inmate.left_on)
            assert custody.leaves_before(summary, voting_day) == (inmate.full_name in names(response))
        page = response.content.decode()
        assert f"WBP bebas sebelum {date_format(voting_day, 'j F Y')}" in page and "Kauman" in page

    def test_without_a_date_the_page_asks_for_one(self, world, leaving):
        client = world.client("petugas.blora")
        response = client.get(LEAVING)
        assert response.status_code == 200 and response.context["rows"] is None
        response = client.get(LEAVING, {"day": "14-02"})
        assert response.context["form"].errors["day"] == ["Masukkan tanggal yang valid."]
        response = client.get(f"{LEAVING}unduh/", follow=True)
        assert "Pilih tanggal pemungutan suara terlebih dahulu." in response.content.decode()

    def test_the_workbook_for_kpu(self, world, leaving):
        voting_day, made = leaving
        response = world.client("kpu.jateng").get(f"{LEAVING}unduh/", {"day": voting_day.isoformat()})
        assert f'filename="wbp-bebas-sebelum-rutan-blora-{voting_day:%Y%m%d}.xlsx"' in response["Content-Disposition"]
        rows = sheet_rows(response)
        assert rows[0][0] == "Daftar WBP bebas sebelum hari pemungutan"
        assert rows[1][0] == (f"Rutan Kelas IIB Blora · ekspirasi sebelum {voting_day:%d-%m-%Y} · "
                              f"dibuat {TODAY:%d-%m-%Y}")
        assert rows[3] == ["No", "Nama lengkap", "NIK", "NKK", "Tanggal lahir", "Jenis kelamin (L/P)", "Nomor register",
                           "Tanggal ekspirasi", "Alamat", "RT", "RW", "Desa/Kelurahan", "Kecamatan", "Kabupaten/Kota",
                           "Provinsi"]
        soon = made["soon"]
        expected = soon.expected_release
        assert rows[4] == [1, "Segera Bebas", soon.nik, soon.nkk, datetime(1990, 5, 17), "L", soon.register_number,
                           datetime(expected.year, expected.month, expected.day), "Jl. Pemuda No. 1", "001", "002",
                           "Kauman", "Blora", "Kabupaten Blora", "Jawa Tengah"]
        assert [row[1] for row in rows[4:]] == ["Segera Bebas", "Bebas Sehari Sebelum"]
        log = ExportLog.objects.get()
        assert (log.user, log.facility, log.what, log.rows) == (
            world.users["kpu.jateng"], world.blora, f"wbp-bebas-sebelum-rutan-blora-{voting_day:%Y%m%d}.xlsx", 2)


def test_a_home_known_to_the_kecamatan_only_on_the_wbp_page(world):
    person = make_inmate(world.blora, home_region_id="33.16.09")
    page = world.client("petugas.blora").get(f"/wbp/{person.pk}/").content.decode()
    assert "Blora, Kabupaten Blora, Jawa Tengah <span" in page
    assert "Alamat baru sampai kecamatan (dari impor Excel); lengkapi desa/kelurahan lewat Ubah data." in page
    form = world.client("petugas.blora").get(f"/wbp/{person.pk}/ubah/").context["form"]
    assert form["home_region"].value() == "33.16.09"
