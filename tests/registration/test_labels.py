"""Issue 16: labels, never codes; numbers and dates in Indonesian."""

from datetime import date

import pytest

from inmates import services as inmate_services
from registration import services
from registration.models import Registration
from tests.factories import make_inmate

BLORA = "/pemilu/pemilu-2024/rutan-blora"


@pytest.fixture
def voter(pemilu, world):
    person = make_inmate(world.blora, full_name="Wahyu", admitted_on=date(2023, 1, 1))
    services.allocate(election=pemilu, facility=world.blora, create_missing=True)
    services.list_lock(election=pemilu, facility=world.blora, kind="dpt", label="DPT", user=None)
    return Registration.objects.get(inmate=person)


@pytest.mark.parametrize("path", ["/", "/versi/1/"])
def test_ballots_are_named_as_on_the_voter_list(voter, world, path):
    html = world.client("kpu.blora").get(BLORA + path).content.decode()
    assert "PPWP, DPR, DPD, DPRD PROV, DPRD KAB/KOTA" in html
    assert "DPRD_PROV" not in html and "DPRD_KAB" not in html


def test_the_voter_page_names_ballots_too(voter, world):
    html = world.client("petugas.blora").get(f"/pemilu/pemilu-2024/pemilih/{voter.pk}/").content.decode()
    assert "PPWP, DPR, DPD, DPRD PROV, DPRD KAB/KOTA" in html and "DPRD_PROV" not in html


def test_history_speaks_in_words_and_indonesian_dates(world):
    person = make_inmate(world.blora, full_name="Joko", admitted_on=date(2023, 1, 1), expected_release=date(2027, 5, 1))
    inmate_services.expected_release_change(inmate=person, new_date=date(2027, 6, 2), note="", user=None)
    inmate_services.transfer_record(inmate=person, day=date(2024, 1, 3), destination=world.pati, user=None)
    html = " ".join(world.client("petugas.blora").get(f"/wbp/{person.pk}/").content.decode().split())
    assert "status penahanan: ditahan/dibina → dipindahkan" in html
    assert "tanggal ekspirasi: 1 Mei 2027 → 2 Juni 2027" in html
    assert "<strong>3 Januari 2024</strong> — Dipindahkan keluar ke Rutan Kelas IIB Pati" in html
    assert "tanggal keluar: — → 3 Januari 2024" in html
    assert "dipindah →" not in html and "ditahan →" not in html
