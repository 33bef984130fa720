"""A closed election (status selesai) is the archive: every page and download still works for whoever
could read it and says it is an archive; nothing on it changes any more, and a change asked of it
gets a message instead of an error."""

from datetime import date

import pytest

from registration import services
from registration.models import Election, ListReview, ListVersion, Registration, Tps
from tests.factories import make_inmate
from tests.xlsx_files import workbook

ELECTION = "/pemilu/pemilu-2024"
BLORA = ELECTION + "/rutan-blora"
NOTE = "Arsip: Pemilu 2024 sudah selesai. Daftar pemilih tidak dihitung ulang dan tidak dapat diubah lagi; halaman dan " \
       "unduhan tetap tersedia."
REFUSED = "Pemilu 2024 sudah selesai dan menjadi arsip: daftar pemilih, TPS dan versinya tidak dapat diubah lagi. " \
          "Halaman dan unduhannya tetap tersedia."
READERS = ["admin", "petugas.blora", "kpu.blora", "kpu.jateng"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def archive(pemilu, world):
    people = [make_inmate(world.blora, full_name=name, admitted_on=date(2023, 1, 1)) for name in ("Agus", "Budi")]
    services.allocate(election=pemilu, facility=world.blora, create_missing=True)
    services.list_lock(election=pemilu, facility=world.blora, kind=ListVersion.Kind.DPT, label="DPT", user=None)
    services.list_submit(election=pemilu, facility=world.blora, user=None)
    Election.objects.filter(pk=pemilu.pk).update(status=Election.Status.CLOSED)
    pemilu.refresh_from_db()
    return pemilu, Registration.objects.get(election=pemilu, inmate=people[0])


def pages(registration) -> list[str]:
    return [ELECTION + "/", BLORA + "/", BLORA + "/tps/", BLORA + "/versi/", BLORA + "/versi/1/",
            BLORA + "/perubahan/?dari=1&ke=sekarang", f"{ELECTION}/pemilih/{registration.pk}/"]


DOWNLOADS = [BLORA + "/unduh/", BLORA + "/unduh/?samaran=1", BLORA + "/rekap/", BLORA + "/tps/1/unduh/",
             BLORA + "/versi/1/unduh/", BLORA + "/perubahan/?dari=1&ke=sekarang&format=xlsx"]
# The area's workbooks: sent at once for an area of one facility (an area of several may be offered
# as a background job instead, where that exists).
AREA_DOWNLOADS = [ELECTION + "/unduh-dpt/", ELECTION + "/unduh-rekap/"]


@pytest.mark.parametrize("username", READERS)
def test_every_page_of_a_closed_election_works_and_says_it_is_an_archive(archive, world, username):
    _election, registration = archive
    client = world.client(username)
    for path in pages(registration):
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert NOTE in html, path
        main = html.split("<main", 1)[1].split("</main>", 1)[0]
        assert 'method="post"' not in main, path  # no button or form that would change it
    listing = client.get("/pemilu/").content.decode()
    assert "Selesai (arsip)" in listing


@pytest.mark.parametrize("username", READERS)
def test_every_download_of_a_closed_election_works(archive, world, username):
    client = world.client(username)
    one_facility = username in ("petugas.blora", "kpu.blora")
    for path in DOWNLOADS + AREA_DOWNLOADS:
        response = client.get(path)
        assert response.status_code == 200, path
        if path in DOWNLOADS or one_facility:
            assert response["Content-Type"] == XLSX, path
            assert workbook(response).sheetnames, path


@pytest.mark.parametrize("username", ["petugas.pati", "outsider"])
def test_a_closed_election_stays_hidden_from_the_others(archive, world, username):
    _election, registration = archive
    client = world.client(username)
    for path in [BLORA + "/", BLORA + "/versi/1/", BLORA + "/unduh/", f"{ELECTION}/pemilih/{registration.pk}/"]:
        assert client.get(path).status_code == 404, path
    assert client.post(BLORA + "/hitung-ulang/").status_code == 404


CHANGES = [
    ("/hitung-ulang/", {}),
    ("/tps/", {"number": "", "capacity": "", "capacity_reason": ""}),
    ("/tps/alokasi/", {"create": "1"}),
    ("/tps/1/", {"capacity": "250", "capacity_reason": "aula"}),
    ("/tps/1/", {"delete": "1"}),
    ("/versi/", {"kind": "dpt", "label": "DPT lagi", "note": ""}),
    ("/ajukan/", {"note": "lagi"}),
    ("/kembalikan/", {"note": "perbaiki"}),
]


def state(election):
    return (list(Tps.objects.filter(election=election).values_list("number", "capacity", "allocated")),
            ListVersion.objects.filter(election=election).count(), ListReview.objects.filter(election=election).count(),
            list(Registration.objects.filter(election=election).order_by("pk").values_list(
                "status", "tps_id", "marked_dpk", "pindah_form_number")))


@pytest.mark.parametrize("username", ["admin", "kpu.blora", "petugas.blora"])
@pytest.mark.parametrize("path,data", CHANGES)
def test_a_change_asked_of_a_closed_election_is_refused_with_a_message(archive, world, username, path, data):
    election, _registration = archive
    before = state(election)
    response = world.client(username).post(BLORA + path, data, follow=True)
    assert response.redirect_chain == [(BLORA + "/", 302)]
    assert REFUSED in response.content.decode()
    assert state(election) == before


def test_a_voter_of_a_closed_election_is_read_only(archive, world):
    election, registration = archive
    client = world.client("kpu.blora")
    page = client.get(f"{ELECTION}/pemilih/{registration.pk}/")
    assert page.context["access"].change_list is False
    before = state(election)
    response = client.post(f"{ELECTION}/pemilih/{registration.pk}/", {"marked_dpk": "on", "pindah_form_number": "A-1"},
                           follow=True)
    assert response.redirect_chain == [(BLORA + "/", 302)]
    assert REFUSED in response.content.decode()
    assert state(election) == before


def test_a_registry_change_leaves_a_closed_election_as_it_was(archive, world):
    election, _registration = archive
    before = state(election)
    make_inmate(world.blora, full_name="Baru", admitted_on=date(2023, 1, 1))
    assert state(election) == before
