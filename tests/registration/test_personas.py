"""Every voter-registration page and action, for every persona.

Reading a facility's election pages: its staff, KPU of its kab/kota and province, admin; the others
get 404. Planning TPS, locking and returning lists: KPU of the facility's kab/kota and admin
(others who can read get 403). Submitting the list: the facility's staff and admin.
"""

from datetime import date

import pytest

from registration import selectors, services
from registration.models import ListReview, ListVersion, Registration, Tps
from tests.factories import make_inmate
from tests.xlsx_files import table, workbook

BLORA = "/pemilu/pemilu-2024/rutan-blora"
READ = {"admin": 200, "petugas.blora": 200, "petugas.pati": 404, "kpu.blora": 200, "kpu.jateng": 200, "outsider": 404}
PLAN = {"admin": 302, "petugas.blora": 403, "petugas.pati": 404, "kpu.blora": 302, "kpu.jateng": 403, "outsider": 404}
SUBMIT = {"admin": 302, "petugas.blora": 302, "petugas.pati": 404, "kpu.blora": 403, "kpu.jateng": 403, "outsider": 404}
REFRESH = {"admin": 302, "petugas.blora": 302, "petugas.pati": 404, "kpu.blora": 302, "kpu.jateng": 403, "outsider": 404}


@pytest.fixture
def locked(pemilu, world):
    for name in ("Agus", "Budi"):
        make_inmate(world.blora, full_name=name, admitted_on=date(2023, 1, 1))
    services.allocate(election=pemilu, facility=world.blora, create_missing=True)
    services.list_lock(election=pemilu, facility=world.blora, kind=ListVersion.Kind.DPT, user=None)
    return pemilu


def _xlsx_names(response) -> list[str]:
    return [name for sheet in workbook(response).worksheets for name in table(sheet).column("NAMA")]


@pytest.mark.parametrize("username,status", READ.items())
def test_version_pages_and_downloads_per_persona(locked, world, username, status):
    client = world.client(username)
    page = client.get(BLORA + "/versi/1/")
    assert page.status_code == status
    download = client.get(BLORA + "/versi/1/unduh/")
    assert download.status_code == status
    if status == 200:
        assert [e.full_name for e in page.context["page"]] == ["Agus", "Budi"]
        assert sorted(_xlsx_names(download)) == ["Agus", "Budi"]


@pytest.mark.parametrize("username,status", READ.items())
def test_diff_page_and_download_per_persona(locked, world, username, status):
    client = world.client(username)
    page = client.get(BLORA + "/perubahan/", {"dari": 1, "ke": "sekarang"})
    assert page.status_code == status
    assert client.get(BLORA + "/perubahan/", {"dari": 1, "ke": "sekarang", "format": "xlsx"}).status_code == status
    if status == 200:
        assert page.context["result"].empty


@pytest.mark.parametrize("username,status", PLAN.items())
def test_editing_and_deleting_a_tps_per_persona(locked, world, username, status):
    client = world.client(username)
    page = client.get(BLORA + "/tps/1/")
    assert page.status_code == (200 if status == 302 else status)
    response = client.post(BLORA + "/tps/1/", {"capacity": "250", "capacity_reason": "ruang aula"})
    assert response.status_code == status
    tps = Tps.objects.get(number=1)
    assert (tps.capacity, tps.capacity_reason) == ((250, "ruang aula") if status == 302 else (300, ""))
    blocked = client.post(BLORA + "/tps/1/", {"delete": "1"}, follow=status == 302)
    if status == 302:
        assert "TPS 001 masih berisi 2 pemilih; pindahkan dulu pemilihnya." in blocked.content.decode()
    else:
        assert blocked.status_code == status
    assert Tps.objects.filter(number=1).exists()


@pytest.mark.parametrize("username,status", REFRESH.items())
def test_refresh_per_persona(locked, world, username, status):
    assert world.client(username).post(BLORA + "/hitung-ulang/").status_code == status


@pytest.mark.parametrize("username,status", SUBMIT.items())
def test_submitting_per_persona(locked, world, username, status):
    response = world.client(username).post(BLORA + "/ajukan/", {"note": "siap"})
    assert response.status_code == status
    review = selectors.latest_review(election=locked, facility=world.blora)
    assert review.status == (ListReview.Status.SUBMITTED if status == 302 else ListReview.Status.LOCKED)


@pytest.mark.parametrize("username,status", PLAN.items())
def test_returning_per_persona(locked, world, username, status):
    services.list_submit(election=locked, facility=world.blora, user=world.users["petugas.blora"])
    response = world.client(username).post(BLORA + "/kembalikan/", {"note": "periksa NIK"})
    assert response.status_code == status
    review = selectors.latest_review(election=locked, facility=world.blora)
    assert review.status == (ListReview.Status.RETURNED if status == 302 else ListReview.Status.SUBMITTED)


# Saving a voter: KPU kab/kota may move and mark DPK; staff may record the A-form; others are refused.
VOTER = {"admin": 302, "petugas.blora": 302, "petugas.pati": 404, "kpu.blora": 302, "kpu.jateng": 403, "outsider": 404}


@pytest.mark.parametrize("username,status", VOTER.items())
def test_saving_a_voter_per_persona(locked, world, username, status):
    voter = Registration.objects.filter(election=locked, status="ms").first()
    response = world.client(username).post(f"/pemilu/pemilu-2024/pemilih/{voter.pk}/", {
        "pindah_form_number": "A-9", "pindah_form_date": "2024-02-01", "tps": voter.tps_id})
    assert response.status_code == status
    voter.refresh_from_db()
    assert voter.pindah_form_number == ("A-9" if status == 302 else "")
