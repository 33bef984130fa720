"""Issue 16: cancelling a transfer, marking a NIK as not found and verifying NIK in bulk ask first,
saying what will happen (bulk: how many and the first names); nothing changes until confirmed."""

from datetime import date

import pytest

from inmates import services
from inmates.models import CustodyState, Inmate, NikStatus
from tests.factories import make_inmate

# The confirmation page is shown to those who may act; the others get what the action gives them.
ASK = {"admin": 200, "petugas.blora": 200, "petugas.pati": 404, "kpu.blora": 403, "kpu.jateng": 403, "outsider": 404}
VERIFY = "/fasilitas/rutan-blora/verifikasi-nik/"


@pytest.mark.parametrize("username,status", ASK.items())
def test_cancelling_a_transfer_asks_first(world, username, status):
    person = make_inmate(world.blora, full_name="Joko Susilo", admitted_on=date(2023, 1, 1))
    services.transfer_record(inmate=person, day=date(2024, 1, 3), destination=world.pati, user=None)
    response = world.client(username).post(f"/wbp/{person.pk}/batal-pindah/")
    assert response.status_code == status
    person.refresh_from_db()
    assert person.custody_state == CustodyState.TRANSFERRED
    assert Inmate.objects.filter(previous_stay=person).exists()
    if status == 200:
        confirmation = response.context["confirmation"]
        assert confirmation.title == "Batalkan pemindahan Joko Susilo?"
        assert confirmation.action == ("Pemindahan Joko Susilo ke Rutan Kelas IIB Pati dibatalkan. Tindakan ini tidak "
                                       "dapat diurungkan; bila ia tetap dipindahkan, catat pemindahan baru.")
        assert confirmation.facts[1] == ("Catatan kedatangan di Rutan Kelas IIB Pati dihapus; Rutan Kelas IIB Pati "
                                         "tidak dapat menerimanya lagi.")
        page = response.content.decode()
        assert "Ya, batalkan pemindahan" in page and f'href="/wbp/{person.pk}/"' in page


@pytest.mark.parametrize("username,status", ASK.items())
def test_marking_a_nik_not_found_asks_first(world, username, status):
    person = make_inmate(world.blora, full_name="Tanpa Data", nik=None, nik_status=NikStatus.SUBMITTED)
    client = world.client(username)
    response = client.post(f"/wbp/{person.pk}/nik/not-found/")
    assert response.status_code == status
    person.refresh_from_db()
    assert person.nik_status == NikStatus.SUBMITTED
    if status == 200:
        assert response.context["confirmation"].title == "Tandai Tanpa Data tidak ditemukan Dukcapil?"
        confirmed = client.post(f"/wbp/{person.pk}/nik/not-found/", {"_konfirmasi": "1"}, follow=True)
        assert "Tanpa Data ditandai tidak ditemukan oleh Dukcapil." in confirmed.content.decode()
        person.refresh_from_db()
        assert person.nik_status == NikStatus.NOT_FOUND


@pytest.mark.parametrize("username,status", ASK.items())
def test_bulk_verification_shows_the_count_and_first_names(world, username, status):
    chosen = [make_inmate(world.blora, full_name=f"Warga {i:02d}", nik_status=NikStatus.UNVERIFIED) for i in range(12)]
    already = make_inmate(world.blora, full_name="Sudah", nik_status=NikStatus.VERIFIED)
    elsewhere = make_inmate(world.pati, full_name="Orang Pati", nik_status=NikStatus.UNVERIFIED)
    ids = [p.pk for p in chosen] + [already.pk, elsewhere.pk, "x"]
    response = world.client(username).post(VERIFY, {"inmate": ids})
    assert response.status_code == status
    assert Inmate.objects.filter(nik_status=NikStatus.UNVERIFIED).count() == 13
    if status == 200:
        confirmation = response.context["confirmation"]
        assert confirmation.title == "Tandai 12 NIK terverifikasi?"
        assert confirmation.action == ("NIK 12 WBP di Rutan Kelas IIB Blora ditandai terverifikasi; mereka masuk "
                                       "daftar pemilih bila memenuhi syarat.")
        assert response.context["names"] == [f"Warga {i:02d}" for i in range(10)]
        page = response.content.decode()
        assert "dan 2 orang lainnya." in page
        assert page.count('<input type="hidden" name="inmate"') == 15  # all chosen ids travel on


def test_bulk_verification_changes_nothing_until_confirmed(world):
    first = make_inmate(world.blora, full_name="Satu", nik_status=NikStatus.UNVERIFIED)
    staff = world.client("petugas.blora")
    asked = staff.post(VERIFY, {"inmate": [first.pk]})
    assert asked.context["confirmation"].title == "Tandai 1 NIK terverifikasi?"
    first.refresh_from_db()
    assert first.nik_status == NikStatus.UNVERIFIED
    done = staff.post(VERIFY, {"inmate": [first.pk], "_konfirmasi": "1"}, follow=True)
    assert "1 NIK ditandai terverifikasi." in done.content.decode()
    first.refresh_from_db()
    assert first.nik_status == NikStatus.VERIFIED


def test_bulk_verification_of_nothing_verifiable_says_so_without_asking(world):
    already = make_inmate(world.blora, nik_status=NikStatus.VERIFIED)
    response = world.client("petugas.blora").post(VERIFY, {"inmate": [already.pk]}, follow=True)
    assert "Pilih dulu WBP yang NIK-nya sudah dicocokkan." in response.content.decode()
    assert "confirmation" not in response.context
